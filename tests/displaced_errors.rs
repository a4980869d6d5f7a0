//! Nothing is swallowed: when a cleanup fails while an earlier error is
//! already being returned, the first error is returned and the later one is
//! reported through `tracing` (with its `Debug` rendering when it has one).

#[path = "support/capture.rs"]
mod capture;

use std::pin::pin;
use std::sync::{Arc, Mutex};

use asyncgen::{AsyncGenerator, async_generator};
use capture::Capture;
use futures::StreamExt;
use tracing::Level;

type Log = Arc<Mutex<Vec<&'static str>>>;

#[derive(Debug, PartialEq)]
struct Failed(&'static str);

fn fail(log: &Log, what: &'static str) -> Result<(), Failed> {
    log.lock().unwrap().push(what);
    Err(Failed(what))
}

#[async_generator(yield = u32)]
async fn both_fail(log: Log) -> Result<(), Failed> {
    finally! { fail(&log, "outer cleanup")?; }
    {
        finally! { fail(&log, "inner cleanup")?; }
        yield_!(1);
        fail(&log, "body")?;
    }
    Ok(())
}

fn displaced(capture: &Capture) -> Vec<String> {
    capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == Level::ERROR)
        .map(|event| event.fields)
        .collect()
}

#[tokio::test]
async fn the_body_error_is_returned_and_the_cleanup_errors_reported() {
    let log = Log::default();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let items: Vec<_> = both_fail(log.clone()).collect().await;
    assert_eq!(items, [Ok(1), Err(Failed("body"))]);
    assert_eq!(
        *log.lock().unwrap(),
        ["body", "inner cleanup", "outer cleanup"]
    );
    let reports = displaced(&capture);
    assert_eq!(reports.len(), 2, "{reports:?}");
    assert!(
        reports[0].contains("Failed(\"inner cleanup\")"),
        "{}",
        reports[0]
    );
    assert!(
        reports[1].contains("Failed(\"outer cleanup\")"),
        "{}",
        reports[1]
    );
}

#[tokio::test]
async fn during_close_the_first_cleanup_error_is_closes_err() {
    let log = Log::default();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut generator = pin!(both_fail(log.clone()));
    assert_eq!(generator.next().await, Some(Ok(1)));
    assert_eq!(
        generator.as_mut().close().await,
        Err(Failed("inner cleanup"))
    );
    assert_eq!(*log.lock().unwrap(), ["inner cleanup", "outer cleanup"]);
    let reports = displaced(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].contains("Failed(\"outer cleanup\")"),
        "{}",
        reports[0]
    );
}

/// An error type without `Debug` is reported by its type name.
struct Opaque;

#[async_generator(yield = u32)]
async fn opaque_errors() -> Result<(), Opaque> {
    finally! { Err(Opaque)?; }
    yield_!(1);
    Err(Opaque)
}

#[tokio::test]
async fn an_error_without_debug_is_reported_by_type_name() {
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let items: Vec<_> = opaque_errors().collect().await;
    assert!(matches!(items[..], [Ok(1), Err(Opaque)]));
    let reports = displaced(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(
        reports[0].contains("displaced_errors::Opaque"),
        "{}",
        reports[0]
    );
}

#[async_generator(yield = u32)]
async fn yields_now_twice_in_cleanup(log: Log) {
    finally! {
        log.lock().unwrap().push("a");
        tokio::task::yield_now().await;
        log.lock().unwrap().push("b");
        tokio::task::yield_now().await;
        log.lock().unwrap().push("c");
    }
    yield_!(1);
}

/// tokio defers `yield_now`'s wake to its next tick, which a thread busy in
/// `drop` never reaches; drop re-polls anyway, so such cleanup completes.
#[tokio::test(flavor = "current_thread")]
async fn cleanup_that_only_yields_completes_during_drop() {
    let log = Log::default();
    {
        let mut generator = pin!(yields_now_twice_in_cleanup(log.clone()));
        assert_eq!(generator.next().await, Some(1));
    }
    assert_eq!(*log.lock().unwrap(), ["a", "b", "c"]);
}
