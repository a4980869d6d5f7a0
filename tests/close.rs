//! `close().await`: the body leaves at its suspension point, its `finally!`
//! blocks run and may await, and `close` returns when they are done; close
//! is idempotent, runs nothing on a generator that never started, and a
//! `close()` future dropped part-way never makes a cleanup statement run
//! twice.

mod common;

use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, poll_once};
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn async_cleanup(log: Log) {
    log.push("start");
    finally! {
        log.push("cleanup start");
        tokio::task::yield_now().await;
        log.push("cleanup after yield_now");
        tokio::time::sleep(Duration::from_millis(5)).await;
        log.push("cleanup after sleep");
    }
    for i in 0.. {
        yield_!(i);
        log.push(format!("resumed after {i}"));
    }
}

#[tokio::test]
async fn close_after_one_item_completes_the_async_cleanup_before_returning() {
    let log = Log::new();
    let mut g = pin!(async_cleanup(log.clone()));
    assert!(!g.is_finished());
    assert_eq!(g.next().await, Some(0));
    log.push("got 0");
    assert!(!g.is_finished());
    g.as_mut().close().await;
    log.push("close returned");
    assert_eq!(
        log.take(),
        [
            "start",
            "got 0",
            // The body left at its yield: no "resumed after 0".
            "cleanup start",
            "cleanup after yield_now",
            "cleanup after sleep",
            "close returned",
        ]
    );
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    // A second close does nothing.
    g.as_mut().close().await;
    assert_eq!(g.next().await, None);
    assert!(g.is_finished());
    assert_eq!(log.take(), Vec::<String>::new());
}

#[tokio::test]
async fn close_before_the_first_poll_runs_nothing() {
    let log = Log::new();
    {
        let mut g = pin!(async_cleanup(log.clone()));
        g.as_mut().close().await;
        log.push("close returned");
        assert!(g.is_finished());
        assert_eq!(g.next().await, None);
        g.as_mut().close().await;
        log.push("generator going out of scope");
    }
    // Not even the code before the first yield ran, nor the cleanup.
    assert_eq!(
        log.take(),
        ["close returned", "generator going out of scope"]
    );
}

#[tokio::test]
async fn close_before_the_first_poll_drops_the_arguments() {
    #[async_generator(yield = u32)]
    async fn holds(log: Log, _argument: common::Guard) {
        log.push("body start (not reached)");
        finally! { log.push("cleanup (not reached)"); }
        yield_!(1);
    }
    let log = Log::new();
    let mut g = pin!(holds(log.clone(), log.guard("argument")));
    g.as_mut().close().await;
    log.push("close returned");
    assert_eq!(log.take(), ["drop argument", "close returned"]);
}

#[tokio::test]
async fn close_after_the_end_runs_nothing_more() {
    let log = Log::new();
    let mut g = pin!(counted(log.clone(), 2));
    assert_eq!(g.as_mut().collect::<Vec<_>>().await, [0, 1]);
    assert_eq!(log.take(), ["body end", "cleanup"]);
    assert!(g.is_finished());
    g.as_mut().close().await;
    assert_eq!(log.take(), Vec::<String>::new());
}

#[async_generator(yield = u32)]
async fn counted(log: Log, n: u32) {
    finally! { log.push("cleanup"); }
    for i in 0..n {
        yield_!(i);
    }
    log.push("body end");
}

#[async_generator(yield = u32)]
async fn waits_in_body(log: Log) {
    log.push("start");
    finally! { log.push("cleanup"); }
    log.push("waiting");
    log.track("body sleep", tokio::time::sleep(Duration::from_secs(3600)))
        .await;
    log.push("woke (not reached)");
    yield_!(1);
}

#[tokio::test]
async fn close_while_the_body_waits_abandons_the_await_then_cleans_up() {
    let log = Log::new();
    let mut g = pin!(waits_in_body(log.clone()));
    assert!(poll_once(g.as_mut()).is_pending());
    log.push("closing");
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "start",
            "waiting",
            "closing",
            "body sleep dropped",
            "cleanup",
            "closed"
        ]
    );
    assert!(g.is_finished());
}

