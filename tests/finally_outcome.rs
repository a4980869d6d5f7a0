//! `finally!(|outcome| { .. })`: the same block, told how its protected
//! block is left: `Completed` (the end of the block, `return`, `break` or
//! `continue` out of it), `Failed` (an error leaving through `?` or
//! `return Err`, or the body ending with `Err`), `Cancelled` (close, drop,
//! cancellation at an await). Each test pins the order of events.

mod common;

use std::future::pending;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use asyncgen::{AsyncGenerator, Outcome, async_generator};
use common::{Log, drain, poll_once};
use futures::StreamExt;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Exit {
    End,
    Return,
    Question,
    ReturnErr,
    Pending,
}

#[async_generator(yield = u32)]
async fn infallible(log: Log, exit: Exit) {
    log.push("begin");
    finally!(|outcome| {
        log.push(format!("cleanup {outcome:?}"));
    });
    yield_!(1);
    if exit == Exit::Return {
        return;
    }
    if exit == Exit::Pending {
        pending::<()>().await;
    }
    yield_!(2);
}

#[async_generator(yield = u32)]
async fn fallible(log: Log, exit: Exit) -> Result<(), String> {
    log.push("begin");
    finally!(|outcome: Outcome| {
        tokio::task::yield_now().await; // told before it awaits
        log.push(format!("cleanup {outcome:?}"));
    });
    yield_!(1);
    match exit {
        Exit::Question => Err("question".to_string())?,
        Exit::ReturnErr => return Err("returned".into()),
        Exit::Return => return Ok(()),
        Exit::End | Exit::Pending => {}
    }
    yield_!(2);
    if exit == Exit::End {
        Ok(())
    } else {
        Err("tail".into())
    }
}

/// A body whose own value (its tail) is the error.
#[async_generator(yield = u32)]
async fn tail_error(log: Log) -> Result<(), String> {
    finally!(|outcome| log.push(format!("cleanup {outcome:?}")));
    yield_!(1);
    Err("tail".into())
}

#[tokio::test]
async fn running_to_the_end_is_completed() {
    let log = Log::new();
    drain(&log, infallible(log.clone(), Exit::End)).await;
    assert_eq!(
        log.take(),
        ["begin", "got 1", "got 2", "cleanup Completed", "got None"]
    );
    drain(&log, fallible(log.clone(), Exit::End)).await;
    assert_eq!(
        log.take(),
        [
            "begin",
            "got Ok(1)",
            "got Ok(2)",
            "cleanup Completed",
            "got None"
        ]
    );
}

#[tokio::test]
async fn return_is_completed() {
    let log = Log::new();
    drain(&log, infallible(log.clone(), Exit::Return)).await;
    assert_eq!(
        log.take(),
        ["begin", "got 1", "cleanup Completed", "got None"]
    );
    drain(&log, fallible(log.clone(), Exit::Return)).await;
    assert_eq!(
        log.take(),
        ["begin", "got Ok(1)", "cleanup Completed", "got None"]
    );
}

#[tokio::test]
async fn errors_are_failed() {
    let log = Log::new();
    drain(&log, fallible(log.clone(), Exit::Question)).await;
    assert_eq!(
        log.take(),
        [
            "begin",
            "got Ok(1)",
            "cleanup Failed",
            "got Err(\"question\")",
            "got None"
        ]
    );
    drain(&log, fallible(log.clone(), Exit::ReturnErr)).await;
    assert_eq!(
        log.take(),
        [
            "begin",
            "got Ok(1)",
            "cleanup Failed",
            "got Err(\"returned\")",
            "got None"
        ]
    );
    drain(&log, tail_error(log.clone())).await;
    assert_eq!(
        log.take(),
        [
            "got Ok(1)",
            "cleanup Failed",
            "got Err(\"tail\")",
            "got None"
        ]
    );
}

#[tokio::test]
async fn close_at_a_yield_is_cancelled() {
    let log = Log::new();
    let mut g = pin!(fallible(log.clone(), Exit::End));
    assert_eq!(g.next().await, Some(Ok(1)));
    g.as_mut().close().await.expect("the cleanup succeeded");
    log.push("closed");
    assert_eq!(log.take(), ["begin", "cleanup Cancelled", "closed"]);
}

#[test]
fn drop_at_a_yield_is_cancelled() {
    let log = Log::new();
    let mut g = Box::pin(infallible(log.clone(), Exit::End));
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(Some(1)));
    drop(g);
    log.push("dropped");
    assert_eq!(log.take(), ["begin", "cleanup Cancelled", "dropped"]);
}

