//! `on_drop = spawn`: dropping a generator whose cleanup waits runs the part
//! that can finish at once in place, before `drop` returns, and the rest in
//! a task on the current tokio runtime, counted by `detached::pending` and
//! awaited by `detached::wait_all`; outside a runtime, and while a runtime
//! shuts down, it falls back to reporting, never hangs, never panics. Also:
//! `on_drop = block` does not hang a runtime's shutdown.
//!
//! `detached::pending()` is process-wide and the tests of this binary run on
//! parallel threads: every test takes `SERIAL` first, so that the counts it
//! asserts are its own. Waits are bounded (a few seconds) and never used as
//! synchronization.

// `SERIAL`'s guard is held across awaits on purpose: each test's future runs
// alone on its own runtime's `block_on`, and no task takes the lock, so it
// serializes whole tests across threads without deadlocking anything.
#![allow(clippy::await_holding_lock)]

#[path = "support/capture.rs"]
mod capture;
mod common;
#[path = "support/flavours.rs"]
#[macro_use]
mod flavours;

use std::future::{Future, pending};
use std::sync::mpsc;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;

use asyncgen::{AsyncGenerator, acmgr, async_generator, detached};
use capture::{Capture, Captured};
use common::Log;
use futures::StreamExt;
use tokio::sync::oneshot;
use tracing::Level;

const BOUND: Duration = Duration::from_secs(5);

static SERIAL: Mutex<()> = Mutex::new(());

/// Serializes the tests of this binary; survives a failed (poisoned) one.
fn serial() -> MutexGuard<'static, ()> {
    SERIAL
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The process-wide `tracing` capture: detached cleanups report from the
/// runtime's worker threads, which a thread-local subscriber would miss.
/// Tests find their own events by the generator's name.
fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        tracing::subscriber::set_global_default(capture.clone())
            .expect("this binary sets the global subscriber once");
        capture
    })
}

/// Where the captured events stand: a test reads only the events after it.
fn mark() -> usize {
    capture().events().len()
}

/// The `asyncgen` events at `level` naming `generator`, since `mark`.
fn events_about(since: usize, level: Level, generator: &str) -> Vec<Captured> {
    capture()
        .events()
        .into_iter()
        .skip(since)
        .filter(|event| {
            event.target == "asyncgen" && event.level == level && event.fields.contains(generator)
        })
        .collect()
}

#[async_generator(yield = u32, on_drop = spawn)]
async fn waits_for_release(log: Log, release: oneshot::Receiver<()>) {
    let _state = log.guard("body state");
    let mut release = release;
    finally! {
        log.push("cleanup: before the wait");
        let _ = (&mut release).await;
        log.push("cleanup: after the wait");
    }
    yield_!(1);
    log.push("body: after the yield (not reached)");
}

/// Dropping a suspended generator: the sync part before `drop` returns,
/// the awaiting rest in a task; `pending` goes 1 -> 0, and `wait_all`
/// returns only after the cleanup's last line and the body's drop.
async fn the_rest_runs_in_a_task() {
    let _serial = serial();
    let log = Log::new();
    let (release, released) = oneshot::channel();
    let mut generator = Box::pin(waits_for_release(log.clone(), released));
    assert_eq!(generator.next().await, Some(1));
    assert_eq!(detached::pending(), 0);

    drop(generator);
    log.push("drop returned");
    assert_eq!(detached::pending(), 1);
    // Nothing past the await can run before the release.
    tokio::task::yield_now().await;
    assert_eq!(log.events(), ["cleanup: before the wait", "drop returned"]);

    release.send(()).unwrap();
    tokio::time::timeout(BOUND, detached::wait_all())
        .await
        .expect("the detached cleanup finishes");
    log.push("wait_all returned");
    assert_eq!(detached::pending(), 0);
    assert_eq!(
        log.take(),
        [
            "cleanup: before the wait",
            "drop returned",
            "cleanup: after the wait",
            "drop body state",
            "wait_all returned",
        ]
    );
}

#[async_generator(yield = u32, on_drop = spawn)]
async fn sleeps_in_cleanup(log: Log) {
    let _state = log.guard("body state");
    finally! {
        log.push("cleanup: before the sleep");
        tokio::time::sleep(Duration::from_millis(2)).await;
        log.push("cleanup: after the sleep");
    }
    yield_!(1);
    yield_!(2);
}

