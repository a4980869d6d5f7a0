//! The wrappers children run in: they race the child against the group's
//! stop signal, catch its panic, and report its failure from the child's own
//! task.
//!
//! A plain child ([`run`]) is checked for the stop signal before each poll,
//! so once its task sees the signal the child runs no more of its code: its
//! future is dropped, inside its task, at the next poll (tokio runs that poll
//! promptly, because the signal wakes the task).
//!
//! A stop-aware child ([`run_stoppable`]) is not dropped on the signal: it
//! has asked for one through its `Stop`, so it is polled on (at least once
//! more after the signal) until it returns or the group's grace period ends;
//! only then is it dropped. What it returns while stopping counts as usual.

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;
use tokio::time::{Instant, Sleep};

use super::shared::{Failure, Payload, Shared};
use super::stop::Signal;

/// Runs `child` until it ends or the group is cancelled; a failure is
/// recorded and cancels the siblings and the host scope from here.
pub(super) async fn run<E, F>(shared: Arc<Shared<E>>, child: F)
where
    F: Future<Output = Result<(), E>>,
{
    let signal = shared.signal().clone();
    if signal.is_requested() {
        return; // cancelled before it started: `child` is dropped unpolled
    }
    // The `Guarded` (and with it the child's future) is dropped as soon as it
    // is ready, before the failure is recorded.
    let end = Guarded {
        child,
        cancelled: signal.requested(),
    }
    .await;
    record(&shared, end);
}

/// Runs a stop-aware `child` until it ends, or until the group's grace
/// period, counted from the stop request, is over. `deadline` is a timer
/// made by the caller, so that a runtime without timers fails at the spawn;
/// it is set when the stop is requested.
pub(super) async fn run_stoppable<E, F>(shared: Arc<Shared<E>>, child: F, deadline: Sleep)
where
    F: Future<Output = Result<(), E>>,
{
    let signal = shared.signal().clone();
    if signal.is_requested() {
        return; // as for a plain child: nothing started, nothing to stop
    }
    let end = Stoppable {
        child,
        requested: signal.requested(),
        deadline,
        signal: &signal,
        phase: Phase::Running,
    }
    .await;
    record(&shared, end);
}

/// Records how a child ended; its future is already dropped.
fn record<E>(shared: &Shared<E>, end: ChildEnd<Result<(), E>>) {
    match end {
        ChildEnd::Cancelled | ChildEnd::Finished(Ok(())) => {}
        ChildEnd::Finished(Err(error)) => shared.fail(Failure::Error(error)),
        ChildEnd::Panicked(payload) => shared.fail(Failure::Panic(payload)),
        ChildEnd::Abandoned => report_abandoned(shared.signal()),
    }
}

/// A stop-aware child was dropped at the end of the grace period. Not a
/// failure (the group is already ending), but worth knowing: its cleanup
/// was cut short.
fn report_abandoned(signal: &Signal) {
    tracing::warn!(
        target: "asyncgen",
        grace = ?signal.grace(),
        "a child of a task group did not stop within the grace period; it was dropped"
    );
}

/// How a child's future ended, as the group records it. (Not the acmgr
/// scope's [`Outcome`](crate::Outcome): a child has no scope.)
enum ChildEnd<T> {
    Finished(T),
    Panicked(Payload),
    /// A plain child, dropped on the stop signal.
    Cancelled,
    /// A stop-aware child, dropped at the end of the grace period.
    Abandoned,
}

/// Polls `child`, catching its panic. The caller never polls it again after
/// a panic: the wrapper is ready, and its owner drops it.
fn poll_caught<F: Future>(child: Pin<&mut F>, cx: &mut Context<'_>) -> Poll<ChildEnd<F::Output>> {
    match panic::catch_unwind(AssertUnwindSafe(|| child.poll(cx))) {
        Ok(Poll::Ready(output)) => Poll::Ready(ChildEnd::Finished(output)),
        Ok(Poll::Pending) => Poll::Pending,
        Err(payload) => Poll::Ready(ChildEnd::Panicked(payload)),
    }
}

pin_project! {
    /// A child raced against the cancellation signal, cancellation first.
    struct Guarded<F, C> {
        #[pin]
        child: F,
        #[pin]
        cancelled: C,
    }
}

impl<F: Future, C: Future> Future for Guarded<F, C> {
    type Output = ChildEnd<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if this.cancelled.poll(cx).is_ready() {
            return Poll::Ready(ChildEnd::Cancelled);
        }
        poll_caught(this.child, cx)
    }
}

/// Where a stop-aware child is in its life.
enum Phase {
    Running,
    /// Stop requested; the deadline is `None` only when the grace period is
    /// too long for an `Instant`.
    Stopping {
        deadline: Option<Instant>,
    },
}

pin_project! {
    /// A stop-aware child: raced against the stop request while running,
    /// then against the end of the grace period. The child is polled first
    /// each time, so it may finish at the very moment either arrives.
    struct Stoppable<'a, F, R> {
        #[pin]
        child: F,
        #[pin]
        requested: R,
        #[pin]
        deadline: Sleep,
        signal: &'a Signal,
        phase: Phase,
    }
}

impl<F: Future, R: Future<Output = ()>> Future for Stoppable<'_, F, R> {
    type Output = ChildEnd<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let mut this = self.project();
        loop {
            if let Poll::Ready(end) = poll_caught(this.child.as_mut(), cx) {
                return Poll::Ready(end);
            }
            match *this.phase {
                Phase::Running => {
                    // The flag too, not only the notification (which comes
                    // just after it): whenever the child could have seen the
                    // request, the stopping starts in the same poll.
                    if !this.signal.is_requested() && this.requested.as_mut().poll(cx).is_pending()
                    {
                        return Poll::Pending;
                    }
                    let deadline = this.signal.deadline();
                    if let Some(at) = deadline {
                        this.deadline.as_mut().reset(at);
                    }
                    *this.phase = Phase::Stopping { deadline };
                    // Round again: the child gets one poll that can see the
                    // request before the deadline is checked, so even a zero
                    // grace period lets it react without waiting.
                }
                Phase::Stopping { deadline: None } => return Poll::Pending,
                Phase::Stopping { deadline: Some(at) } => {
                    // The clock first: a timer fires only on the driver's
                    // next turn, which may come after the child's own timers.
                    if Instant::now() >= at || this.deadline.as_mut().poll(cx).is_ready() {
                        return Poll::Ready(ChildEnd::Abandoned);
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}
