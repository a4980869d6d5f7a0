//! Drop runs cleanup in place; what happens to cleanup that would wait is the
//! generator's drop policy (`report` by default, `block` on request), on both
//! tokio runtime flavours, and never deadlocks or panics.

#[path = "support/capture.rs"]
mod capture;

use std::future::pending;
use std::pin::pin;
use std::sync::{Arc, Mutex};
#[cfg(feature = "on-drop-block")]
use std::time::Duration;

use asyncgen::async_generator;
use capture::Capture;
use futures::StreamExt;
use tracing::Level;

type Log = Arc<Mutex<Vec<&'static str>>>;

fn log() -> Log {
    Arc::new(Mutex::new(Vec::new()))
}

fn entries(log: &Log) -> Vec<&'static str> {
    log.lock().unwrap().clone()
}

#[async_generator(yield = u32)]
async fn waits_forever_in_cleanup(log: Log) {
    finally! {
        log.lock().unwrap().push("cleanup: before the wait");
        pending::<()>().await;
        log.lock().unwrap().push("cleanup: after the wait");
    }
    yield_!(1);
    log.lock().unwrap().push("body: after the yield");
}

#[cfg(feature = "on-drop-block")]
#[async_generator(yield = u32, on_drop = block)]
async fn sleeps_in_cleanup(log: Log) {
    finally! {
        log.lock().unwrap().push("cleanup: before the wait");
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(5)).await;
        log.lock().unwrap().push("cleanup: after the wait");
    }
    yield_!(1);
    log.lock().unwrap().push("body: after the yield");
}

#[cfg(feature = "on-drop-block")]
#[async_generator(yield = u32, on_drop = block)]
async fn blocks_forever_in_cleanup(log: Log) {
    finally! {
        log.lock().unwrap().push("cleanup: before the wait");
        pending::<()>().await;
        log.lock().unwrap().push("cleanup: after the wait");
    }
    yield_!(1);
}

/// Polls the generator to its first item, then drops it; returns the events.
async fn drop_after_first_item<G: futures::Stream<Item = u32>>(generator: G, capture: &Capture) {
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut generator = pin!(generator);
    assert_eq!(generator.next().await, Some(1));
}

fn abandoned_reports(capture: &Capture) -> Vec<String> {
    capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == Level::WARN)
        .map(|event| event.fields)
        .collect()
}

#[tokio::test(flavor = "current_thread")]
async fn report_abandons_and_reports_on_current_thread() {
    let log = log();
    let capture = Capture::default();
    drop_after_first_item(waits_forever_in_cleanup(log.clone()), &capture).await;
    assert_eq!(entries(&log), ["cleanup: before the wait"]);
    let reports = abandoned_reports(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].contains("waits_forever_in_cleanup"),
        "{}",
        reports[0]
    );
    assert!(
        reports[0].contains("drop policy is `report`"),
        "{}",
        reports[0]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn report_abandons_and_reports_on_multi_thread() {
    let log = log();
    let capture = Capture::default();
    drop_after_first_item(waits_forever_in_cleanup(log.clone()), &capture).await;
    assert_eq!(entries(&log), ["cleanup: before the wait"]);
    assert_eq!(abandoned_reports(&capture).len(), 1);
}

#[cfg(feature = "on-drop-block")]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_waits_for_cleanup_on_multi_thread() {
    let log = log();
    let capture = Capture::default();
    drop_after_first_item(sleeps_in_cleanup(log.clone()), &capture).await;
    assert_eq!(
        entries(&log),
        ["cleanup: before the wait", "cleanup: after the wait"]
    );
    assert_eq!(abandoned_reports(&capture), Vec::<String>::new());
}

#[cfg(feature = "on-drop-block")]
#[tokio::test(flavor = "multi_thread", worker_threads = 1)]
async fn block_waits_inside_a_spawned_task_with_one_worker() {
    let log = log();
    let task_log = log.clone();
    tokio::spawn(async move {
        let capture = Capture::default();
        drop_after_first_item(sleeps_in_cleanup(task_log), &capture).await;
        assert_eq!(abandoned_reports(&capture), Vec::<String>::new());
    })
    .await
    .unwrap();
    assert_eq!(
        entries(&log),
        ["cleanup: before the wait", "cleanup: after the wait"]
    );
}

#[cfg(feature = "on-drop-block")]
#[tokio::test(flavor = "current_thread")]
async fn block_falls_back_to_report_on_current_thread() {
    let log = log();
    let capture = Capture::default();
    drop_after_first_item(sleeps_in_cleanup(log.clone()), &capture).await;
    assert_eq!(entries(&log), ["cleanup: before the wait"]);
    let reports = abandoned_reports(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].contains("current-thread"), "{}", reports[0]);
}

