//! `own!` inside an expression, not as a `let` initializer of its own.

use asyncgen::{AsyncGenerator, async_generator};

#[async_generator(yield = usize)]
async fn wrapper(inner: impl AsyncGenerator<Item = u32, Closed = ()>) {
    let count = futures::StreamExt::count(own!(inner)).await;
    yield_!(count);
}

fn main() {
    let _ = wrapper(asyncgen::from_stream(futures::stream::iter([1])));
}
