//! Dropping a generator mid-body runs its cleanup in place, synchronously,
//! as far as it can go without waiting: awaits that complete at once run
//! before `drop` returns; an await that stays pending does not deadlock the
//! thread (tokio current-thread runtime included), and what follows it does
//! not run.

mod common;

use std::future::{pending, ready};
use std::pin::pin;

use asyncgen::async_generator;
use common::{Log, WakeSelfOnce};
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn cleanup_that_never_waits(log: Log) {
    let _conn = log.guard("conn");
    finally! {
        log.push("cleanup start");
        ready(()).await;
        log.push("after a ready future");
        WakeSelfOnce::default().await;
        log.push("after a future that woke itself");
        async { log.push("inside an async block") }.await;
        log.push("cleanup end");
    }
    yield_!(1);
    log.push("resumed (not reached)");
}

#[tokio::test]
async fn drop_runs_cleanup_whose_awaits_complete_at_once_before_returning() {
    let log = Log::new();
    {
        let mut g = pin!(cleanup_that_never_waits(log.clone()));
        assert_eq!(g.next().await, Some(1));
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "dropping",
            "cleanup start",
            "after a ready future",
            "after a future that woke itself",
            "inside an async block",
            "cleanup end",
            "drop conn",
            "dropped",
        ]
    );
}

#[test]
fn drop_outside_any_runtime_runs_the_cleanup_in_place() {
    let log = Log::new();
    {
        let mut g = pin!(cleanup_that_never_waits(log.clone()));
        assert_eq!(futures::executor::block_on(g.next()), Some(1));
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "cleanup start",
            "after a ready future",
            "after a future that woke itself",
            "inside an async block",
            "cleanup end",
            "drop conn",
            "dropped",
        ]
    );
}

#[async_generator(yield = u32)]
async fn cleanup_that_waits_forever(log: Log) {
    let _conn = log.guard("conn");
    finally! {
        log.push("cleanup before the wait");
        log.track("wait", pending::<()>()).await;
        log.push("cleanup after the wait (not reached)");
    }
    yield_!(1);
}

const DROPPED_WHILE_WAITING: [&str; 5] = [
    "dropping",
    "cleanup before the wait",
    // The default policy abandons the rest of the cleanup: the body is
    // dropped, the pending future first, then the locals.
    "wait dropped",
    "drop conn",
    "dropped",
];

#[tokio::test(flavor = "current_thread")]
async fn drop_with_cleanup_waiting_does_not_deadlock_a_current_thread_runtime() {
    let log = Log::new();
    {
        let mut g = pin!(cleanup_that_waits_forever(log.clone()));
        assert_eq!(g.next().await, Some(1));
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(log.take(), DROPPED_WHILE_WAITING);
    // The runtime still runs.
    tokio::task::yield_now().await;
    tokio::spawn(async {})
        .await
        .expect("the runtime still runs tasks");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drop_with_cleanup_waiting_does_not_deadlock_a_multi_thread_runtime() {
    let log = Log::new();
    {
        let mut g = pin!(cleanup_that_waits_forever(log.clone()));
        assert_eq!(g.next().await, Some(1));
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(log.take(), DROPPED_WHILE_WAITING);
}

#[tokio::test(flavor = "current_thread")]
async fn drop_with_cleanup_waiting_in_a_spawned_task_on_current_thread() {
    let log = Log::new();
    let task = tokio::spawn({
        let log = log.clone();
        async move {
            let mut g = Box::pin(cleanup_that_waits_forever(log.clone()));
            assert_eq!(g.next().await, Some(1));
            log.push("dropping");
            drop(g);
            log.push("dropped");
        }
    });
    task.await.expect("the task completed");
    assert_eq!(log.take(), DROPPED_WHILE_WAITING);
}
