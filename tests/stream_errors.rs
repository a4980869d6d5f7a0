//! The error that ends a stream is seen: `log_errors()` reports it through
//! `tracing` where the stream is built, and `recover(f)` turns it into a
//! last item that an HTTP body or an SSE stream delivers instead of aborting.
//! Both keep `close` (a consumer leaving early still runs the cleanup).

mod common;

#[path = "support/capture.rs"]
mod capture;

use std::convert::Infallible;
use std::pin::pin;

use asyncgen::{AsyncGenerator, AsyncGeneratorExt, async_generator};
use capture::Capture;
use common::Log;
use futures::StreamExt;
use tracing::Level;

#[async_generator(yield = u32)]
async fn feed(log: Log, fail_after: u32) -> Result<(), String> {
    finally! { log.push("feed cleanup"); }
    for i in 1..=fail_after {
        yield_!(i);
    }
    Err(format!("feed lost after {fail_after}"))
}

#[tokio::test]
async fn the_ending_error_is_logged_once_and_passed_on() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut items = pin!(feed(log.clone(), 2).log_errors());
    while let Some(item) = items.next().await {
        log.push(format!("got {item:?}"));
    }
    assert_eq!(
        log.take(),
        [
            "got Ok(1)",
            "got Ok(2)",
            "feed cleanup",
            "got Err(\"feed lost after 2\")"
        ]
    );
    let events = capture.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, Level::ERROR);
    assert_eq!(events[0].target, "asyncgen");
    assert!(
        events[0].fields.contains("error=feed lost after 2"),
        "{}",
        events[0].fields
    );
}

#[tokio::test]
async fn recover_makes_the_error_a_last_item() {
    let log = Log::new();
    let items = feed(log.clone(), 1).recover(|error| 1000 + error.len() as u32);
    // What an HTTP body or `Sse` accepts: a stream of `Result<_, Infallible>`.
    let mut items: std::pin::Pin<&mut _> = pin!(items);
    let mut got: Vec<Result<u32, Infallible>> = Vec::new();
    while let Some(item) = items.next().await {
        got.push(item);
    }
    assert_eq!(got, [Ok(1), Ok(1000 + "feed lost after 1".len() as u32)]);
    assert_eq!(log.take(), ["feed cleanup"]);
}

#[tokio::test]
async fn both_adapters_keep_close() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut items = pin!(feed(log.clone(), 5).log_errors().recover(|_| 0));
    assert_eq!(items.next().await, Some(Ok(1)));
    assert!(!items.is_finished());
    items.as_mut().close().await.expect("the cleanup succeeded");
    log.push("closed");
    assert!(items.is_finished());
    assert_eq!(log.take(), ["feed cleanup", "closed"]);
    // A close is not an error: nothing was logged.
    assert!(capture.events().is_empty(), "{:?}", capture.events());
}
