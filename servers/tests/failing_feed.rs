//! One feed fails (garbage on the wire, or a hang-up without a Close
//! frame): the other producer stops, the client gets an `error` event
//! before the body ends, and the error is logged through `tracing`.
//!
//! The capturing subscriber is global (the server's tasks log from worker
//! threads), so this file is its own test binary; each test looks only for
//! its own feed's name.

use std::sync::OnceLock;
use std::time::Duration;

use asyncgen_servers::capture::Capture;
use asyncgen_servers::client::{SseEvent, get_events};
use asyncgen_servers::feed::{Behaviour, Ending, FeedServer};
use asyncgen_servers::log::TimedLog;
use asyncgen_servers::sse::{AppState, serve};
use tokio::time::timeout;
use tracing::Level;
use tracing_subscriber::layer::SubscriberExt;

/// Far more than anything here takes; only a hang reaches it.
const LIMIT: Duration = Duration::from_secs(5);

fn capture() -> &'static Capture {
    static CAPTURE: OnceLock<Capture> = OnceLock::new();
    CAPTURE.get_or_init(|| {
        let capture = Capture::default();
        let subscriber = tracing_subscriber::registry().with(capture.clone());
        tracing::subscriber::set_global_default(subscriber).expect("the only subscriber");
        capture
    })
}

/// Runs news (steady) beside a weather feed named `weather` that breaks as
/// `behaviour` says; returns every event the client read to the body's end.
async fn read_until_the_end(
    weather: &'static str,
    behaviour: Behaviour,
) -> (Vec<SseEvent>, TimedLog) {
    let news = FeedServer::start("news", Duration::from_millis(2), Behaviour::Steady).await;
    let weather = FeedServer::start(weather, Duration::from_millis(3), behaviour).await;
    let log = TimedLog::new();
    let state = AppState {
        feeds: vec![news.source(), weather.source()],
        log: log.clone(),
    };
    let (addr, server) = serve(state).await;
    let mut events = timeout(LIMIT, get_events(&format!("http://{addr}/events")))
        .await
        .expect("the response head in time")
        .expect("a 200 response");
    let mut read = Vec::new();
    while let Some(event) = timeout(LIMIT, events.next())
        .await
        .expect("the body goes on or ends in time")
    {
        read.push(event.expect("a well-formed body, ended cleanly"));
    }
    assert!(
        log.wait_for("[news] producer stopped", LIMIT).await,
        "{:#?}",
        log.texts()
    );
    // Asked to stop, the news producer said goodbye properly.
    assert_eq!(news.wait_for_endings(1, LIMIT).await, [Ending::CloseFrame]);
    assert_eq!(
        weather.wait_for_endings(1, LIMIT).await,
        [Ending::ServerBroke]
    );
    server.abort();
    (read, log)
}

/// The last event is the only `error` event, and names the feed and what
/// the websocket client saw (`why`).
fn assert_ends_with_one_error(read: &[SseEvent], feed: &str, why: &str) {
    let (last, before) = read.split_last().expect("at least the error event");
    assert_eq!(last.event, "error", "{read:#?}");
    assert!(
        last.data.contains(&format!("the {feed} feed broke")),
        "{last:?}"
    );
    assert!(last.data.contains(why), "{last:?}");
    assert!(before.iter().all(|e| e.event != "error"), "{read:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn garbage_on_one_feed_stops_the_other_and_ends_with_a_logged_error_event() {
    let capture = capture();
    let (read, log) = read_until_the_end("weather-garbage", Behaviour::GarbageAfter(3)).await;
    assert_ends_with_one_error(&read, "weather-garbage", "invalid opcode");
    let logged = capture.find(Level::ERROR, "the weather-garbage feed broke");
    assert_eq!(logged.len(), 1, "{:#?}", capture.events());
    assert_eq!(
        logged[0].target, "asyncgen",
        "logged by log_errors: {logged:?}"
    );
    assert!(
        log.contains("[acmgr] exit: every producer has stopped"),
        "{:#?}",
        log.texts()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_feed_hanging_up_stops_the_other_and_ends_with_a_logged_error_event() {
    let capture = capture();
    let (read, log) = read_until_the_end("weather-drop", Behaviour::DropAfter(3)).await;
    assert_ends_with_one_error(&read, "weather-drop", "without closing handshake");
    let logged = capture.find(Level::ERROR, "the weather-drop feed broke");
    assert_eq!(logged.len(), 1, "{:#?}", capture.events());
    assert_eq!(
        logged[0].target, "asyncgen",
        "logged by log_errors: {logged:?}"
    );
    assert!(
        log.contains("[acmgr] exit: every producer has stopped"),
        "{:#?}",
        log.texts()
    );
}
