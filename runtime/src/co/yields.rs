//! The futures of a yield. All but [`Suspend`] are ready at once, so they
//! never live across a suspension (and the compiler keeps them in
//! registers).

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use super::Co;
use super::frame::{self, ITEM};
use crate::outcome::Outcome;

/// The future returned by [`Co::put`].
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct Put<'a, Y> {
    pub(super) co: &'a Co<Y>,
    pub(super) value: Option<Y>,
}

// The value is never pinned.
impl<Y> Unpin for Put<'_, Y> {}

impl<Y> Future for Put<'_, Y> {
    type Output = ();

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if let Some(value) = self.value.take() {
            frame::put(cx, self.co.address(), value);
        }
        Poll::Ready(())
    }
}

/// The future returned by [`Co::here`]: zero-sized, ready at once with the
/// frame of the poll in progress.
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct Here<Y>(pub(super) PhantomData<fn(Y) -> Y>);

impl<Y> Future for Here<Y> {
    type Output = Slot<Y>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Slot<Y>> {
        Poll::Ready(Slot {
            frame: frame::current(cx),
            marker: PhantomData,
        })
    }
}

/// Where [`Co::here`] found the frame of the poll in progress: valid until
/// the body next suspends.
#[derive(Debug)]
pub struct Slot<Y> {
    frame: *const (),
    marker: PhantomData<fn(Y) -> Y>,
}

impl<Y> Slot<Y> {
    /// Binds `co` to the generator whose body is being polled, so that its
    /// yields are accepted there. The first binding of a generator wins.
    ///
    /// # Safety
    ///
    /// The first thing the body does on its first poll (right after the
    /// `Co::here` that made this `Slot`), on the token that
    /// [`Gen::new`](crate::Gen::new) handed to the closure that built the
    /// body, which is never moved afterwards: then the bound token is a
    /// `Co<Y>` of the generator's own `Y`, and a yield that presents it
    /// writes a value of the right type.
    #[inline]
    pub unsafe fn bind(self, co: &Co<Y>) {
        // SAFETY: the caller's contract: `frame` is the live frame of this
        // poll.
        unsafe { frame::bind(self.frame, co.address()) }
    }

    /// Hands `value` to the consumer, as [`Co::put`] does, without the value
    /// passing through the body's state, and without [`Co::put`]'s check
    /// that the token is the generator's (the contract below makes it so).
    ///
    /// # Safety
    ///
    /// - Called before the body suspends again after the `Co::here` that
    ///   made this `Slot`: no `.await` (nor anything that may expand to one)
    ///   runs in between, so the frame is still live.
    /// - Called by the body of the generator whose token made this `Slot`,
    ///   directly (not from a future the body polls, not from another
    ///   macro's input, which that macro may move elsewhere): a body runs
    ///   only when its own generator polls it, so the frame is that
    ///   generator's, and its slot holds a `Y`.
    ///
    /// `co` is not checked, only borrowed for its type: it ties this
    /// `Slot`'s `Y` (lifetimes included) to the generator's, which a
    /// turbofish with elided lifetimes (`Co::<&str>::here()`) would not.
    #[inline]
    pub unsafe fn put(self, co: &Co<Y>, value: Y) {
        let _ = co;
        // SAFETY: the caller's contract: `frame` is the live frame of this
        // poll, made for this `Y`.
        unsafe { frame::put_unchecked(self.frame, value) }
    }
}

/// The future returned by [`Co::suspend`]: zero-sized. Pending while the
/// frame holds the value just put (the generator returns it); the next
/// poll, under a fresh frame, is ready.
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct Suspend(pub(super) ());

impl Future for Suspend {
    type Output = Option<()>;

    #[inline]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<()>> {
        let head = frame::expect_head(cx);
        if head.state.get() == ITEM {
            // No waker is registered: the generator returns the value, so
            // the consumer is not left waiting.
            return Poll::Pending;
        }
        Poll::Ready((!head.leaving.get()).then_some(()))
    }
}

/// The future returned by [`Co::yield_scope`].
#[derive(Debug)]
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldScope<'a, Y> {
    pub(super) co: &'a Co<Y>,
    pub(super) resource: Option<Y>,
}

// The resource is never pinned.
impl<Y> Unpin for YieldScope<'_, Y> {}

impl<Y> Future for YieldScope<'_, Y> {
    type Output = Outcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Outcome> {
        let flags = frame::expect_head(cx).flags;
        if flags.is_exiting() {
            panic!(
                "an `#[acmgr]` body yielded a second time; it must yield exactly once, \
                 handing its resource to the scope"
            );
        }
        if let Some(resource) = self.resource.take() {
            if !flags.is_leaving() {
                frame::put(cx, self.co.address(), resource);
                return Poll::Pending;
            }
            // Left before the scope began: the resource is dropped unused.
        }
        flags.start_exiting();
        frame::expect_head(cx).leaving.set(false);
        let outcome = match flags.take_outcome() {
            Some(outcome) => outcome,
            None if flags.is_leaving() => Outcome::Cancelled,
            None => Outcome::Completed,
        };
        Poll::Ready(outcome)
    }
}