/// A generator dropped inside a spawned task (as a server drops a body).
async fn dropped_inside_a_task() {
    let _serial = serial();
    let log = Log::new();
    let (release, released) = oneshot::channel();
    let task = tokio::spawn({
        let log = log.clone();
        async move {
            let mut generator = Box::pin(waits_for_release(log.clone(), released));
            assert_eq!(generator.next().await, Some(1));
            drop(generator);
            log.push("drop returned");
        }
    });
    tokio::time::timeout(BOUND, task).await.unwrap().unwrap();
    assert_eq!(detached::pending(), 1);
    release.send(()).unwrap();
    tokio::time::timeout(BOUND, detached::wait_all())
        .await
        .expect("the detached cleanup finishes");
    assert_eq!(detached::pending(), 0);
    assert_eq!(
        log.take(),
        [
            "cleanup: before the wait",
            "drop returned",
            "cleanup: after the wait",
            "drop body state",
        ]
    );
}

#[derive(Debug)]
struct RollbackFailed;

#[async_generator(yield = u32, on_drop = spawn)]
async fn cleanup_fails_after_a_wait(log: Log) -> Result<(), RollbackFailed> {
    finally! {
        log.push("cleanup: before the wait");
        tokio::time::sleep(Duration::from_millis(1)).await;
        log.push("cleanup: failing");
        Err(RollbackFailed)?;
    }
    yield_!(1);
    Ok(())
}

/// An error the detached part of the cleanup returns is reported as a drop
/// reports it (`ERROR`, naming the generator, with the error's `Debug`).
async fn a_detached_cleanup_error_is_reported() {
    let _serial = serial();
    let since = mark();
    let log = Log::new();
    let mut generator = Box::pin(cleanup_fails_after_a_wait(log.clone()));
    assert_eq!(generator.next().await.map(Result::ok), Some(Some(1)));
    drop(generator);
    tokio::time::timeout(BOUND, detached::wait_all())
        .await
        .expect("the detached cleanup finishes");
    assert_eq!(log.take(), ["cleanup: before the wait", "cleanup: failing"]);
    let errors = events_about(since, Level::ERROR, "cleanup_fails_after_a_wait");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].fields.contains("RollbackFailed"), "{errors:?}");
    assert!(
        events_about(since, Level::WARN, "cleanup_fails_after_a_wait").is_empty(),
        "nothing was abandoned"
    );
}

on_both_flavours!(
    the_rest_runs_in_a_task,
    dropped_inside_a_task,
    a_detached_cleanup_error_is_reported,
);

#[async_generator(yield = u32, on_drop = spawn)]
async fn never_done_outside_a_runtime(log: Log) {
    let _state = log.guard("body state");
    finally! {
        log.push("cleanup: before the wait");
        pending::<()>().await;
        log.push("cleanup: after the wait (not reached)");
    }
    yield_!(1);
}

#[test]
fn outside_a_runtime_it_falls_back_to_reporting() {
    let _serial = serial();
    let since = mark();
    let log = Log::new();
    let mut generator = Box::pin(never_done_outside_a_runtime(log.clone()));
    assert_eq!(futures::executor::block_on(generator.next()), Some(1));
    drop(generator);
    log.push("drop returned");
    assert_eq!(detached::pending(), 0);
    assert_eq!(
        log.take(),
        [
            "cleanup: before the wait",
            "drop body state",
            "drop returned"
        ]
    );
    let reports = events_about(since, Level::WARN, "never_done_outside_a_runtime");
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].fields.contains("outside a tokio runtime"),
        "{reports:?}"
    );
}

