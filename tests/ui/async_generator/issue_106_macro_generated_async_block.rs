//! async-stream#106: a `macro_rules!` that expands to `async { yield_!(..) }` used inside a
//! generator body; the attribute cannot see that yield, so it must be rejected, never write
//! into the generator from a future awaited elsewhere.

use asyncgen::{async_generator, yield_};

macro_rules! yield_later {
    ($value:expr) => {
        async { yield_!($value) }
    };
}

#[async_generator(yield = u32)]
async fn smuggle() {
    let later = yield_later!(42);
    yield_!(1);
    later.await;
}

fn main() {
    let _ = smuggle();
}
