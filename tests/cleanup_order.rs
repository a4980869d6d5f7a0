//! When `finally!` runs relative to the consumer and to the body's own
//! locals: on an early `break`, on running to the end, and LIFO when several
//! `finally!` blocks are pending, in one block or in nested blocks.

mod common;

use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::Log;
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn counter(log: Log, n: u32) {
    log.push("start");
    let _conn = log.guard("conn");
    finally! { log.push("cleanup"); }
    for i in 0..n {
        log.push(format!("yield {i}"));
        yield_!(i);
        log.push(format!("resumed after {i}"));
    }
    log.push("end of body");
}

#[tokio::test]
async fn break_after_first_item_cleans_up_when_the_generator_leaves_scope() {
    let log = Log::new();
    {
        let mut g = pin!(counter(log.clone(), 5));
        while let Some(i) = g.next().await {
            log.push(format!("got {i}"));
            if i == 0 {
                break;
            }
        }
        log.push("loop left, generator still in scope");
    }
    log.push("after scope");
    assert_eq!(
        log.take(),
        [
            "start",
            "yield 0",
            "got 0",
            "loop left, generator still in scope",
            // The generator is dropped at the end of the scope: the body
            // leaves at its yield, `finally!` runs, then the locals it
            // borrows are dropped.
            "cleanup",
            "drop conn",
            "after scope",
        ]
    );
}

#[tokio::test]
async fn running_to_the_end_cleans_up_before_none() {
    let log = Log::new();
    {
        let mut g = pin!(counter(log.clone(), 2));
        while let Some(i) = g.next().await {
            log.push(format!("got {i}"));
        }
        log.push("got None");
        assert!(g.is_finished());
        // Fused: nothing more runs.
        assert_eq!(g.next().await, None);
        log.push("dropping");
    }
    assert_eq!(
        log.take(),
        [
            "start",
            "yield 0",
            "got 0",
            "resumed after 0",
            "yield 1",
            "got 1",
            "resumed after 1",
            "end of body",
            "cleanup",
            "drop conn",
            "got None",
            "dropping",
        ]
    );
}

#[tokio::test]
async fn a_generator_that_was_never_polled_runs_nothing_when_dropped() {
    let log = Log::new();
    drop(counter(log.clone(), 3));
    assert_eq!(log.take(), Vec::<String>::new());
}

#[async_generator(yield = &'static str)]
async fn three_in_one_block(log: Log) {
    finally! { log.push("cleanup 1"); }
    log.push("after finally 1");
    finally! { log.push("cleanup 2"); }
    log.push("after finally 2");
    finally! { log.push("cleanup 3"); }
    yield_!("a");
    log.push("end of body");
}

#[tokio::test]
async fn three_finally_blocks_run_innermost_first_at_the_end() {
    let log = Log::new();
    let items: Vec<_> = three_in_one_block(log.clone()).collect().await;
    assert_eq!(items, ["a"]);
    assert_eq!(
        log.take(),
        [
            "after finally 1",
            "after finally 2",
            "end of body",
            "cleanup 3",
            "cleanup 2",
            "cleanup 1",
        ]
    );
}

#[tokio::test]
async fn three_finally_blocks_run_innermost_first_on_drop() {
    let log = Log::new();
    {
        let mut g = pin!(three_in_one_block(log.clone()));
        assert_eq!(g.next().await, Some("a"));
        log.push("dropping");
    }
    assert_eq!(
        log.take(),
        [
            "after finally 1",
            "after finally 2",
            "dropping",
            "cleanup 3",
            "cleanup 2",
            "cleanup 1",
        ]
    );
}

#[tokio::test]
async fn three_finally_blocks_run_innermost_first_on_close() {
    let log = Log::new();
    let mut g = pin!(three_in_one_block(log.clone()));
    assert_eq!(g.next().await, Some("a"));
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "after finally 1",
            "after finally 2",
            "cleanup 3",
            "cleanup 2",
            "cleanup 1",
            "closed",
        ]
    );
}

/// `finally!` in nested blocks and in a loop body: each protects the rest of
/// its own block, so an inner one runs when its block ends, and the outer
/// ones when theirs do.
#[async_generator(yield = u32)]
async fn nested_blocks(log: Log) {
    finally! { log.push("outer cleanup"); }
    {
        let _a = log.guard("a");
        finally! { log.push("block cleanup"); }
        {
            finally! { log.push("inner block cleanup"); }
            yield_!(1);
            log.push("inner block end");
        }
        log.push("block end");
    }
    for i in 0..2 {
        finally! { log.push(format!("iteration {i} cleanup")); }
        yield_!(10 + i);
        log.push(format!("iteration {i} end"));
    }
    log.push("body end");
}

#[tokio::test]
async fn nested_blocks_run_each_cleanup_when_its_block_ends() {
    let log = Log::new();
    let mut g = pin!(nested_blocks(log.clone()));
    while let Some(i) = g.next().await {
        log.push(format!("got {i}"));
    }
    assert_eq!(
        log.take(),
        [
            "got 1",
            "inner block end",
            "inner block cleanup",
            "block end",
            "block cleanup",
            "drop a",
            "got 10",
            "iteration 0 end",
            "iteration 0 cleanup",
            "got 11",
            "iteration 1 end",
            "iteration 1 cleanup",
            "body end",
            "outer cleanup",
        ]
    );
}

#[tokio::test]
async fn dropping_inside_nested_blocks_unwinds_innermost_first() {
    let log = Log::new();
    {
        let mut g = pin!(nested_blocks(log.clone()));
        assert_eq!(g.next().await, Some(1));
    }
    assert_eq!(
        log.take(),
        [
            "inner block cleanup",
            "block cleanup",
            "drop a",
            "outer cleanup",
        ]
    );
}

#[tokio::test]
async fn closing_inside_a_loop_body_unwinds_the_iteration_then_the_outer_block() {
    let log = Log::new();
    let mut g = pin!(nested_blocks(log.clone()));
    assert_eq!(g.next().await, Some(1));
    assert_eq!(g.next().await, Some(10));
    log.take();
    g.as_mut().close().await;
    assert_eq!(log.take(), ["iteration 0 cleanup", "outer cleanup"]);
    assert_eq!(g.next().await, None);
}
