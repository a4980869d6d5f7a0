//! `close` on a plain stream that chains two generators (`StreamExt::chain`
//! is not one of the adapters that keep close): a compile error on the
//! user's call, not a silent loss of the generators' cleanup, and with no
//! hint naming the runtime's own traits.

// In scope, as in a user's module that closes generators elsewhere.
#[allow(unused_imports)]
use asyncgen::{AsyncGenerator, AsyncGeneratorExt};
use asyncgen::async_generator;
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn numbers() {
    finally! { println!("cleanup"); }
    yield_!(1);
}

fn main() {
    let both = std::pin::pin!(numbers().chain(numbers()));
    let _ = futures::executor::block_on(async move {
        let mut both = both;
        both.as_mut().close().await;
    });
}
