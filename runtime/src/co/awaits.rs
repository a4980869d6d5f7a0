//! Awaits in a generator body that give up when it is left, and sections
//! where leaving is dropping the body.

use core::future::Future;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use super::shared::Shared;

/// The guard returned by [`Co::droppable_section`](super::Co::droppable_section).
#[must_use = "the section ends when the guard is dropped"]
pub struct Section<Y> {
    pub(super) shared: NonNull<Shared<Y>>,
}

// SAFETY: as for `Co`: the pointer targets the generator that owns the body
// holding this guard, and moves with it.
unsafe impl<Y: Send> Send for Section<Y> {}

impl<Y> core::fmt::Debug for Section<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Section").finish_non_exhaustive()
    }
}

impl<Y> Drop for Section<Y> {
    fn drop(&mut self) {
        // SAFETY: `Co::new`'s contract; the generator drops its body (and so
        // this guard) before its shared state.
        unsafe { self.shared.as_ref() }.leave_section();
    }
}

pin_project! {
    /// The future returned by [`Co::unless_leaving`](super::Co::unless_leaving).
    #[must_use = "futures do nothing unless awaited"]
    pub struct UnlessLeaving<F, Y> {
        #[pin]
        pub(super) future: F,
        pub(super) shared: NonNull<Shared<Y>>,
    }
}

// SAFETY: as for `Co`; the wrapped future must itself be `Send`.
unsafe impl<F: Send, Y: Send> Send for UnlessLeaving<F, Y> {}

impl<F, Y> core::fmt::Debug for UnlessLeaving<F, Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("UnlessLeaving").finish_non_exhaustive()
    }
}

impl<F: Future, Y> Future for UnlessLeaving<F, Y> {
    type Output = Option<F::Output>;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let this = self.project();
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        let shared = unsafe { this.shared.as_ref() };
        // One test on the hot path: an acmgr's exit (leaving, but exiting)
        // is the rare case.
        if shared.is_leaving() && shared.should_leave() {
            return Poll::Ready(None);
        }
        this.future.poll(cx).map(Some)
    }
}
