//! A generator whose body holds only `Send` data is `Send`: it can be moved
//! into a task on a multi-thread runtime, consumed there, closed there, and
//! its cleanup still runs in order.

mod common;

use std::pin::pin;
use std::time::Duration;

use asyncgen::{AsyncGenerator, async_generator};
use common::Log;
use futures::StreamExt;

fn assert_send<T: Send>(_: &T) {}

#[async_generator(yield = String)]
async fn names(log: Log, names: Vec<String>) {
    let _conn = log.guard("conn");
    finally! {
        tokio::time::sleep(Duration::from_millis(1)).await;
        log.push("cleanup");
    }
    for name in names {
        tokio::task::yield_now().await;
        yield_!(name);
    }
    log.push("body end");
}

#[async_generator(yield = usize)]
async fn lengths<'a>(words: &'a [&'a str]) {
    for word in words {
        tokio::task::yield_now().await;
        yield_!(word.len());
    }
}

fn words() -> Vec<String> {
    ["a", "bb", "ccc"].map(String::from).to_vec()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_generator_is_consumed_in_a_spawned_task() {
    let log = Log::new();
    let g = names(log.clone(), words());
    assert_send(&g);
    let task = tokio::spawn({
        let log = log.clone();
        async move {
            let mut g = pin!(g);
            let mut got = Vec::new();
            while let Some(name) = g.next().await {
                log.push(format!("got {name}"));
                got.push(name);
            }
            got
        }
    });
    let got = task.await.expect("the task completed");
    assert_eq!(got, words());
    assert_eq!(
        log.take(),
        [
            "got a",
            "got bb",
            "got ccc",
            "body end",
            "cleanup",
            "drop conn",
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_send_generator_is_closed_in_a_spawned_task() {
    let log = Log::new();
    let g = names(log.clone(), words());
    let task = tokio::spawn({
        let log = log.clone();
        async move {
            let mut g = Box::pin(g);
            let first = g.next().await;
            log.push(format!("got {first:?}"));
            g.as_mut().close().await;
            log.push("closed");
            g.is_finished()
        }
    });
    assert!(task.await.expect("the task completed"));
    assert_eq!(
        log.take(),
        ["got Some(\"a\")", "cleanup", "drop conn", "closed"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_generator_borrowing_send_data_is_send() {
    let words = ["a", "bb", "ccc"];
    let g = lengths(&words);
    assert_send(&g);
    // A scoped use on another thread: the borrow outlives the thread.
    let total = std::thread::scope(|scope| {
        scope
            .spawn(|| futures::executor::block_on(g.fold(0, |sum, n| async move { sum + n })))
            .join()
            .expect("the thread completed")
    });
    assert_eq!(total, 6);
}
