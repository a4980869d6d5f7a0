//! `own!` as a statement, not a `let` initializer: nothing would name the
//! pinned generator.

use asyncgen::{AsyncGenerator, async_generator};

#[async_generator(yield = u32)]
async fn wrapper(inner: impl AsyncGenerator<Item = u32, Closed = ()>) {
    own!(inner);
    yield_!(1);
}

fn main() {
    let _ = wrapper(asyncgen::from_stream(futures::stream::iter([1])));
}
