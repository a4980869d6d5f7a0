//! Cancelling a consumer while the generator's body waits on an `.await` in a
//! protected region: the awaited future is dropped first, then `finally!`
//! runs, all during the generator's drop, before the canceller goes on.

mod common;

use std::pin::pin;
use std::time::Duration;

use asyncgen::async_generator;
use common::Log;
use futures::StreamExt;
use tokio::sync::oneshot;

#[async_generator(yield = u32)]
async fn stalls_after_first(log: Log, waiting: Option<oneshot::Sender<()>>) {
    let _conn = log.guard("conn");
    finally! { log.push("cleanup"); }
    yield_!(0);
    log.push("waiting");
    if let Some(waiting) = waiting {
        let _ = waiting.send(());
    }
    log.track("sleep", tokio::time::sleep(Duration::from_secs(3600)))
        .await;
    log.push("woke (not reached)");
    yield_!(1);
}

#[tokio::test]
async fn timeout_drops_the_awaited_future_then_runs_finally_before_returning() {
    let log = Log::new();
    let consumer = {
        let log = log.clone();
        async move {
            let mut g = pin!(stalls_after_first(log.clone(), None));
            while let Some(i) = g.next().await {
                log.push(format!("got {i}"));
            }
            log.push("consumer ended (not reached)");
        }
    };
    let result = tokio::time::timeout(Duration::from_millis(10), consumer).await;
    assert!(result.is_err(), "the consumer should have timed out");
    log.push("timeout returned");
    assert_eq!(
        log.take(),
        [
            "got 0",
            "waiting",
            // The timeout drops the consumer, which drops the generator: the
            // body leaves at its await, dropping the sleep, then cleans up.
            "sleep dropped",
            "cleanup",
            "drop conn",
            "timeout returned",
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborting_the_consuming_task_runs_finally_before_the_join_completes() {
    let log = Log::new();
    let (waiting, is_waiting) = oneshot::channel();
    let task = tokio::spawn({
        let log = log.clone();
        async move {
            let mut g = Box::pin(stalls_after_first(log.clone(), Some(waiting)));
            while let Some(i) = g.next().await {
                log.push(format!("got {i}"));
            }
            log.push("consumer ended (not reached)");
        }
    });
    is_waiting.await.expect("the generator reached its await");
    task.abort();
    let joined = task.await;
    assert!(joined.expect_err("the task was aborted").is_cancelled());
    log.push("join returned");
    assert_eq!(
        log.take(),
        [
            "got 0",
            "waiting",
            "sleep dropped",
            "cleanup",
            "drop conn",
            "join returned",
        ]
    );
}

#[tokio::test]
async fn a_dropped_next_future_cancels_nothing_a_dropped_generator_does() {
    let log = Log::new();
    let mut g = Box::pin(stalls_after_first(log.clone(), None));
    assert_eq!(g.next().await, Some(0));
    log.push("got 0");
    tokio::select! {
        biased;
        item = g.next() => panic!("unexpected item {item:?}"),
        () = tokio::time::sleep(Duration::from_millis(5)) => log.push("deadline"),
    }
    // Dropping a `next()` future does not cancel the generator: the body is
    // still waiting, and only dropping the generator abandons its await.
    assert_eq!(log.take(), ["got 0", "waiting", "deadline"]);
    drop(g);
    log.push("dropped");
    assert_eq!(
        log.take(),
        ["sleep dropped", "cleanup", "drop conn", "dropped"]
    );
}
