//! What a `TaskGroup` reports through `tracing` about its stop-aware
//! children: an error returned while stopping after the group was dropped
//! (nobody can join it), and a child cut short at the end of the grace
//! period.
//!
//! A binary of its own: `tracing` caches, per call site, whether anyone
//! listens, and tests on other threads reaching the same call site without
//! a subscriber can leave a test's thread-local subscriber unasked. Here
//! each call site is reached by one test only, on a current-thread runtime.

#[path = "support/capture.rs"]
mod capture;
mod common;

use std::future::pending;
use std::time::Duration;

use asyncgen::TaskGroup;
use capture::Capture;
use common::Log;
use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};
use tracing::Level;

/// For the child that ignores the stop.
const SHORT_GRACE: Duration = Duration::from_millis(50);

/// Bounds every wait, so a broken group fails the test instead of hanging
/// it; longer than any grace period here.
const NEVER_HANGS: Duration = Duration::from_secs(10);

/// The `target: asyncgen` events at `level`, as `name=value` fields.
fn reported(capture: &Capture, level: Level) -> Vec<String> {
    capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == level)
        .map(|event| event.fields)
        .collect()
}

/// Nobody can join a dropped group, so an error a child returns while
/// stopping after the drop is reported, not lost.
#[tokio::test(flavor = "current_thread")]
async fn an_error_returned_while_stopping_after_the_drop_is_reported() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let log = Log::new();
    let group = TaskGroup::new().with_grace(NEVER_HANGS / 2);
    let (up, is_up) = oneshot::channel();
    let (gone, is_gone) = oneshot::channel::<()>();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            // Declared first, dropped last: the guard has logged by then.
            let _gone = gone;
            let _guard = log.guard("writer");
            let _ = up.send(());
            stop.requested().await;
            sleep(Duration::from_millis(5)).await;
            log.push("writer said goodbye");
            Err("cleanup failed after the drop")
        });
    }
    is_up.await.unwrap();
    drop(group);
    log.push("group dropped");
    let _ = timeout(NEVER_HANGS, is_gone)
        .await
        .expect("the writer stops within the grace period");
    // On a current-thread runtime the failure is recorded in the poll that
    // dropped the writer's future, before this task runs again.

    let errors = reported(&capture, Level::ERROR);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].contains("failed while stopping"), "{}", errors[0]);
    assert!(errors[0].contains("panicked=false"), "{}", errors[0]);
    assert_eq!(
        log.take(),
        ["group dropped", "writer said goodbye", "drop writer"]
    );
}

/// A child cut short at the deadline is not a failure, but its cleanup did
/// not finish: that is reported, as a warning.
#[tokio::test(flavor = "current_thread")]
async fn a_child_dropped_at_the_deadline_is_reported_as_a_warning() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let group = TaskGroup::<&str>::new().with_grace(SHORT_GRACE);
    let (up, is_up) = oneshot::channel();
    group.spawn_with_stop(|_stop| async move {
        let _ = up.send(());
        pending::<()>().await;
        Ok(())
    });
    is_up.await.unwrap();
    group.cancel();
    assert_eq!(timeout(NEVER_HANGS, group.join()).await, Ok(Ok(())));

    let warnings = reported(&capture, Level::WARN);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("did not stop within the grace period"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("grace=50ms"), "{}", warnings[0]);
    // Not a failure: nothing at level ERROR.
    assert_eq!(reported(&capture, Level::ERROR), Vec::<String>::new());
}