#[test]
fn cancellation_at_an_await_is_cancelled() {
    let log = Log::new();
    let mut g = Box::pin(infallible(log.clone(), Exit::Pending));
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(Some(1)));
    // Parked at the pending await: dropping the generator cancels it there.
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    drop(g);
    log.push("dropped");
    assert_eq!(log.take(), ["begin", "cleanup Cancelled", "dropped"]);
}

/// Leaving a loop body's region by `break` or `continue` is normal control
/// flow: completed.
#[async_generator(yield = u32)]
async fn jumps(log: Log) {
    for i in 0..3 {
        finally!(|outcome| log.push(format!("iteration {i} {outcome:?}")));
        if i == 0 {
            continue;
        }
        yield_!(i);
        if i == 1 {
            break;
        }
    }
}

#[tokio::test]
async fn break_and_continue_are_completed() {
    let log = Log::new();
    drain(&log, jumps(log.clone())).await;
    assert_eq!(
        log.take(),
        [
            "iteration 0 Completed",
            "got 1",
            "iteration 1 Completed",
            "got None"
        ]
    );
}

/// Nested regions, innermost first; each is told how its own block is left.
#[async_generator(yield = u32)]
async fn nested(log: Log, fail: bool) -> Result<(), String> {
    finally!(|outcome| log.push(format!("outer {outcome:?}")));
    {
        finally!(|outcome| {
            log.push(format!("inner {outcome:?}"));
            tokio::time::sleep(Duration::from_millis(1)).await;
            log.push("inner slept");
        });
        yield_!(1);
        if fail {
            Err("inner failed".to_string())?;
        }
    }
    log.push("between");
    yield_!(2);
    Ok(())
}

#[tokio::test]
async fn nested_regions_are_each_told() {
    let log = Log::new();
    drain(&log, nested(log.clone(), false)).await;
    assert_eq!(
        log.take(),
        [
            "got Ok(1)",
            "inner Completed",
            "inner slept",
            "between",
            "got Ok(2)",
            "outer Completed",
            "got None"
        ]
    );
    drain(&log, nested(log.clone(), true)).await;
    assert_eq!(
        log.take(),
        [
            "got Ok(1)",
            "inner Failed",
            "inner slept",
            "outer Failed",
            "got Err(\"inner failed\")",
            "got None"
        ]
    );
}

#[tokio::test]
async fn a_close_arriving_during_an_inner_cleanup_cancels_the_outer_region() {
    let log = Log::new();
    let mut g = pin!(nested(log.clone(), false));
    assert_eq!(g.next().await, Some(Ok(1)));
    // The inner block ends; its cleanup (told `Completed`) waits on its timer.
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    g.as_mut().close().await.expect("nothing failed");
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "inner Completed",
            "inner slept",
            "outer Cancelled",
            "closed"
        ]
    );
}

#[tokio::test]
async fn an_error_already_leaving_wins_over_a_close_that_arrives_later() {
    let log = Log::new();
    let mut g = pin!(nested(log.clone(), true));
    assert_eq!(g.next().await, Some(Ok(1)));
    // `?` leaves the inner block; its cleanup (told `Failed`) waits.
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    let closed = g.as_mut().close().await;
    assert_eq!(closed, Err("inner failed".to_string()));
    log.push("closed");
    assert_eq!(
        log.take(),
        ["inner Failed", "inner slept", "outer Failed", "closed"]
    );
}

#[async_generator(yield = u32)]
async fn ignored_outcome(log: Log) {
    finally!(|_| log.push("cleanup"));
    yield_!(1);
}

#[tokio::test]
async fn the_outcome_may_be_ignored() {
    let log = Log::new();
    drain(&log, ignored_outcome(log.clone())).await;
    assert_eq!(log.take(), ["got 1", "cleanup", "got None"]);
}

/// What the crate's motivating case needs: commit only when the consumer
/// read everything.
#[async_generator(yield = u32)]
async fn transaction(log: Log) {
    log.push("begin");
    finally!(|outcome| {
        if outcome.is_completed() {
            log.push("commit");
        } else {
            log.push("rollback");
        }
    });
    for row in 1..=3 {
        yield_!(row);
    }
}

#[tokio::test]
async fn commit_or_roll_back() {
    let log = Log::new();
    drain(&log, transaction(log.clone())).await;
    assert_eq!(
        log.take(),
        ["begin", "got 1", "got 2", "got 3", "commit", "got None"]
    );
    let mut g = pin!(transaction(log.clone()));
    while let Some(row) = g.next().await {
        if row == 2 {
            break;
        }
    }
    g.as_mut().close().await;
    assert_eq!(log.take(), ["begin", "rollback"]);
}
