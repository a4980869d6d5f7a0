//! Every form of an `#[acmgr]` (`with`'s future, `enter`'s future and its
//! guard, `into_stream()`) is `Send` when what the body holds is: each is
//! moved into a `tokio::spawn`ed task on a multi-thread runtime, used there,
//! and the exit still runs in order. (The `!Send` side, an `Rc` held across
//! the yield, is the ui test `acmgr/holding_rc_across_yield_not_send.rs`.)
//!
//! The fan-in case, the crate's motivating one, holds a `TaskGroup` across
//! the yield and is served the way a streaming HTTP body is: the stream form
//! is boxed as `BoxStream<'static, _>` (what `axum::body::Body::from_stream`
//! requires: `Send + 'static`).

mod common;

use std::convert::Infallible;
use std::pin::pin;
use std::time::Duration;

use asyncgen::{AsyncContextManager, AsyncGenerator, Outcome, TaskGroup, acmgr};
use common::Log;
use futures::stream::{BoxStream, StreamExt};
use tokio::sync::mpsc;
use tokio_stream_shim::ReceiverStream;

fn assert_send<T: Send>(value: T) -> T {
    value
}

#[acmgr(yield = String)]
async fn session(log: Log) {
    log.push("enter");
    tokio::task::yield_now().await;
    let outcome = yield_!(String::from("resource"));
    tokio::time::sleep(Duration::from_millis(1)).await;
    log.push(format!("exit {outcome:?}"));
}

#[acmgr(yield = u32)]
async fn fallible_session(log: Log, fail_exit: bool) -> Result<(), String> {
    log.push("enter");
    let outcome = yield_!(7);
    tokio::task::yield_now().await;
    log.push(format!("exit {outcome:?}"));
    if fail_exit {
        return Err("exit failed".into());
    }
    Ok(())
}

/// Two producers in a task group held across the yield, merged into the
/// stream the consumer reads.
#[acmgr(yield = ReceiverStream<String>)]
async fn feeds(log: Log) -> Result<(), asyncgen::ErrorGroup<Infallible>> {
    let (tx, rx) = mpsc::channel(4);
    let group = TaskGroup::<Infallible>::new();
    for name in ["news", "weather"] {
        let tx = tx.clone();
        group.spawn(async move {
            for n in 0.. {
                if tx.send(format!("{name} {n}")).await.is_err() {
                    break;
                }
            }
            Ok(())
        });
    }
    drop(tx);
    log.push("producers started");
    let outcome = yield_!(ReceiverStream::new(rx));
    log.push(format!("exit {outcome:?}"));
    group.shutdown().await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_future_is_send_and_runs_in_a_spawned_task() {
    let log = Log::new();
    let scope_log = log.clone();
    let with = assert_send(session(log.clone()).with(async move |resource: String| {
        tokio::task::yield_now().await;
        scope_log.push(format!("scope {resource}"));
        Ok::<usize, Infallible>(resource.len())
    }));
    let len = tokio::spawn(with).await.expect("the task completed");
    assert_eq!(len, Ok(8));
    assert_eq!(log.events(), ["enter", "scope resource", "exit Completed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_future_and_guard_are_send_and_exit_in_another_task() {
    let log = Log::new();
    let enter = assert_send(session(log.clone()).enter());
    let (resource, guard) = tokio::spawn(enter).await.expect("the task entered");
    let guard = assert_send(guard);
    let exit = tokio::spawn(async move {
        assert_eq!(resource, "resource");
        guard.exit(Outcome::Failed).await
    });
    exit.await.expect("the task exited");
    assert_eq!(log.events(), ["enter", "exit Failed"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fallible_forms_are_send() {
    let log = Log::new();
    let entered = tokio::spawn(assert_send(fallible_session(log.clone(), true).enter()))
        .await
        .expect("the task entered");
    let (resource, guard) = entered.expect("enter succeeded");
    assert_eq!(resource, 7);
    let exit = tokio::spawn(assert_send(guard.exit(Outcome::Completed)))
        .await
        .expect("the task exited");
    assert_eq!(exit, Err("exit failed".to_string()));

    let with = assert_send(
        fallible_session(log.clone(), false).with(async |n: u32| Ok::<u32, String>(n + 1)),
    );
    let value = tokio::spawn(with).await.expect("the task completed");
    assert_eq!(value.ok(), Some(8));
    assert_eq!(
        log.events(),
        ["enter", "exit Completed", "enter", "exit Completed",]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_fan_in_stream_form_is_a_send_static_body() {
    let log = Log::new();
    // What `axum::body::Body::from_stream` and `Sse::new` ask for.
    let body: BoxStream<'static, Result<String, asyncgen::ErrorGroup<Infallible>>> =
        feeds(log.clone()).into_stream().boxed();
    let task = tokio::spawn(async move {
        let mut body = pin!(body);
        let mut got = Vec::new();
        while let Some(item) = body.next().await {
            got.push(item.expect("no producer fails"));
            if got.len() == 4 {
                break;
            }
        }
        got
    });
    let got = task.await.expect("the task completed");
    assert_eq!(got.len(), 4);
    // The stream was dropped at the end of the task: the exit ran in place,
    // told `Cancelled`, and shut the producers down.
    assert_eq!(log.events(), ["producers started", "exit Cancelled"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stream_form_closes_in_a_spawned_task() {
    let log = Log::new();
    let stream = assert_send(feeds(log.clone()).into_stream());
    let task = tokio::spawn(async move {
        let mut stream = pin!(stream);
        let first = stream.next().await;
        stream.as_mut().close().await.expect("the exit succeeded");
        first
    });
    let first = task.await.expect("the task completed");
    assert!(matches!(first, Some(Ok(_))));
    assert_eq!(log.events(), ["producers started", "exit Cancelled"]);
}

/// `tokio_stream::wrappers::ReceiverStream`, without the dependency.
mod tokio_stream_shim {
    use std::pin::Pin;
    use std::task::{Context, Poll};

    use futures::Stream;
    use tokio::sync::mpsc;

    #[derive(Debug)]
    pub(crate) struct ReceiverStream<T>(mpsc::Receiver<T>);

    impl<T> ReceiverStream<T> {
        pub(crate) fn new(receiver: mpsc::Receiver<T>) -> Self {
            ReceiverStream(receiver)
        }
    }

    impl<T> Stream for ReceiverStream<T> {
        type Item = T;

        fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<T>> {
            self.0.poll_recv(cx)
        }
    }
}
