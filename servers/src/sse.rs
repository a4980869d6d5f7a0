//! The HTTP side: axum serves the merged feed as server-sent events, one
//! acmgr stream per request. When the client disconnects, hyper drops the
//! body, and the acmgr's exit runs (the producers close their websockets).

use std::convert::Infallible;
use std::error::Error;
use std::net::SocketAddr;

use asyncgen::AsyncGeneratorExt;
use asyncgen::ErrorGroup;
use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, Sse};
use axum::routing::get;
use futures::{Stream, StreamExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::log::TimedLog;
use crate::merge::{FeedError, FeedSource, event_stream};

/// What every request needs: where the feeds are, and the log.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The feeds to merge.
    pub feeds: Vec<FeedSource>,
    /// Where the acmgr and producers log their steps.
    pub log: TimedLog,
}

/// `GET /events`: the merged feed as server-sent events.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/events", get(events))
        .with_state(state)
}

/// Serves [`router`] on an ephemeral port of 127.0.0.1. Aborting the handle
/// stops the server.
pub async fn serve(state: AppState) -> (SocketAddr, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("a bound address");
    let server = tokio::spawn(async move {
        axum::serve(listener, router(state)).await.expect("serving");
    });
    (addr, server)
}

async fn events(
    State(state): State<AppState>,
) -> Sse<impl Stream<Item = Result<SseEvent, Infallible>>> {
    // `log_errors` logs the error that ends the stream once, here;
    // `recover` turns it into a last `error` event, so the client sees why
    // the feed ended instead of a truncated body.
    let events = event_stream(state.feeds, state.log)
        .map(|item| item.map(|event| SseEvent::default().event(event.feed).data(event.text)))
        .log_errors()
        .recover(|errors| SseEvent::default().event("error").data(report(&errors)));
    Sse::new(events)
}

/// Every error of the group with its sources: `Display` prints one level.
fn report(errors: &ErrorGroup<FeedError>) -> String {
    let each: Vec<String> = errors.iter().map(|error| chain(error)).collect::<Vec<_>>();
    each.join("; ")
}

/// An error and its sources, `outer: inner: ...`. A source some error
/// already printed in its own `Display` (tungstenite's do) is not repeated.
pub fn chain(error: &dyn Error) -> String {
    let mut report = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !report.ends_with(&cause_text) {
            report.push_str(": ");
            report.push_str(&cause_text);
        }
        source = cause.source();
    }
    report
}
