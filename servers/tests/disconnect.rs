//! A client that reads N events and disconnects: both producers stop, both
//! websockets are closed with a Close frame, and the acmgr's exit (the
//! awaiting part of the cleanup, detached by `on_drop = spawn` when hyper
//! drops the body) has completed once `detached::wait_all()` returns. On
//! both runtime flavours. Everything runs on 127.0.0.1, started by the
//! test; every wait is bounded.

use std::time::Duration;

use asyncgen_servers::client::get_events;
use asyncgen_servers::feed::{Behaviour, Ending, FeedServer};
use asyncgen_servers::log::TimedLog;
use asyncgen_servers::sse::{AppState, serve};
use tokio::time::timeout;

/// Far more than anything here takes; only a hang reaches it.
const LIMIT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_leaving_after_ten_events_closes_both_feeds_with_a_close_frame() {
    leave_after_ten_events().await;
}

#[tokio::test(flavor = "current_thread")]
async fn the_same_on_a_current_thread_runtime() {
    leave_after_ten_events().await;
}

async fn leave_after_ten_events() {
    let news = FeedServer::start("news", Duration::from_millis(2), Behaviour::Steady).await;
    let weather = FeedServer::start("weather", Duration::from_millis(3), Behaviour::Steady).await;
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
    for _ in 0..10 {
        let event = timeout(LIMIT, events.next())
            .await
            .expect("an event in time")
            .expect("the stream goes on")
            .expect("a well-formed event");
        assert!(
            ["news", "weather"].contains(&event.event.as_str()),
            "{event:?}"
        );
    }
    log.push("[client] disconnects");
    drop(events);

    // hyper notices the disconnect and drops the body: the exit starts in
    // that drop, and what it awaits is handed to a task of its own.
    assert!(
        log.wait_for("[acmgr] exit: scope Cancelled", LIMIT).await,
        "the exit did not start: {:#?}",
        log.texts()
    );
    timeout(LIMIT, asyncgen::detached::wait_all())
        .await
        .expect("every detached cleanup done in time");
    let done = "[acmgr] exit: every producer has stopped";
    assert!(
        log.contains(done),
        "the exit did not finish: {:#?}",
        log.texts()
    );
    assert_eq!(news.wait_for_endings(1, LIMIT).await, [Ending::CloseFrame]);
    assert_eq!(
        weather.wait_for_endings(1, LIMIT).await,
        [Ending::CloseFrame]
    );
    let texts = log.texts();
    for feed in ["news", "weather"] {
        let stopped = texts
            .iter()
            .position(|t| *t == format!("[{feed}] producer stopped"));
        let exit_done = texts.iter().position(|t| t == done);
        assert!(stopped.is_some() && stopped < exit_done, "{texts:#?}");
    }
    server.abort();
}