#[async_generator(yield = u32)]
async fn slow_cleanup(log: Log, cleanup_sleep: Duration) {
    finally! {
        log.push("cleanup 1");
        log.track("cleanup sleep", tokio::time::sleep(cleanup_sleep)).await;
        log.push("cleanup 2");
    }
    yield_!(1);
    log.push("resumed (not reached)");
}

#[tokio::test]
async fn close_future_dropped_part_way_then_generator_dropped_runs_nothing_twice() {
    let log = Log::new();
    {
        let mut g = pin!(slow_cleanup(log.clone(), Duration::from_secs(3600)));
        assert_eq!(g.next().await, Some(1));
        let closing = tokio::time::timeout(Duration::from_millis(5), g.as_mut().close()).await;
        assert!(closing.is_err(), "the close should have timed out");
        log.push("close timed out");
        assert!(!g.is_finished());
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "cleanup 1",
            "close timed out",
            "dropping",
            // The drop picks the cleanup up where the close left it: the
            // sleep is still pending, so the default policy abandons the rest.
            "cleanup sleep dropped",
            "dropped",
        ]
    );
}

#[tokio::test]
async fn close_future_dropped_part_way_then_closed_again_finishes_once() {
    let log = Log::new();
    let mut g = pin!(slow_cleanup(log.clone(), Duration::from_millis(100)));
    assert_eq!(g.next().await, Some(1));
    let closing = tokio::time::timeout(Duration::from_millis(5), g.as_mut().close()).await;
    assert!(closing.is_err(), "the close should have timed out");
    log.push("close timed out");
    g.as_mut().close().await;
    log.push("closed");
    g.as_mut().close().await;
    assert_eq!(g.next().await, None);
    assert_eq!(
        log.take(),
        [
            "cleanup 1",
            "close timed out",
            "cleanup sleep done",
            "cleanup sleep dropped",
            "cleanup 2",
            "closed",
        ]
    );
}

#[tokio::test]
async fn close_future_dropped_part_way_then_polled_finishes_the_cleanup_once() {
    let log = Log::new();
    let mut g = pin!(slow_cleanup(log.clone(), Duration::from_millis(100)));
    assert_eq!(g.next().await, Some(1));
    let closing = tokio::time::timeout(Duration::from_millis(5), g.as_mut().close()).await;
    assert!(closing.is_err(), "the close should have timed out");
    log.push("close timed out");
    // Polling again finishes the cleanup; the body does not resume.
    assert_eq!(g.next().await, None);
    log.push("got None");
    assert!(g.is_finished());
    g.as_mut().close().await;
    assert_eq!(
        log.take(),
        [
            "cleanup 1",
            "close timed out",
            "cleanup sleep done",
            "cleanup sleep dropped",
            "cleanup 2",
            "got None",
        ]
    );
}

#[tokio::test]
async fn poll_next_after_close_is_none_without_polling_the_body() {
    let log = Log::new();
    let mut g = pin!(counted(log.clone(), 3));
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(Some(0)));
    g.as_mut().close().await;
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(None));
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(None));
    assert_eq!(log.take(), ["cleanup"]);
}

#[async_generator(yield = u32)]
async fn slow_block_cleanup(log: Log) {
    {
        finally! {
            log.push("cleanup start");
            tokio::time::sleep(Duration::from_millis(100)).await;
            log.push("cleanup end");
        }
        yield_!(1);
        log.push("block end");
    }
    log.push("after the block (body code, not reached once closing)");
    yield_!(2);
}

/// The consumer asks for the next item, so the body leaves its block
/// normally and waits in the block's cleanup; the `next()` is abandoned and
/// the consumer closes. The cleanup finishes (its awaits are not
/// cancellable), then the body must leave: no body code runs after
/// `close()` was called.
#[tokio::test]
async fn close_while_a_normal_exit_waits_in_cleanup_leaves_after_that_cleanup() {
    let log = Log::new();
    let mut g = pin!(slow_block_cleanup(log.clone()));
    assert_eq!(g.next().await, Some(1));
    let next = tokio::time::timeout(Duration::from_millis(5), g.next()).await;
    assert!(next.is_err(), "the cleanup should still be waiting");
    log.push("next abandoned, closing");
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "block end",
            "cleanup start",
            "next abandoned, closing",
            "cleanup end",
            "closed",
        ]
    );
    assert_eq!(g.next().await, None);
}
