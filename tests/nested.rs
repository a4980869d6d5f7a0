//! Generators consuming generators: when the outermost one ends, is broken
//! out of, dropped or closed, the cleanups run innermost first, whether the
//! inner generator is dropped inside the outer's protected block or closed
//! explicitly (and awaited) from the outer's `finally!`.

mod common;

use std::pin::pin;
use std::time::Duration;

use asyncgen::{AsyncGenerator, async_generator};
use common::Log;
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn source(log: Log) {
    finally! { log.push("source cleanup"); }
    for i in 0..3 {
        log.push(format!("source yields {i}"));
        yield_!(i);
    }
    log.push("source end");
}

/// Consumes `inner` inside its protected block: when this generator leaves
/// that block, `inner` is dropped (running its cleanup) before this
/// generator's own `finally!` runs.
#[async_generator(yield = u32)]
async fn stage<G>(log: Log, name: &'static str, inner: G)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    finally! { log.push(format!("{name} cleanup")); }
    let mut inner = pin!(inner);
    while let Some(i) = inner.next().await {
        log.push(format!("{name} got {i}"));
        yield_!(i * 10);
    }
    log.push(format!("{name} end"));
}

#[tokio::test]
async fn two_generators_run_to_the_end_inner_cleanup_first() {
    let log = Log::new();
    let items: Vec<u32> = stage(log.clone(), "outer", source(log.clone()))
        .collect()
        .await;
    assert_eq!(items, [0, 10, 20]);
    assert_eq!(
        log.take(),
        [
            "source yields 0",
            "outer got 0",
            "source yields 1",
            "outer got 1",
            "source yields 2",
            "outer got 2",
            "source end",
            "source cleanup",
            "outer end",
            "outer cleanup",
        ]
    );
}

#[tokio::test]
async fn breaking_out_of_two_generators_cleans_up_inner_first() {
    let log = Log::new();
    {
        let mut g = pin!(stage(log.clone(), "outer", source(log.clone())));
        while let Some(i) = g.next().await {
            log.push(format!("consumer got {i}"));
            if i == 0 {
                break;
            }
        }
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "source yields 0",
            "outer got 0",
            "consumer got 0",
            "dropping",
            "source cleanup",
            "outer cleanup",
            "dropped",
        ]
    );
}

#[tokio::test]
async fn closing_a_chain_of_three_cleans_up_innermost_first() {
    let log = Log::new();
    let chain = stage(
        log.clone(),
        "outer",
        stage(log.clone(), "middle", source(log.clone())),
    );
    let mut g = pin!(chain);
    assert_eq!(g.next().await, Some(0));
    assert_eq!(g.next().await, Some(100));
    log.take();
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "source cleanup",
            "middle cleanup",
            "outer cleanup",
            "closed"
        ]
    );
    assert_eq!(g.next().await, None);
}

#[async_generator(yield = u32)]
async fn source_with_async_cleanup(log: Log) {
    finally! {
        log.push("source cleanup start");
        tokio::time::sleep(Duration::from_millis(2)).await;
        log.push("source cleanup end");
    }
    for i in 0..3 {
        yield_!(i);
    }
}

/// Closes `inner` from its own `finally!`, so the inner's awaited cleanup
/// completes before this generator's goes on.
#[async_generator(yield = u32)]
async fn closing_stage<G>(log: Log, name: &'static str, inner: G)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let mut inner = pin!(inner);
    finally! {
        log.push(format!("{name} closes its inner"));
        inner.as_mut().close().await;
        tokio::task::yield_now().await;
        log.push(format!("{name} cleanup end"));
    }
    while let Some(i) = inner.next().await {
        yield_!(i + 1);
    }
}

#[tokio::test]
async fn closing_propagated_from_finally_awaits_each_inner_cleanup_in_turn() {
    let log = Log::new();
    let chain = closing_stage(
        log.clone(),
        "outer",
        closing_stage(
            log.clone(),
            "middle",
            source_with_async_cleanup(log.clone()),
        ),
    );
    let mut g = pin!(chain);
    assert_eq!(g.next().await, Some(2));
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "outer closes its inner",
            "middle closes its inner",
            "source cleanup start",
            "source cleanup end",
            "middle cleanup end",
            "outer cleanup end",
            "closed",
        ]
    );
    assert!(g.is_finished());
}

#[tokio::test]
async fn an_inner_generator_ending_early_lets_the_outer_go_on() {
    #[async_generator(yield = u32)]
    async fn two(log: Log) {
        finally! { log.push("two cleanup"); }
        yield_!(1);
        yield_!(2);
    }
    #[async_generator(yield = u32)]
    async fn concat(log: Log) {
        finally! { log.push("concat cleanup"); }
        for round in 0..2 {
            finally! { log.push(format!("round {round} cleanup")); }
            let mut inner = pin!(two(log.clone()));
            while let Some(i) = inner.next().await {
                yield_!(round * 10 + i);
            }
        }
    }
    let log = Log::new();
    let items: Vec<u32> = concat(log.clone()).collect().await;
    assert_eq!(items, [1, 2, 11, 12]);
    assert_eq!(
        log.take(),
        [
            "two cleanup",
            "round 0 cleanup",
            "two cleanup",
            "round 1 cleanup",
            "concat cleanup",
        ]
    );
}

/// Closes `inner` from its `finally!`, with no other await.
#[async_generator(yield = u32)]
async fn closes_inner<G>(log: Log, name: &'static str, inner: G)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let mut inner = pin!(inner);
    finally! {
        inner.as_mut().close().await;
        log.push(format!("{name} cleanup"));
    }
    while let Some(i) = inner.next().await {
        yield_!(i);
    }
}

#[tokio::test]
async fn dropping_a_chain_that_closes_from_finally_runs_it_all_in_place() {
    let log = Log::new();
    {
        let chain = closes_inner(
            log.clone(),
            "outer",
            closes_inner(log.clone(), "middle", source(log.clone())),
        );
        let mut g = pin!(chain);
        assert_eq!(g.next().await, Some(0));
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "source yields 0",
            "dropping",
            // Closing a generator whose cleanup does not wait completes at
            // once, so the whole chain unwinds inside the outer drop.
            "source cleanup",
            "middle cleanup",
            "outer cleanup",
            "dropped",
        ]
    );
}