#[async_generator(yield = u32, on_drop = spawn)]
async fn nothing_waits(log: Log) {
    finally! {
        log.push("cleanup");
        tokio::task::yield_now().await;
        log.push("cleanup: after a yield_now");
    }
    yield_!(1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cleanup_that_finishes_in_place_spawns_nothing() {
    let _serial = serial();
    let log = Log::new();
    let mut generator = Box::pin(nothing_waits(log.clone()));
    assert_eq!(generator.next().await, Some(1));
    drop(generator);
    assert_eq!(detached::pending(), 0);
    assert_eq!(log.take(), ["cleanup", "cleanup: after a yield_now"]);
}

#[tokio::test(flavor = "current_thread")]
async fn close_still_awaits_the_cleanup() {
    let _serial = serial();
    let log = Log::new();
    let mut generator = Box::pin(sleeps_in_cleanup(log.clone()));
    assert_eq!(generator.next().await, Some(1));
    generator.as_mut().close().await;
    log.push("closed");
    drop(generator);
    assert_eq!(detached::pending(), 0);
    assert_eq!(
        log.take(),
        [
            "cleanup: before the sleep",
            "cleanup: after the sleep",
            "drop body state",
            "closed"
        ]
    );
}

#[derive(Clone, Copy, Debug)]
enum Flavour {
    CurrentThread,
    MultiThread,
}

const FLAVOURS: [Flavour; 2] = [Flavour::CurrentThread, Flavour::MultiThread];

/// On a plain thread: builds a runtime of `flavour`, spawns the task `hold`
/// makes (it parks holding a suspended generator, after it signalled), waits
/// for the signal, then drops the runtime. Returns whether `drop(runtime)`
/// returned within the bound.
fn drop_runtime_holding<F>(flavour: Flavour, hold: impl FnOnce(oneshot::Sender<()>) -> F) -> bool
where
    F: Future<Output = ()> + Send + 'static,
{
    let (ready, is_ready) = oneshot::channel();
    let task = hold(ready);
    let (dropped, returned) = mpsc::channel();
    std::thread::spawn(move || {
        let runtime = match flavour {
            Flavour::CurrentThread => tokio::runtime::Builder::new_current_thread(),
            Flavour::MultiThread => {
                let mut builder = tokio::runtime::Builder::new_multi_thread();
                builder.worker_threads(2);
                builder
            }
        }
        .enable_all()
        .build()
        .unwrap();
        runtime.spawn(task);
        // The timer is made inside the runtime's context.
        runtime
            .block_on(async { tokio::time::timeout(BOUND, is_ready).await })
            .expect("the task holds a suspended generator in time")
            .expect("the task signals");
        drop(runtime);
        let _ = dropped.send(());
    });
    returned.recv_timeout(BOUND).is_ok()
}

#[async_generator(yield = u32, on_drop = block)]
async fn block_sleeps_in_cleanup(log: Log) {
    let _state = log.guard("body state");
    finally! {
        log.push("cleanup: before the sleep");
        tokio::time::sleep(Duration::from_secs(3600)).await;
        log.push("cleanup: after the sleep (not reached)");
    }
    yield_!(1);
}

/// A task holding a suspended `on_drop = block` generator is dropped by
/// `drop(runtime)`: the policy must not block (on a multi-thread runtime it
/// still sees one, shutting down), and reports instead.
#[test]
fn block_does_not_hang_a_runtime_shutdown() {
    let _serial = serial();
    for flavour in FLAVOURS {
        let since = mark();
        let log = Log::new();
        let task_log = log.clone();
        let returned = drop_runtime_holding(flavour, move |ready| async move {
            let mut generator = Box::pin(block_sleeps_in_cleanup(task_log));
            assert_eq!(generator.next().await, Some(1));
            ready.send(()).unwrap();
            pending::<()>().await;
        });
        assert!(returned, "{flavour:?}: drop(runtime) did not return");
        assert_eq!(
            log.take(),
            ["cleanup: before the sleep", "drop body state"],
            "{flavour:?}"
        );
        let reports = events_about(since, Level::WARN, "block_sleeps_in_cleanup");
        assert_eq!(reports.len(), 1, "{flavour:?}: {reports:?}");
        if let Flavour::MultiThread = flavour {
            assert!(reports[0].fields.contains("shutting down"), "{reports:?}");
        }
    }
}

#[async_generator(yield = u32, on_drop = spawn)]
async fn spawn_sleeps_in_cleanup(log: Log) {
    let _state = log.guard("body state");
    finally! {
        log.push("cleanup: before the sleep");
        tokio::time::sleep(Duration::from_secs(3600)).await;
        log.push("cleanup: after the sleep (not reached)");
    }
    yield_!(1);
}

/// The same under `on_drop = spawn`: tokio drops a task spawned onto a
/// runtime that is shutting down at once, inside `spawn`; the rest is
/// reported, and not counted.
#[test]
fn spawn_does_not_hang_a_runtime_shutdown() {
    let _serial = serial();
    for flavour in FLAVOURS {
        let since = mark();
        let log = Log::new();
        let task_log = log.clone();
        let returned = drop_runtime_holding(flavour, move |ready| async move {
            let mut generator = Box::pin(spawn_sleeps_in_cleanup(task_log));
            assert_eq!(generator.next().await, Some(1));
            ready.send(()).unwrap();
            pending::<()>().await;
        });
        assert!(returned, "{flavour:?}: drop(runtime) did not return");
        assert_eq!(detached::pending(), 0, "{flavour:?}");
        assert_eq!(
            log.take(),
            ["cleanup: before the sleep", "drop body state"],
            "{flavour:?}"
        );
        let reports = events_about(since, Level::WARN, "spawn_sleeps_in_cleanup");
        assert_eq!(reports.len(), 1, "{flavour:?}: {reports:?}");
    }
}

#[async_generator(yield = u32, on_drop = spawn)]
async fn waits_forever_in_cleanup(log: Log) {
    let _state = log.guard("body state");
    finally! {
        log.push("cleanup: before the wait");
        pending::<()>().await;
        log.push("cleanup: after the wait (not reached)");
    }
    yield_!(1);
}

/// A detached cleanup still waiting when its runtime shuts down: the task
/// is dropped, the rest abandoned and reported, and it stops counting.
#[test]
fn a_detached_cleanup_running_at_shutdown_is_abandoned_and_uncounted() {
    let _serial = serial();
    for flavour in FLAVOURS {
        let since = mark();
        let log = Log::new();
        let task_log = log.clone();
        let returned = drop_runtime_holding(flavour, move |ready| async move {
            let mut generator = Box::pin(waits_forever_in_cleanup(task_log));
            assert_eq!(generator.next().await, Some(1));
            drop(generator);
            assert_eq!(detached::pending(), 1);
            ready.send(()).unwrap();
        });
        assert!(returned, "{flavour:?}: drop(runtime) did not return");
        assert_eq!(detached::pending(), 0, "{flavour:?}");
        assert_eq!(
            log.take(),
            ["cleanup: before the wait", "drop body state"],
            "{flavour:?}"
        );
        let reports = events_about(since, Level::WARN, "waits_forever_in_cleanup");
        assert_eq!(reports.len(), 1, "{flavour:?}: {reports:?}");
        assert!(
            reports[0].fields.contains("was dropped before"),
            "{reports:?}"
        );
    }
}

#[acmgr(yield = u32, on_drop = spawn)]
async fn connection(log: Log) {
    log.push("enter");
    let outcome = yield_!(7);
    log.push(format!("exit: {outcome:?}"));
    tokio::time::sleep(Duration::from_millis(1)).await;
    log.push("exit: done");
}

/// An acmgr's `with` future dropped mid-scope: the exit's awaiting part
/// runs in a task.
#[tokio::test(flavor = "current_thread")]
async fn an_acmgr_exit_runs_in_a_task() {
    use asyncgen::AsyncContextManager;
    let _serial = serial();
    let log = Log::new();
    let scope_log = log.clone();
    let with = connection(log.clone()).with(async move |resource| {
        scope_log.push(format!("scope: {resource}"));
        pending::<()>().await;
    });
    let mut with = Box::pin(with);
    assert!(futures::poll!(with.as_mut()).is_pending());
    drop(with);
    log.push("drop returned");
    assert_eq!(detached::pending(), 1);
    tokio::time::timeout(BOUND, detached::wait_all())
        .await
        .expect("the detached exit finishes");
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope: 7",
            "exit: Cancelled",
            "drop returned",
            "exit: done"
        ]
    );
}

#[test]
fn spawn_generators_are_send_and_static() {
    fn assert_send_static<T: Send + 'static>(_: &T) {}
    let (_release, released) = oneshot::channel();
    assert_send_static(&waits_for_release(Log::new(), released));
    assert_send_static(&connection(Log::new()));
}
