//! `own!` inside a closure in a generator body: not part of the generator.

use asyncgen::{AsyncGenerator, async_generator};

#[async_generator(yield = u32)]
async fn wrapper(inner: impl AsyncGenerator<Item = u32, Closed = ()>) {
    let take = move || {
        let inner = own!(inner);
    };
    take();
    yield_!(1);
}

fn main() {
    let _ = wrapper(asyncgen::from_stream(futures::stream::iter([1])));
}
