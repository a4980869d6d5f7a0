//! `yield_!` in the arms of `tokio::select!` and `futures::select!` /
//! `select_biased!` (the handlers, which run in the body after the select
//! polled its futures), and a close or drop arriving while the select waits:
//! the select's futures are abandoned (dropped) and the cleanup runs.

mod common;

use std::future::pending;
use std::pin::pin;
use std::task::Poll;
use std::time::Duration;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, poll_once};
use futures::{FutureExt, StreamExt};
use tokio::sync::mpsc;

/// The async-stream idiom: merge a channel and a ticker.
#[async_generator(yield = u32)]
async fn merged(log: Log, mut rx: mpsc::Receiver<u32>) {
    finally! {
        tokio::task::yield_now().await;
        log.push("cleanup");
    }
    let mut ticks = 0;
    loop {
        tokio::select! {
            biased;
            value = rx.recv() => match value {
                Some(value) => yield_!(value),
                None => break,
            },
            _ = tokio::time::sleep(Duration::from_millis(1)), if ticks < 1 => {
                ticks += 1;
                yield_!(0);
            }
        }
    }
    log.push("end");
}

#[tokio::test]
async fn yields_in_tokio_select_arms() {
    let log = Log::new();
    let (tx, rx) = mpsc::channel(4);
    tx.send(7).await.unwrap();
    tx.send(8).await.unwrap();
    let mut g = pin!(merged(log.clone(), rx));
    assert_eq!(g.next().await, Some(7));
    assert_eq!(g.next().await, Some(8));
    // Nothing in the channel: the tick wins.
    assert_eq!(g.next().await, Some(0));
    drop(tx);
    assert_eq!(g.next().await, None);
    assert_eq!(log.take(), ["end", "cleanup"]);
}

/// A select whose futures never complete: only a close or drop ends it.
#[async_generator(yield = u32)]
async fn waiting(log: Log) {
    finally! {
        tokio::task::yield_now().await;
        log.push("cleanup");
    }
    yield_!(1);
    tokio::select! {
        _ = log.track("first future", pending::<()>()) => yield_!(2),
        _ = log.track("second future", pending::<()>()) => {
            yield_!(3);
        }
    }
    log.push("after select");
}

#[tokio::test]
async fn close_while_a_tokio_select_waits_drops_its_futures_then_cleans_up() {
    let log = Log::new();
    let mut g = pin!(waiting(log.clone()));
    assert_eq!(g.next().await, Some(1));
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    tokio::time::timeout(Duration::from_secs(5), g.as_mut().close())
        .await
        .expect("close does not hang at the select");
    log.push("closed");
    let events = log.take();
    // The select's futures are dropped (in the select's own order) before
    // the cleanup; the body does not go on after the select.
    assert_eq!(events.len(), 4, "{events:?}");
    assert!(
        events[..2].contains(&"first future dropped".to_string()),
        "{events:?}"
    );
    assert!(
        events[..2].contains(&"second future dropped".to_string()),
        "{events:?}"
    );
    assert_eq!(events[2..], ["cleanup", "closed"]);
}

#[test]
fn drop_while_a_tokio_select_waits_runs_the_cleanup_in_place() {
    let log = Log::new();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _entered = runtime.enter();
    let mut g = Box::pin(waiting(log.clone()));
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(Some(1)));
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    drop(g);
    log.push("dropped");
    let events = log.take();
    // `yield_now` in the cleanup is ready on its second poll: in place.
    assert_eq!(events[2..], ["cleanup", "dropped"], "{events:?}");
}

#[async_generator(yield = u32)]
async fn futures_select(log: Log, rx: futures::channel::mpsc::Receiver<u32>) -> Result<(), String> {
    finally!(|outcome| log.push(format!("cleanup {outcome:?}")));
    let mut rx = rx.fuse();
    let mut never = pending::<()>().fuse();
    loop {
        futures::select! {
            value = rx.next() => match value {
                Some(0) => Err("zero".to_string())?,
                Some(value) => yield_!(value),
                None => break,
            },
            _ = never => yield_!(99),
        }
    }
    Ok(())
}

#[tokio::test]
async fn yields_and_exits_in_futures_select_arms() {
    let log = Log::new();
    let (mut tx, rx) = futures::channel::mpsc::channel(4);
    tx.try_send(5).unwrap();
    tx.try_send(0).unwrap();
    let items: Vec<_> = futures_select(log.clone(), rx).collect().await;
    assert_eq!(items, [Ok(5), Err("zero".to_string())]);
    assert_eq!(log.take(), ["cleanup Failed"]);

    let (mut tx, rx) = futures::channel::mpsc::channel(4);
    tx.try_send(6).unwrap();
    let mut g = pin!(futures_select(log.clone(), rx));
    assert_eq!(g.next().await, Some(Ok(6)));
    // Parked in the select: close abandons it.
    assert!(futures::poll!(g.next()).is_pending());
    g.as_mut().close().await.expect("nothing failed");
    assert_eq!(log.take(), ["cleanup Cancelled"]);
    drop(tx);
}

#[async_generator(yield = u32)]
async fn biased_select(log: Log) {
    finally! { log.push("cleanup"); }
    let mut ready = std::future::ready(1).fuse();
    futures::select_biased! {
        value = ready => yield_!(value),
        _ = pending::<()>().fuse() => yield_!(0),
    }
    yield_!(2);
}

#[tokio::test]
async fn select_biased_arms() {
    let log = Log::new();
    let items: Vec<u32> = biased_select(log.clone()).collect().await;
    assert_eq!(items, [1, 2]);
    assert_eq!(log.take(), ["cleanup"]);
}

/// Without cleanup, nothing is added to the select: the yields still work.
#[async_generator(yield = u32)]
async fn no_cleanup(mut rx: mpsc::Receiver<u32>) {
    while let Some(value) = tokio::select! {
        value = rx.recv() => value,
    } {
        tokio::select! {
            _ = std::future::ready(()) => yield_!(value * 10),
        }
    }
}

#[tokio::test]
async fn select_arms_without_cleanup() {
    let (tx, rx) = mpsc::channel(4);
    tx.send(1).await.unwrap();
    tx.send(2).await.unwrap();
    drop(tx);
    let items: Vec<u32> = no_cleanup(rx).collect().await;
    assert_eq!(items, [10, 20]);
}
