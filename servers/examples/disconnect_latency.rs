//! Client disconnect -> cleanup done, for each drop policy.
//!
//! `cargo run --release -p asyncgen-servers --example disconnect_latency`
//!
//! axum serves one generator per request as server-sent events; the
//! generator reads a websocket feed (1 message per ms) and its `finally!`
//! awaits a 1 ms timer, then the websocket's closing handshake. A real
//! HTTP client reads one event, then disconnects (drops the connection)
//! and times, from that moment, when the cleanup started (its first, sync
//! statement: hyper dropped the body) and when it was done (after both
//! awaits). The policy decides what happens to the awaiting part when
//! hyper drops the body: `report` abandons it, `block` waits on the
//! dropping worker thread (multi-thread runtime), `spawn` finishes it in a
//! task of its own.
//!
//! Prints a markdown table: median and p90 over the runs, and how many
//! cleanups completed at all.

use std::convert::Infallible;
use std::time::{Duration, Instant};

use asyncgen::async_generator;
use asyncgen_servers::client::get_events;
use asyncgen_servers::feed::{Behaviour, FeedServer};
use axum::Router;
use axum::extract::State;
use axum::response::sse::{Event, Sse};
use axum::routing::get;
use futures::{Stream, StreamExt};
use tokio::sync::mpsc;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

/// Disconnects measured per policy.
const RUNS: usize = 200;

/// How long to wait for a cleanup to finish before counting it abandoned.
const ABANDONED_AFTER: Duration = Duration::from_millis(50);

/// What a cleanup reports, and when.
#[derive(Debug, Clone, Copy)]
enum Step {
    Started(Instant),
    Done(Instant),
}

#[derive(Clone)]
struct AppState {
    feed: String,
    steps: mpsc::UnboundedSender<Step>,
}

/// One generator per policy: the same body under a different `on_drop`.
macro_rules! feed_generator {
    ($name:ident, $($policy:tt)*) => {
        #[async_generator(yield = String, $($policy)*)]
        async fn $name(url: String, steps: mpsc::UnboundedSender<Step>) {
            let Ok((mut ws, _)) = tokio_tungstenite::connect_async(url.as_str()).await else {
                return;
            };
            finally! {
                let _ = steps.send(Step::Started(Instant::now()));
                tokio::time::sleep(Duration::from_millis(1)).await;
                let _ = ws.close(None).await;
                while let Some(Ok(_)) = ws.next().await {}
                let _ = steps.send(Step::Done(Instant::now()));
            }
            while let Some(Ok(message)) = ws.next().await {
                if let Message::Text(text) = message {
                    yield_!(text.to_string());
                }
            }
        }
    };
}

feed_generator!(with_report, on_drop = report);
feed_generator!(with_block, on_drop = block);
feed_generator!(with_spawn, on_drop = spawn);

fn sse<S: Stream<Item = String> + Send + 'static>(
    items: S,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    Sse::new(items.map(|text| Ok(Event::default().data(text))))
}

async fn report(State(s): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    sse(with_report(s.feed, s.steps))
}

async fn block(State(s): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    sse(with_block(s.feed, s.steps))
}

async fn spawn(State(s): State<AppState>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    sse(with_spawn(s.feed, s.steps))
}

/// Latencies from the disconnects to the cleanup's start and end.
#[derive(Default)]
struct Samples {
    started: Vec<Duration>,
    done: Vec<Duration>,
    /// From the cleanup's start to its end: its own awaits.
    own: Vec<Duration>,
}

async fn measure(url: &str, steps: &mut mpsc::UnboundedReceiver<Step>) -> Samples {
    let mut samples = Samples::default();
    for _ in 0..RUNS {
        let mut events = get_events(url).await.expect("a response");
        let first = timeout(Duration::from_secs(5), events.next()).await;
        assert!(matches!(first, Ok(Some(Ok(_)))), "an event: {first:?}");
        let disconnected = Instant::now();
        drop(events);
        let deadline = tokio::time::Instant::now() + ABANDONED_AFTER;
        let mut started = None;
        while let Ok(Some(step)) = tokio::time::timeout_at(deadline, steps.recv()).await {
            match step {
                Step::Started(at) => {
                    started = Some(at);
                    samples.started.push(at - disconnected);
                }
                Step::Done(at) => {
                    samples.done.push(at - disconnected);
                    samples.own.extend(started.map(|started| at - started));
                    break;
                }
            }
        }
        // Anything late belongs to this run, not the next one.
        while steps.try_recv().is_ok() {}
    }
    samples
}

/// `median / p90` in ms, or `-` with no samples.
fn stats(samples: &mut [Duration]) -> String {
    if samples.is_empty() {
        return "-".to_owned();
    }
    samples.sort();
    let at = |q: usize| samples[(samples.len() * q / 100).min(samples.len() - 1)];
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    format!("{:.3} / {:.3}", ms(at(50)), ms(at(90)))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let feed = FeedServer::start("feed", Duration::from_millis(1), Behaviour::Steady).await;
    let (tx, mut steps) = mpsc::unbounded_channel();
    let state = AppState {
        feed: feed.url(),
        steps: tx,
    };
    let app = Router::new()
        .route("/report", get(report))
        .route("/block", get(block))
        .route("/spawn", get(spawn))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    println!("{RUNS} disconnects per policy; cleanup = 1 ms timer + websocket close handshake;");
    println!("ms after the client dropped its connection, median / p90");
    println!();
    println!(
        "| `on_drop` | cleanup starts | cleanup done | its own awaits (done - starts) | completed |"
    );
    println!("| --- | --- | --- | --- | --- |");
    for policy in ["report", "block", "spawn"] {
        let url = format!("http://{addr}/{policy}");
        let mut samples = measure(&url, &mut steps).await;
        let completed = samples.done.len();
        println!(
            "| `{policy}` | {} | {} | {} | {completed} / {RUNS} |",
            stats(&mut samples.started),
            stats(&mut samples.done),
            stats(&mut samples.own),
        );
    }
}
