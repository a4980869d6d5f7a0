//! The attribute on trait method declarations (used generically, and as
//! `dyn` through `boxed`), `impl Trait` item types, and `FusedStream` on
//! what a generator function returns (`futures::select!`,
//! `is_terminated()`).

mod common;

use std::future::Future;
use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, drain};
use futures::stream::FusedStream;
use futures::{FutureExt, StreamExt};

trait Source {
    #[async_generator(yield = i32)]
    async fn items(&self);
}

struct Range(i32);

struct Logged(Log);

impl Source for Range {
    #[async_generator(yield = i32)]
    async fn items(&self) {
        for i in 0..self.0 {
            yield_!(i);
        }
    }
}

impl Source for Logged {
    #[async_generator(yield = i32)]
    async fn items(&self) {
        finally! { self.0.push("logged cleanup"); }
        yield_!(10);
        yield_!(20);
    }
}

/// Generic over the trait: the returned generator can be closed.
async fn first_of<S: Source>(source: &S) -> Option<i32> {
    let mut items = pin!(source.items());
    let first = items.next().await;
    items.as_mut().close().await;
    first
}

#[tokio::test]
async fn a_trait_declaration_used_generically() {
    let log = Log::new();
    assert_eq!(first_of(&Range(3)).await, Some(0));
    assert_eq!(first_of(&Logged(log.clone())).await, Some(10));
    assert_eq!(log.take(), ["logged cleanup"]);
    drain(&log, Range(2).items()).await;
    assert_eq!(log.take(), ["got 0", "got 1", "got None"]);
}

/// Object-safe through `boxed`.
trait DynSource {
    #[async_generator(yield = i32, boxed)]
    async fn dyn_items(&self) -> Result<(), String>;
}

impl DynSource for Range {
    #[async_generator(yield = i32, boxed)]
    async fn dyn_items(&self) -> Result<(), String> {
        for i in 0..self.0 {
            yield_!(i);
        }
        Ok(())
    }
}

impl DynSource for Logged {
    #[async_generator(yield = i32, boxed)]
    async fn dyn_items(&self) -> Result<(), String> {
        finally! { self.0.push("dyn cleanup"); }
        yield_!(1);
        Err("logged failed".into())
    }
}

#[tokio::test]
async fn a_trait_declaration_used_as_dyn() {
    let log = Log::new();
    let sources: Vec<Box<dyn DynSource>> = vec![Box::new(Range(2)), Box::new(Logged(log.clone()))];
    for source in &sources {
        drain(&log, source.dyn_items()).await;
    }
    assert_eq!(
        log.take(),
        [
            "got Ok(0)",
            "got Ok(1)",
            "got None",
            "got Ok(1)",
            "dyn cleanup",
            "got Err(\"logged failed\")",
            "got None"
        ]
    );
}

/// The item type cannot be named: it is inferred from the yields.
#[async_generator(yield = impl Future<Output = i32>)]
async fn lazy_squares(to: i32) {
    for i in 0..to {
        yield_!(async move { i * i });
    }
}

#[async_generator(yield = impl Fn(i32) -> i32)]
async fn adders() -> Result<(), String> {
    for n in 1..=2 {
        yield_!(move |x| x + n);
    }
    Ok(())
}

#[tokio::test]
async fn impl_trait_item_types() {
    let mut squares = pin!(lazy_squares(4));
    let mut got = Vec::new();
    while let Some(square) = squares.next().await {
        got.push(square.await);
    }
    assert_eq!(got, [0, 1, 4, 9]);
    let adders: Vec<_> = adders().collect().await;
    let sums: Vec<i32> = adders.into_iter().map(|add| add.unwrap()(10)).collect();
    assert_eq!(sums, [11, 12]);
}

#[async_generator(yield = u32)]
async fn two(log: Log) {
    finally! { log.push("two cleanup"); }
    yield_!(1);
    yield_!(2);
}

#[tokio::test]
async fn generators_are_fused_streams() {
    let log = Log::new();
    let mut numbers = pin!(two(log.clone()).fuse_check());
    assert!(!numbers.is_terminated());
    let mut got = Vec::new();
    loop {
        futures::select! {
            n = numbers.next() => match n {
                Some(n) => got.push(n),
                None => break,
            },
            complete => break,
        }
    }
    assert_eq!(got, [1, 2]);
    assert!(numbers.is_terminated());
    assert_eq!(log.take(), ["two cleanup"]);

    // Boxed generators are `FusedStream`s too.
    let logged = Logged(log.clone());
    let mut boxed = logged.dyn_items();
    assert!(!boxed.is_terminated());
    while boxed.next().await.is_some() {}
    assert!(boxed.is_terminated());
    // And a plain future racing a generator in `select!`.
    let mut numbers = pin!(two(log.clone()));
    let first = futures::select! {
        n = numbers.next() => n,
        _ = std::future::pending::<()>().fuse() => None,
    };
    assert_eq!(first, Some(1));
}

/// Fails to compile unless the generator is a `FusedStream` (what
/// `futures::select!` asks of a stream's `next()`).
trait FuseCheck: FusedStream + Sized {
    fn fuse_check(self) -> Self {
        self
    }
}

impl<S: FusedStream> FuseCheck for S {}
