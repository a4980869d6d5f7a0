//! The futures a yield awaits: they only suspend the body. The value is
//! already in the slot when they are created.

use core::future::Future;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use super::shared::Shared;
use crate::outcome::Outcome;

/// The future returned by [`Co::yield_`](super::Co::yield_) and
/// [`Co::yield_plain`](super::Co::yield_plain): `Pending` once (which hands
/// the slot's value to `Gen::poll_next`), then `Ready`.
///
/// One byte of state, not a pointer: the body checks the leave signal
/// itself after resuming.
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct Suspend {
    polled: bool,
}

impl Suspend {
    pub(super) const fn new() -> Self {
        Suspend { polled: false }
    }
}

impl Future for Suspend {
    type Output = ();

    #[inline(always)]
    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if self.polled {
            return Poll::Ready(());
        }
        self.polled = true;
        // No waker is registered: `Gen::poll_next` takes the value and
        // returns it, so the consumer is not left waiting.
        Poll::Pending
    }
}

/// The future returned by [`Co::yield_scope`](super::Co::yield_scope).
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldScope<Y> {
    pub(super) shared: NonNull<Shared<Y>>,
    pub(super) resource: Option<Y>,
}

// SAFETY: as for `Co`: the pointer targets the generator that owns this
// future, and moves with it.
unsafe impl<Y: Send> Send for YieldScope<Y> {}

// The resource is never pinned.
impl<Y> Unpin for YieldScope<Y> {}

impl<Y> core::fmt::Debug for YieldScope<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("YieldScope").finish_non_exhaustive()
    }
}

impl<Y> Future for YieldScope<Y> {
    type Output = Outcome;

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Outcome> {
        // SAFETY: `Co::new`'s contract: the shared state outlives every
        // future made from the `Co`.
        let shared = unsafe { self.shared.as_ref() };
        if shared.is_exiting() {
            panic!(
                "an `#[acmgr]` body yielded a second time; it must yield exactly once, \
                 handing its resource to the scope"
            );
        }
        if let Some(resource) = self.resource.take() {
            if !shared.is_leaving() {
                shared.put(resource);
                return Poll::Pending;
            }
            // Left before the scope began: the resource is dropped unused.
        }
        shared.start_exiting();
        let outcome = match shared.take_outcome() {
            Some(outcome) => outcome,
            None if shared.is_leaving() => Outcome::Cancelled,
            None => Outcome::Completed,
        };
        Poll::Ready(outcome)
    }
}
