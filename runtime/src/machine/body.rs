//! [`Body`]: a generator's body, pinned inside the generator and dropped in
//! place when it finishes.
//!
//! Not an `enum { Running(F), Done }`: the compiler gives an async block's
//! state no niche, so such an enum would spend eight bytes on its tag. The
//! "finished" bit lives in the generator's [`BodyFlags`] instead.

use core::future::Future;
use core::mem::ManuallyDrop;
use core::pin::Pin;

use crate::co::{BodyFlags, Polled};

/// The body future, structurally pinned.
///
/// `F` may be unsized: the generator's machinery sees the body as a
/// [`Polled`] (a `dyn Future` in debug builds, see [`Body::erase`]).
///
/// # Invariants
///
/// The future is live exactly while `flags.is_done()` is false, for the
/// `BodyFlags` of the same generator, which every method is given: it is
/// dropped in place once, by [`Body::finish`], and never touched after.
pub(crate) struct Body<F: ?Sized> {
    future: ManuallyDrop<F>,
}

impl<F> Body<F> {
    #[inline]
    pub(crate) const fn new(future: F) -> Self {
        Body {
            future: ManuallyDrop::new(future),
        }
    }
}

impl<'a, F: Future + 'a> Body<F> {
    /// The body as the generator's machinery handles it: in debug builds a
    /// `dyn Future`, so that stepping, closing and dropping are compiled
    /// once per item and output type instead of once per generator (compile
    /// time); in optimised builds the body's own type, so that its poll
    /// inlines into the consumer's (speed).
    #[inline]
    pub(crate) fn erase(self: Pin<&'a mut Self>) -> Pin<&'a mut Body<Polled<'a, F>>> {
        // An unsizing coercion in debug builds, the identity otherwise.
        self
    }
}

impl<F: ?Sized> Body<F> {
    /// The future, unless the body has finished.
    #[inline]
    pub(crate) fn future<'a>(self: Pin<&'a mut Self>, flags: &BodyFlags) -> Option<Pin<&'a mut F>> {
        if flags.is_done() {
            return None;
        }
        // SAFETY: structural pinning: the future is never moved out of the
        // body, and it is dropped in place (`finish`); not done, so it is
        // live (the invariants).
        Some(unsafe { self.map_unchecked_mut(|body| &mut *body.future) })
    }

    /// Drops the future in place, if it is live, and marks the body
    /// finished.
    #[inline]
    pub(crate) fn finish(self: Pin<&mut Self>, flags: &BodyFlags) {
        if flags.is_done() {
            return;
        }
        // Marked first: a panic in the future's destructor leaves it
        // finished, never dropped twice.
        flags.set_done();
        // SAFETY: live until now (not done), and never touched again (done
        // is set). Dropping in place keeps `Pin`'s drop guarantee; the
        // reference is not used to move anything.
        unsafe { ManuallyDrop::drop(&mut self.get_unchecked_mut().future) }
    }
}
