//! How a lowered body's awaits meet a close: awaits that give up when the
//! body is left, sections where leaving is dropping the body, and the leave
//! check after a cleanup.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use super::frame::{self, PARKED};
use crate::flow::Flow;
use crate::outcome::Outcome;

pin_project! {
    /// The future returned by [`unless_leaving`](super::unless_leaving).
    #[derive(Debug)]
    #[must_use = "futures do nothing unless awaited"]
    pub struct UnlessLeaving<F> {
        #[pin]
        pub(super) future: F,
    }
}

impl<F: Future> Future for UnlessLeaving<F> {
    type Output = Option<F::Output>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let future = self.project().future;
        let Some(head) = frame::head(cx) else {
            // Polled outside its generator's poll (moved into another
            // future): nothing to notice, just the await.
            return future.poll(cx).map(Some);
        };
        if head.leaving.get() {
            return Poll::Ready(None);
        }
        // The consumer's own waker, so that a future that keeps its waker
        // (tokio's) sees the same one on every poll.
        let mut consumer = Context::from_waker(frame::consumer_waker(head));
        match future.poll(&mut consumer) {
            Poll::Ready(value) => Poll::Ready(Some(value)),
            Poll::Pending => {
                head.state.set(PARKED);
                Poll::Pending
            }
        }
    }
}

/// The future returned by [`enter_section`](super::enter_section) and
/// [`leave_section`](super::leave_section): ready at once.
#[derive(Debug)]
#[must_use = "a section mark does nothing unless awaited"]
pub struct SectionMark(pub(super) bool);

impl Future for SectionMark {
    type Output = ();

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(head) = frame::head(cx) {
            if self.0 {
                head.flags.enter_section();
            } else {
                head.flags.leave_section();
            }
        }
        Poll::Ready(())
    }
}

/// The future returned by
/// [`leave_if_closing`](super::leave_if_closing): ready at once.
#[derive(Debug)]
#[must_use = "the leave check does nothing unless awaited"]
pub struct LeaveIfClosing<N, R> {
    pub(super) flow: Option<(Flow<N, R>, R)>,
}

// The flow is never pinned.
impl<N, R> Unpin for LeaveIfClosing<N, R> {}

impl<N, R> Future for LeaveIfClosing<N, R> {
    type Output = Flow<N, R>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Flow<N, R>> {
        let (flow, leave) = self
            .flow
            .take()
            .expect("`LeaveIfClosing` polled after completion");
        let leaving = frame::head(cx).is_some_and(|head| head.leaving.get());
        Poll::Ready(match flow {
            Flow::Return(value) => Flow::Return(value),
            _ if leaving => Flow::Return(leave),
            other => other,
        })
    }
}

/// The future returned by [`region_outcome`](super::region_outcome): ready
/// at once.
#[derive(Debug)]
#[must_use = "the outcome is read when awaited"]
pub struct RegionOutcome {
    pub(super) failed: bool,
}

impl Future for RegionOutcome {
    type Output = Outcome;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let leaving = frame::head(cx).is_some_and(|head| head.leaving.get());
        // An error already leaving the block wins over a close that arrived
        // while an inner cleanup waited: the block was left by the error.
        Poll::Ready(if self.failed {
            Outcome::Failed
        } else if leaving {
            Outcome::Cancelled
        } else {
            Outcome::Completed
        })
    }
}

/// The future returned by [`leaving`](super::leaving).
#[derive(Debug, Default)]
#[must_use = "futures do nothing unless polled"]
pub struct Leaving {
    done: bool,
}

impl Future for Leaving {
    type Output = ();

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // No waker to register: a close or drop polls the body again, with
        // the leave flag set, and the select polls this arm again.
        if frame::head(cx).is_some_and(|head| head.leaving.get()) {
            self.done = true;
            return Poll::Ready(());
        }
        Poll::Pending
    }
}

impl futures_core::FusedFuture for Leaving {
    fn is_terminated(&self) -> bool {
        self.done
    }
}
