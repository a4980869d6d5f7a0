//! A panic in a generator's body reaches whoever polled it. The generator is
//! finished afterwards: the body's locals are dropped as the panic passes,
//! its `finally!` blocks do not run (as documented: a panic is not a close),
//! later polls return `None`, and dropping it does not panic.

mod common;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::pin;
use std::task::Poll;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, poll_once};
use futures::{FutureExt, StreamExt};

#[async_generator(yield = u32)]
async fn panics_after_first(log: Log) {
    let _local = log.guard("local");
    finally! { log.push("cleanup (documented not to run after a panic)"); }
    let _protected_local = log.guard("protected local");
    yield_!(1);
    log.push("about to panic");
    panic!("boom");
}

fn message(payload: &(dyn std::any::Any + Send)) -> &str {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("<not a string>")
}

#[test]
fn a_panic_reaches_the_poller_and_finishes_the_generator() {
    let log = Log::new();
    {
        let mut g = pin!(panics_after_first(log.clone()));
        assert_eq!(poll_once(g.as_mut()), Poll::Ready(Some(1)));
        let caught = catch_unwind(AssertUnwindSafe(|| poll_once(g.as_mut())));
        let payload = caught.expect_err("the panic reaches the poller");
        log.push(format!("caught {}", message(&*payload)));
        assert!(g.is_finished());
        assert_eq!(poll_once(g.as_mut()), Poll::Ready(None));
        assert_eq!(poll_once(g.as_mut()), Poll::Ready(None));
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "about to panic",
            // Locals are dropped as the panic passes, innermost first; the
            // `finally!` block does not run.
            "drop protected local",
            "drop local",
            "caught boom",
            "dropping",
            "dropped",
        ]
    );
}

#[tokio::test]
async fn a_panic_reaches_an_async_consumer() {
    let log = Log::new();
    let mut g = pin!(panics_after_first(log.clone()));
    assert_eq!(g.next().await, Some(1));
    let caught = AssertUnwindSafe(g.next()).catch_unwind().await;
    let payload = caught.expect_err("the panic reaches the consumer");
    log.push(format!("caught {}", message(&*payload)));
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "about to panic",
            "drop protected local",
            "drop local",
            "caught boom",
            "closed",
        ]
    );
}

#[async_generator(yield = u32)]
async fn panics_before_first(log: Log) {
    let _local = log.guard("local");
    finally! { log.push("cleanup (not run)"); }
    log.push("about to panic");
    if log.events().len() < 100 {
        panic!("early");
    }
    yield_!(1);
}

#[test]
fn a_panic_on_the_first_poll_finishes_the_generator() {
    let log = Log::new();
    let mut g = Box::pin(panics_before_first(log.clone()));
    let payload = catch_unwind(AssertUnwindSafe(|| poll_once(g.as_mut())))
        .expect_err("the panic reaches the poller");
    log.push(format!("caught {}", message(&*payload)));
    assert!(g.is_finished());
    assert_eq!(poll_once(g.as_mut()), Poll::Ready(None));
    drop(g);
    log.push("dropped");
    assert_eq!(
        log.take(),
        ["about to panic", "drop local", "caught early", "dropped"]
    );
}

#[async_generator(yield = u32)]
async fn cleanup_panics(log: Log) {
    let _local = log.guard("local");
    finally! { log.push("outer cleanup (not run)"); }
    finally! {
        log.push("cleanup start");
        if log.events().len() < 100 {
            panic!("cleanup failed");
        }
        log.push("cleanup end (not reached)");
    }
    yield_!(1);
}

#[tokio::test]
async fn a_panic_in_cleanup_during_close_reaches_the_closer() {
    let log = Log::new();
    let mut g = pin!(cleanup_panics(log.clone()));
    assert_eq!(g.next().await, Some(1));
    let caught = AssertUnwindSafe(g.as_mut().close()).catch_unwind().await;
    let payload = caught.expect_err("the panic reaches the closer");
    log.push(format!("caught {}", message(&*payload)));
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    g.as_mut().close().await;
    log.push("closed again");
    assert_eq!(
        log.take(),
        [
            "cleanup start",
            "drop local",
            "caught cleanup failed",
            "closed again"
        ]
    );
}

#[async_generator(yield = u32)]
async fn counter(log: Log) {
    let _local = log.guard("local");
    finally! { log.push("cleanup"); }
    for i in 0.. {
        yield_!(i);
    }
}

#[tokio::test]
async fn a_consumer_panicking_drops_the_generator_which_cleans_up() {
    let log = Log::new();
    let consumer = {
        let log = log.clone();
        async move {
            let mut g = pin!(counter(log.clone()));
            while let Some(i) = g.next().await {
                log.push(format!("got {i}"));
                if i == 1 {
                    panic!("consumer failed");
                }
            }
        }
    };
    let payload = AssertUnwindSafe(consumer)
        .catch_unwind()
        .await
        .expect_err("the consumer panicked");
    log.push(format!("caught {}", message(&*payload)));
    assert_eq!(
        log.take(),
        [
            "got 0",
            "got 1",
            // The generator is dropped while the panic unwinds the consumer;
            // its drop runs the cleanup in place.
            "cleanup",
            "drop local",
            "caught consumer failed",
        ]
    );
}
