//! `own!` inside `finally!`: cleanup cannot take on new cleanup.

use asyncgen::{AsyncGenerator, async_generator};

#[async_generator(yield = u32)]
async fn wrapper(inner: impl AsyncGenerator<Item = u32, Closed = ()>) {
    finally! {
        let mut inner = own!(inner);
    }
    yield_!(1);
}

fn main() {
    let _ = wrapper(asyncgen::from_stream(futures::stream::iter([1])));
}
