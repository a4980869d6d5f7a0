//! News and weather over real sockets: two websocket feeds merged by an
//! `#[acmgr]` holding a `TaskGroup`, served by axum as server-sent events.
//!
//! ```text
//! feed server "news"    --ws--> producer --+
//!                                          +-- mpsc --> acmgr.into_stream() --> axum Sse --> HTTP client
//! feed server "weather" --ws--> producer --+
//! ```
//!
//! `cargo run --example news_and_weather` starts everything on 127.0.0.1,
//! reads ten events with an HTTP client, disconnects, and prints the log
//! with the time of each step (ms since start): after the disconnect, hyper
//! drops the body, the acmgr's exit runs, each producer sends its websocket
//! a Close frame, and the exit waits for both. Then it prints how each feed
//! server saw its connection end.
//!
//! `cargo run --example news_and_weather -- --serve` keeps serving and
//! prints the `curl` command to watch the feed; each disconnect's cleanup
//! is printed as it happens. On Ctrl-C it waits for the cleanups still
//! running (`asyncgen::detached::wait_all()`) before it exits.

use std::time::Duration;

use asyncgen::detached;
use asyncgen_servers::client::get_events;
use asyncgen_servers::feed::{Behaviour, FeedServer};
use asyncgen_servers::log::TimedLog;
use asyncgen_servers::sse::{AppState, serve};
use tokio::time::timeout;

/// Bounds every wait, so the example never hangs.
const LIMIT: Duration = Duration::from_secs(5);

#[tokio::main]
async fn main() {
    let serving = std::env::args().any(|arg| arg == "--serve");
    let log = if serving {
        TimedLog::echoing()
    } else {
        TimedLog::new()
    };
    let news = FeedServer::start("news", Duration::from_millis(30), Behaviour::Steady).await;
    let weather = FeedServer::start("weather", Duration::from_millis(70), Behaviour::Steady).await;
    let state = AppState {
        feeds: vec![news.source(), weather.source()],
        log: log.clone(),
    };
    let (addr, _server) = serve(state).await;
    let url = format!("http://{addr}/events");

    if serving {
        println!("feeds: {} and {}", news.url(), weather.url());
        println!("serving; watch it with:\n\n    curl -N {url}\n\nstop with Ctrl-C");
        tokio::signal::ctrl_c().await.expect("a Ctrl-C handler");
        // A graceful shutdown waits for the cleanups of dropped bodies
        // (`on_drop = spawn`): here, producers closing their websockets.
        println!("\nCtrl-C: {} cleanup(s) still running", detached::pending());
        let _ = timeout(LIMIT, detached::wait_all()).await;
        println!("every detached cleanup done: {} left", detached::pending());
        return;
    }

    let mut events = timeout(LIMIT, get_events(&url))
        .await
        .expect("the response in time")
        .expect("a 200 response");
    for _ in 0..10 {
        match timeout(LIMIT, events.next())
            .await
            .expect("an event in time")
        {
            Some(Ok(event)) => log.push(format!("[client] {}: {}", event.event, event.data)),
            other => panic!("expected an event, got {other:?}"),
        }
    }
    log.push("[client] that's ten: disconnecting");
    drop(events);

    // hyper notices the disconnect and drops the body: the acmgr's exit
    // starts inside that drop, and what it awaits (the producers' closing
    // handshakes) continues in a task of its own (`on_drop = spawn`).
    let started = log.wait_for("[acmgr] exit: scope", LIMIT).await;
    let finished = started
        && timeout(LIMIT, detached::wait_all()).await.is_ok()
        && log.contains("[acmgr] exit: every producer has stopped");
    let endings = [
        (news.name(), news.wait_for_endings(1, LIMIT).await),
        (weather.name(), weather.wait_for_endings(1, LIMIT).await),
    ];
    for line in log.lines() {
        println!("{line}");
    }
    println!();
    for (feed, endings) in endings {
        for ending in endings {
            println!("the {feed} feed server: {ending}");
        }
    }
    assert!(finished, "the acmgr's exit did not finish within {LIMIT:?}");
}
