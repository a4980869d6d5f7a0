//! `own!` bound with a type annotation: the pattern must be a plain name
//! (the binding is a pinned reference whose type the macro chooses).

use asyncgen::{AsyncGenerator, async_generator};

#[async_generator(yield = u32)]
async fn wrapper(inner: impl AsyncGenerator<Item = u32, Closed = ()>) {
    let inner: std::pin::Pin<&mut _> = own!(inner);
    yield_!(1);
}

fn main() {
    let _ = wrapper(asyncgen::from_stream(futures::stream::iter([1])));
}
