//! async-stream#106, the original shape: `yield_!(..)` passed as input to a `macro_rules!` that
//! wraps it in an `async` block, inside a generator body; must be rejected.

use asyncgen::async_generator;

#[allow(unused_macros)] // rejected before it is used
macro_rules! asynk {
    ($e:expr) => {
        async { $e }
    };
}

#[async_generator(yield = usize)]
async fn smuggle() {
    let yield_42 = asynk!(yield_!(42_usize));
    yield_!(1);
    yield_42.await;
}

fn main() {
    let _ = smuggle();
}
