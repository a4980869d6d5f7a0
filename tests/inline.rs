//! `async_gen! { .. }`, the inline form: in expression position (an
//! argument, a `match` arm, a closure), capturing like an `async move`
//! block, with the attribute's semantics inside (`finally!` on close and
//! drop, `?` ending a fallible stream, `own!`, `yield_from!`, `select!`
//! arms), and inside an `#[async_generator]` body.

mod common;

use std::pin::pin;
use std::task::Poll;

use asyncgen::{AsyncGenerator, BoxAsyncGenerator, async_gen, async_generator};
use common::{Log, drain, poll_once};
use futures::StreamExt;
use futures::stream::BoxStream;

/// What `axum::body::Body::from_stream` asks for.
fn body<S: futures::Stream + Send + 'static>(stream: S) -> BoxStream<'static, S::Item> {
    stream.boxed()
}

#[tokio::test]
async fn an_argument_capturing_like_async_move() {
    let log = Log::new();
    let words = vec!["a".to_string(), "b".to_string()];
    let cleanup_log = log.clone();
    let stream = body(async_gen! {
        finally! {
            tokio::task::yield_now().await;
            cleanup_log.push("cleanup");
        }
        for word in words {
            yield_!(word.to_uppercase());
        }
    });
    drain(&log, stream).await;
    assert_eq!(
        log.take(),
        ["got \"A\"", "got \"B\"", "cleanup", "got None"]
    );
}

#[tokio::test]
async fn close_and_drop_run_the_cleanup() {
    let log = Log::new();
    let cleanup_log = log.clone();
    let mut g = pin!(async_gen! {
        finally! {
            tokio::task::yield_now().await;
            cleanup_log.push("cleanup");
        }
        for i in 0.. {
            yield_!(i);
        }
    });
    assert_eq!(g.next().await, Some(0));
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(log.take(), ["cleanup", "closed"]);

    let cleanup_log = log.clone();
    let mut g = Box::pin(async_gen! {
        finally! { cleanup_log.push("sync cleanup"); }
        yield_!(1u8);
        yield_!(2);
    });
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(Some(1)));
    drop(g);
    log.push("dropped");
    assert_eq!(log.take(), ["sync cleanup", "dropped"]);
}

#[tokio::test]
async fn fallible_with_question_mark() {
    let log = Log::new();
    let inputs = ["1", "x", "3"];
    let cleanup_log = log.clone();
    let parsed = async_gen! {
        finally!(|outcome| cleanup_log.push(format!("cleanup {outcome:?}")));
        for text in inputs {
            yield_!(text.parse::<u32>()?);
        }
        Ok(())
    };
    let items: Vec<Result<u32, std::num::ParseIntError>> = parsed.collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], Ok(1));
    assert!(items[1].is_err());
    assert_eq!(log.take(), ["cleanup Failed"]);
}

/// Different bodies are different types: boxed for `match` arms.
fn numbers(kind: u8) -> BoxAsyncGenerator<'static, u32> {
    match kind {
        0 => Box::pin(async_gen! {
            yield_!(0);
        }),
        _ => Box::pin(async_gen! {
            for i in 1..=kind as u32 {
                yield_!(i);
            }
        }),
    }
}

#[tokio::test]
async fn match_arms_and_closures() {
    let log = Log::new();
    drain(&log, numbers(0)).await;
    drain(&log, numbers(2)).await;
    let make = |n: u32| async_gen! { yield_!(n * 10); };
    drain(&log, make(4)).await;
    assert_eq!(
        log.take(),
        [
            "got 0", "got None", "got 1", "got 2", "got None", "got 40", "got None"
        ]
    );
}

#[async_generator(yield = u32)]
async fn inner(log: Log) {
    finally! { log.push("inner cleanup"); }
    yield_!(1);
    yield_!(2);
}

#[tokio::test]
async fn delegation_inside() {
    let log = Log::new();
    let inner_log = log.clone();
    let outer_log = log.clone();
    let mut g = pin!(async_gen! {
        finally! { outer_log.push("outer cleanup"); }
        yield_from!(inner(inner_log));
        yield_!(3);
    });
    assert_eq!(g.next().await, Some(1));
    g.as_mut().close().await;
    assert_eq!(log.take(), ["inner cleanup", "outer cleanup"]);
}

/// Inside an `#[async_generator]` body the inline generator is its own:
/// its yields are not the outer body's.
#[async_generator(yield = Vec<u32>)]
async fn batches(log: Log) {
    finally! { log.push("outer cleanup"); }
    for size in 1..=2u32 {
        let inner_log = log.clone();
        let batch: Vec<u32> = async_gen! {
            finally! { inner_log.push(format!("batch {size} done")); }
            for i in 0..size {
                yield_!(i);
            }
        }
        .collect()
        .await;
        yield_!(batch);
    }
}

#[tokio::test]
async fn nested_in_a_generator_body() {
    let log = Log::new();
    drain(&log, batches(log.clone())).await;
    assert_eq!(
        log.take(),
        [
            "batch 1 done",
            "got [0]",
            "batch 2 done",
            "got [0, 1]",
            "outer cleanup",
            "got None"
        ]
    );
}

#[tokio::test]
async fn select_arms_inside() {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<u32>(4);
    tx.send(5).await.unwrap();
    drop(tx);
    let items: Vec<u32> = async_gen! {
        finally! {}
        loop {
            tokio::select! {
                value = rx.recv() => match value {
                    Some(value) => yield_!(value),
                    None => break,
                },
            }
        }
    }
    .collect()
    .await;
    assert_eq!(items, [5]);
}

#[tokio::test]
async fn fallible_delegation_and_an_empty_block() {
    let items: Vec<Result<u32, String>> = async_gen! {
        try_yield_from!(futures::stream::iter([Ok::<u32, String>(1), Err("inner".to_string())]));
        yield_!(2);
        Ok(())
    }
    .collect()
    .await;
    assert_eq!(items, [Ok(1), Err("inner".to_string())]);
    // No yields: a stream of `()`, as async-stream's `stream! {}`.
    let nothing: Vec<()> = async_gen! {}.collect().await;
    assert!(nothing.is_empty());
}
