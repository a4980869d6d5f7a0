//! A user crate that forbids unsafe code compiles with every form the macros
//! emit: the expansion's one `unsafe` block (binding the handle) holds none
//! of the user's tokens, and is not the user's.

#![forbid(unsafe_code)]

use std::future::ready;

use asyncgen::{AsyncContextManager, AsyncGenerator, acmgr, async_generator};
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn plain(n: u32) {
    for i in 0..n {
        ready(()).await;
        yield_!(i);
    }
}

#[async_generator(yield = u32)]
async fn with_cleanup(n: u32) {
    finally! { ready(()).await; }
    for i in 0..n {
        ready(()).await;
        yield_!(i);
    }
}

#[async_generator(yield = u32)]
async fn fallible(n: u32) -> Result<(), std::fmt::Error> {
    finally! { ready(Ok::<(), std::fmt::Error>(())).await?; }
    for i in 0..n {
        ready(Ok::<(), std::fmt::Error>(())).await?;
        yield_!(i);
    }
    Ok(())
}

#[async_generator(yield = u32, boxed)]
async fn boxed(n: u32) {
    yield_from!(plain(n));
}

#[async_generator(yield = u32, boxed_local)]
async fn boxed_local(n: u32) {
    let mut inner = own!(with_cleanup(n));
    while let Some(item) = inner.next().await {
        yield_!(item);
    }
}

#[async_generator(yield = u32, on_drop = block)]
async fn blocking(n: u32) -> Result<(), std::fmt::Error> {
    try_yield_from!(fallible(n));
    Ok(())
}

#[async_generator(yield = u32)]
async fn with_section(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    let value = tokio::select! {
        value = rx.recv() => value.unwrap_or_default(),
    };
    finally! { ready(()).await; }
    yield_!(value);
}

struct Source(u32);

impl Source {
    #[async_generator(yield = u32)]
    async fn items(&self) {
        finally! { ready(()).await; }
        yield_!(self.0);
    }
}

#[acmgr(yield = u32)]
async fn resource() {
    finally! { ready(()).await; }
    let _outcome = yield_!(7);
}

fn main() {
    let (_tx, rx) = tokio::sync::mpsc::channel(1);
    let source = Source(3);
    futures::executor::block_on(async {
        let mut generator = std::pin::pin!(plain(2));
        let _ = generator.next().await;
        let _ = std::pin::pin!(with_cleanup(2)).close().await;
        let _ = std::pin::pin!(fallible(2)).close().await;
        let _ = boxed(2).next().await;
        let _ = boxed_local(2).next().await;
        drop(blocking(2));
        drop(with_section(rx));
        let _ = std::pin::pin!(source.items()).next().await;
        let _ = resource()
            .with(async |value| Ok::<u32, std::fmt::Error>(value))
            .await;
    });
}
