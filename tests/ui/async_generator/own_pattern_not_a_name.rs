//! `own!` bound to a pattern that is not a plain name.

use asyncgen::{AsyncGenerator, async_generator};

#[async_generator(yield = u32)]
async fn wrapper(
    pair: (
        impl AsyncGenerator<Item = u32, Closed = ()>,
        impl AsyncGenerator<Item = u32, Closed = ()>,
    ),
) {
    let (first, second) = own!(pair);
    yield_!(1);
}

fn main() {
    let inner = || asyncgen::from_stream(futures::stream::iter([1]));
    let _ = wrapper((inner(), inner()));
}