#[cfg(feature = "on-drop-block")]
/// Outside a tokio multi-thread runtime, blocking is not known to be safe
/// (the executor that would finish the cleanup may be this very thread), so
/// `block` reports and abandons, as `report` does.
#[test]
fn block_reports_outside_a_tokio_runtime() {
    let log = log();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (tx, rx) = futures::channel::oneshot::channel::<()>();
    let mut generator = Box::pin(async_generator_waiting_on(rx, log.clone()));
    assert_eq!(futures::executor::block_on(generator.next()), Some(1));
    drop(generator);
    drop(tx);
    assert_eq!(entries(&log), ["cleanup: before the wait"]);
    let reports = abandoned_reports(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].contains("outside a tokio multi-thread runtime"),
        "{}",
        reports[0]
    );
}

#[cfg(feature = "on-drop-block")]
#[async_generator(yield = u32, on_drop = block)]
async fn async_generator_waiting_on(rx: futures::channel::oneshot::Receiver<()>, log: Log) {
    finally! {
        log.lock().unwrap().push("cleanup: before the wait");
        rx.await.unwrap();
        log.lock().unwrap().push("cleanup: after the wait");
    }
    yield_!(1);
}

#[cfg(feature = "on-drop-block")]
#[test]
fn block_does_not_block_while_the_thread_is_panicking() {
    let log = log();
    let capture = Capture::default();
    let panic_log = log.clone();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _guard = tracing::subscriber::set_default(capture.clone());
        let mut generator = Box::pin(blocks_forever_in_cleanup(panic_log));
        assert_eq!(futures::executor::block_on(generator.next()), Some(1));
        panic!("consumer failed");
    }));
    assert!(outcome.is_err());
    assert_eq!(entries(&log), ["cleanup: before the wait"]);
    let reports = abandoned_reports(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].contains("panicking"), "{}", reports[0]);
}

#[derive(Debug, PartialEq)]
struct CleanupFailed;

#[async_generator(yield = u32)]
async fn cleanup_fails(log: Log) -> Result<(), CleanupFailed> {
    finally! {
        log.lock().unwrap().push("cleanup: failing");
        Err(CleanupFailed)?;
    }
    yield_!(1);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn a_cleanup_error_during_drop_is_reported() {
    let log = log();
    let capture = Capture::default();
    {
        let _guard = tracing::subscriber::set_default(capture.clone());
        let mut generator = pin!(cleanup_fails(log.clone()));
        assert_eq!(generator.next().await, Some(Ok(1)));
    }
    assert_eq!(entries(&log), ["cleanup: failing"]);
    let errors: Vec<_> = capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == Level::ERROR)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].fields.contains("CleanupFailed"),
        "{:?}",
        errors[0]
    );
}

#[async_generator(yield = u32)]
async fn cleanup_panics(log: Log) {
    finally! {
        log.lock().unwrap().push("cleanup: panicking");
        panic!("cleanup failed");
    }
    yield_!(1);
}

#[test]
fn a_cleanup_panic_while_already_panicking_is_contained() {
    let log = log();
    let capture = Capture::default();
    let panic_log = log.clone();
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _guard = tracing::subscriber::set_default(capture.clone());
        let mut generator = Box::pin(cleanup_panics(panic_log));
        assert_eq!(futures::executor::block_on(generator.next()), Some(1));
        panic!("consumer failed");
    }));
    let payload = outcome.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"consumer failed"));
    assert_eq!(entries(&log), ["cleanup: panicking"]);
    assert!(
        capture
            .events()
            .iter()
            .any(|event| event.level == Level::ERROR && event.fields.contains("already panicking"))
    );
}

#[test]
fn a_cleanup_panic_during_a_plain_drop_propagates() {
    let log = log();
    let mut generator = Box::pin(cleanup_panics(log.clone()));
    assert_eq!(futures::executor::block_on(generator.next()), Some(1));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(generator)));
    let payload = outcome.unwrap_err();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"cleanup failed"));
    assert_eq!(entries(&log), ["cleanup: panicking"]);
}

#[cfg(all(feature = "on-drop-block", feature = "task-group"))]
/// Under `on_drop = block` the dropping thread waits on purpose, so a task
/// group's `shutdown` in the cleanup waits for its children too (it stops
/// early only in a drop that cannot wait).
mod block_waits_for_shutdown {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::time::Duration;

    use asyncgen::{TaskGroup, async_generator};
    use futures::StreamExt;

    struct SlowDrop(Arc<AtomicBool>);

    impl Drop for SlowDrop {
        fn drop(&mut self) {
            std::thread::sleep(Duration::from_millis(50));
            self.0.store(true, Ordering::SeqCst);
        }
    }

    #[async_generator(yield = u32, on_drop = block)]
    async fn with_a_child(stopped: Arc<AtomicBool>) {
        let group = TaskGroup::<std::convert::Infallible>::new();
        finally! {
            let _ = group.shutdown().await;
        }
        let guard = SlowDrop(stopped);
        group.spawn(async move {
            let _guard = guard;
            std::future::pending::<()>().await;
            Ok(())
        });
        yield_!(1);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_child_has_stopped_when_drop_returns() {
        let stopped = Arc::new(AtomicBool::new(false));
        {
            let mut generator = std::pin::pin!(with_a_child(stopped.clone()));
            assert_eq!(generator.next().await, Some(1));
        }
        assert!(
            stopped.load(Ordering::SeqCst),
            "drop returned before the child stopped"
        );
    }
}
