//! The HTTP side: axum serves the merged feed as server-sent events, one
//! acmgr stream per request. When the client disconnects, hyper drops the
//! body, and the acmgr's exit runs (the producers close their websockets).

use std::convert::Infallible;
use std::error::Error;
use std::net::SocketAddr;

use asyncgen::ErrorGroup;
use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event as SseEvent, Sse};
use axum::routing::get;
use futures::{Stream, StreamExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

use crate::log::TimedLog;
use crate::merge::{Event, FeedError, FeedSource, event_stream};

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
    Sse::new(event_stream(state.feeds, state.log).map(to_sse))
}

/// An event per message; the error that ends the stream becomes a last
/// `error` event and is logged, so a failing feed is neither a truncated
/// body for the client nor silent on the server.
// TODO(lead): use log_errors/recover once they land.
fn to_sse(item: Result<Event, ErrorGroup<FeedError>>) -> Result<SseEvent, Infallible> {
    Ok(match item {
        Ok(event) => SseEvent::default().event(event.feed).data(event.text),
        Err(errors) => {
            let report = chain(&errors);
            tracing::error!(error = %report, "the event stream ended with an error");
            SseEvent::default().event("error").data(report)
        }
    })
}

/// An error and its sources, `outer: inner: ...`: `Display` prints one level.
pub fn chain(error: &dyn Error) -> String {
    let mut report = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        report.push_str(": ");
        report.push_str(&cause.to_string());
        source = cause.source();
    }
    report
}
