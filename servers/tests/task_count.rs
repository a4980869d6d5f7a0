//! Nothing outlives a request: after 20 requests that each read a few
//! events and disconnect, the runtime's live task count is back where it
//! started (the servers' own accept loops excepted, as they were already
//! running). Bounded waits; no timing assertion.

use std::time::{Duration, Instant};

use asyncgen_servers::client::get_events;
use asyncgen_servers::feed::{Behaviour, FeedServer};
use asyncgen_servers::log::TimedLog;
use asyncgen_servers::sse::{AppState, serve};
use tokio::runtime::Handle;
use tokio::time::timeout;

const LIMIT: Duration = Duration::from_secs(5);

fn alive() -> usize {
    Handle::current().metrics().num_alive_tasks()
}

/// Waits until the live task count is `expected`, for at most `LIMIT`;
/// returns the count then.
async fn settle_at(expected: usize) -> usize {
    let deadline = Instant::now() + LIMIT;
    while alive() != expected && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    alive()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_live_task_count_returns_to_its_start_after_20_requests() {
    let news = FeedServer::start("news", Duration::from_millis(1), Behaviour::Steady).await;
    let weather = FeedServer::start("weather", Duration::from_millis(2), Behaviour::Steady).await;
    let state = AppState {
        feeds: vec![news.source(), weather.source()],
        log: TimedLog::new(),
    };
    let (addr, server) = serve(state).await;
    let url = format!("http://{addr}/events");
    let start = alive();
    let mut most = start;
    for request in 0..20 {
        let mut events = timeout(LIMIT, get_events(&url)).await.unwrap().unwrap();
        for _ in 0..3 {
            let event = timeout(LIMIT, events.next()).await.unwrap();
            assert!(event.is_some_and(|e| e.is_ok()), "request {request}");
        }
        most = most.max(alive());
        drop(events);
    }
    // The count does see a request's tasks (connections, producers), so
    // coming back to `start` means they all ended.
    assert!(most > start, "{most} tasks at most, {start} at the start");
    assert_eq!(settle_at(start).await, start, "tasks left behind");
    server.abort();
}
