//! Shared helpers for the behaviour tests: an event log that generator
//! bodies and consumers both write to, and probes that log when they are
//! dropped, so a test can assert the exact order of events.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

/// An ordered, shared record of events. Cheap to clone (all clones share one
/// list) and `Send`, so it can go into generators that are spawned.
#[derive(Clone, Default, Debug)]
pub(crate) struct Log(Arc<Mutex<Vec<String>>>);

impl Log {
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends one event.
    pub(crate) fn push(&self, event: impl Into<String>) {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(event.into());
    }

    /// Every event so far, leaving the log as it is.
    pub(crate) fn events(&self) -> Vec<String> {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Every event so far, emptying the log.
    pub(crate) fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// A value that logs `drop <name>` when it is dropped.
    pub(crate) fn guard(&self, name: &str) -> Guard {
        Guard {
            log: self.clone(),
            name: name.to_owned(),
        }
    }

    /// Wraps `future` so that it logs `<name> done` when it completes and
    /// `<name> dropped` when it is dropped (completed or not).
    pub(crate) fn track<F: Future>(&self, name: &str, future: F) -> Tracked<F> {
        Tracked {
            log: self.clone(),
            name: name.to_owned(),
            future: Box::pin(future),
        }
    }
}

/// Logs `drop <name>` when dropped.
#[derive(Debug)]
pub(crate) struct Guard {
    log: Log,
    name: String,
}

impl Drop for Guard {
    fn drop(&mut self) {
        self.log.push(format!("drop {}", self.name));
    }
}

/// A future that logs its completion and its drop.
pub(crate) struct Tracked<F> {
    log: Log,
    name: String,
    future: Pin<Box<F>>,
}

impl<F: Future> Future for Tracked<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let poll = self.future.as_mut().poll(cx);
        if poll.is_ready() {
            self.log.push(format!("{} done", self.name));
        }
        poll
    }
}

impl<F> Drop for Tracked<F> {
    fn drop(&mut self) {
        self.log.push(format!("{} dropped", self.name));
    }
}

/// A future that is pending once, waking itself before it returns
/// `Pending` (so it never waits on anything outside), then ready.
#[derive(Debug, Default)]
pub(crate) struct WakeSelfOnce {
    polled: bool,
}

impl Future for WakeSelfOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            Poll::Ready(())
        } else {
            self.polled = true;
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

/// Polls `stream` once with a no-op waker.
pub(crate) fn poll_once<S: futures::Stream + ?Sized>(stream: Pin<&mut S>) -> Poll<Option<S::Item>> {
    stream.poll_next(&mut Context::from_waker(std::task::Waker::noop()))
}

/// Drains `stream`, logging each item and the end.
pub(crate) async fn drain<S: futures::Stream>(log: &Log, stream: S)
where
    S::Item: std::fmt::Debug,
{
    use futures::StreamExt;
    let mut stream = std::pin::pin!(stream);
    while let Some(item) = stream.next().await {
        log.push(format!("got {item:?}"));
    }
    log.push("got None");
}
