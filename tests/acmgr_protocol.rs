//! `#[acmgr]`: enter, scope, exit in order on every path; the outcome the
//! exit sees; errors from enter, scope and exit all reach the caller; the
//! guard protocol; the stream form.

use std::pin::pin;
use std::sync::{Arc, Mutex};

use asyncgen::{AsyncContextManager, AsyncGenerator, Outcome, ScopeError, acmgr};
use futures::StreamExt;

type Log = Arc<Mutex<Vec<String>>>;

fn push(log: &Log, entry: impl Into<String>) {
    log.lock().unwrap().push(entry.into());
}

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

#[derive(Debug, PartialEq)]
struct Failed(&'static str);

#[acmgr(yield = u32)]
async fn resource(log: Log) {
    push(&log, "enter");
    finally! { push(&log, "finally"); }
    let outcome = yield_!(7);
    tokio::task::yield_now().await;
    push(&log, format!("exit {outcome:?}"));
}

#[tokio::test]
async fn enter_scope_exit_in_order() {
    let log = Log::default();
    let value = resource(log.clone())
        .with(async |id| {
            push(&log, format!("scope {id}"));
            Ok::<_, Failed>(id + 1)
        })
        .await;
    assert_eq!(value, Ok(8));
    assert_eq!(
        entries(&log),
        ["enter", "scope 7", "exit Completed", "finally"]
    );
}

#[tokio::test]
async fn a_failing_scope_is_seen_by_the_exit() {
    let log = Log::default();
    let value = resource(log.clone())
        .with(async |_| Err::<u32, _>(Failed("scope")))
        .await;
    assert_eq!(value, Err(Failed("scope")));
    assert_eq!(entries(&log), ["enter", "exit Failed", "finally"]);
}

#[tokio::test]
async fn dropping_the_with_future_runs_the_exit_as_on_drop() {
    let log = Log::default();
    let with = resource(log.clone()).with(async |_| {
        std::future::pending::<()>().await;
    });
    let timed_out = tokio::time::timeout(std::time::Duration::from_millis(5), with).await;
    assert!(timed_out.is_err());
    assert_eq!(entries(&log), ["enter", "exit Cancelled", "finally"]);
}

#[acmgr(yield = u32)]
async fn fallible(log: Log, fail_enter: bool, fail_exit: bool) -> Result<(), Failed> {
    push(&log, "enter");
    if fail_enter {
        return Err(Failed("enter"));
    }
    let outcome = yield_!(1);
    push(&log, format!("exit {outcome:?}"));
    if fail_exit {
        return Err(Failed("exit"));
    }
    Ok(())
}

#[tokio::test]
async fn every_error_reaches_the_caller() {
    let log = Log::default();
    let entered = fallible(log.clone(), true, false)
        .with(async |_| Ok::<_, Failed>(()))
        .await;
    assert_eq!(entered, Err(ScopeError::Enter(Failed("enter"))));
    let both = fallible(log.clone(), false, true)
        .with(async |_| Err::<(), _>(Failed("scope")))
        .await;
    assert_eq!(
        both,
        Err(ScopeError::Both {
            scope: Failed("scope"),
            exit: Failed("exit")
        })
    );
    let exit = fallible(log.clone(), false, true)
        .with(async |_| Ok::<_, Failed>(5))
        .await;
    assert_eq!(exit, Err(ScopeError::Exit(Failed("exit"))));
    assert_eq!(
        entries(&log),
        ["enter", "enter", "exit Failed", "enter", "exit Completed"]
    );
}

#[tokio::test]
async fn the_guard_protocol_without_a_closure() {
    let log = Log::default();
    let (id, guard) = resource(log.clone()).enter().await;
    push(&log, format!("using {id}"));
    guard.exit(Outcome::Completed).await;
    assert_eq!(
        entries(&log),
        ["enter", "using 7", "exit Completed", "finally"]
    );

    let log = Log::default();
    let (_, guard) = resource(log.clone()).enter().await;
    drop(guard);
    assert_eq!(entries(&log), ["enter", "exit Cancelled", "finally"]);
}

#[acmgr(yield = futures::stream::Iter<std::ops::Range<u32>>)]
async fn numbers(log: Log) {
    push(&log, "enter");
    let outcome = yield_!(futures::stream::iter(0..5));
    push(&log, format!("exit {outcome:?}"));
}

#[tokio::test]
async fn an_acmgr_over_a_stream_is_a_stream() {
    let log = Log::default();
    let all: Vec<u32> = numbers(log.clone()).into_stream().collect().await;
    assert_eq!(all, [0, 1, 2, 3, 4]);
    assert_eq!(entries(&log), ["enter", "exit Completed"]);

    let log = Log::default();
    let mut stream = pin!(numbers(log.clone()).into_stream());
    assert_eq!(stream.next().await, Some(0));
    assert_eq!(stream.next().await, Some(1));
    stream.as_mut().close().await;
    assert_eq!(entries(&log), ["enter", "exit Cancelled"]);

    let log = Log::default();
    {
        let mut stream = pin!(numbers(log.clone()).into_stream());
        assert_eq!(stream.next().await, Some(0));
    }
    assert_eq!(entries(&log), ["enter", "exit Cancelled"]);
}

#[acmgr(yield = u32)]
async fn maybe_yields(yields: bool) {
    if yields {
        let _ = yield_!(1);
    }
}

#[tokio::test]
#[should_panic(expected = "returned without yielding its resource")]
async fn a_path_without_a_yield_is_a_clear_runtime_error() {
    maybe_yields(false).with(async |_| ()).await;
}
