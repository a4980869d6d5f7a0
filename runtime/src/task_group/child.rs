//! The wrapper every child runs in: it races the child against the group's
//! cancellation signal, catches its panic, and reports its failure from the
//! child's own task.
//!
//! Cancellation is checked before each poll of the child, so once a child's
//! task sees the signal the child runs no more of its code: its future is
//! dropped, inside its task, at the next poll (tokio runs that poll promptly,
//! because the signal wakes the task).

use std::future::Future;
use std::panic::{self, AssertUnwindSafe};
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::task::{Context, Poll};

use pin_project_lite::pin_project;

use super::shared::{Failure, Payload, Shared};

/// Runs `child` until it ends or the group is cancelled; a failure is
/// recorded and cancels the siblings and the host scope from here.
pub(super) async fn run<E, F>(shared: Arc<Shared<E>>, child: F)
where
    F: Future<Output = Result<(), E>>,
{
    let mut cancelled = pin!(shared.notify().notified());
    // Registered before the flag is read: a cancel that comes after the read
    // wakes this task.
    cancelled.as_mut().enable();
    if shared.is_cancelled() {
        return; // cancelled before it started: `child` is dropped unpolled
    }
    // The `Guarded` (and with it the child's future) is dropped as soon as it
    // is ready, before the failure is recorded.
    let outcome = Guarded {
        child,
        cancelled: cancelled.as_mut(),
    }
    .await;
    match outcome {
        Outcome::Cancelled | Outcome::Finished(Ok(())) => {}
        Outcome::Finished(Err(error)) => shared.fail(Failure::Error(error)),
        Outcome::Panicked(payload) => shared.fail(Failure::Panic(payload)),
    }
}

enum Outcome<T> {
    Finished(T),
    Panicked(Payload),
    Cancelled,
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
    type Output = Outcome<F::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if this.cancelled.poll(cx).is_ready() {
            return Poll::Ready(Outcome::Cancelled);
        }
        // The child is never polled again after a panic: `run` drops it.
        match panic::catch_unwind(AssertUnwindSafe(|| this.child.poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Outcome::Finished(output)),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Outcome::Panicked(payload)),
        }
    }
}
