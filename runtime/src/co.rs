//! The handle a generator body uses to hand values to its consumer and to
//! notice that it is being closed.
//!
//! # Design
//!
//! A yielded value travels through a slot that the generator ([`Gen`]) owns;
//! there is no thread-local and no channel. The body holds a [`Co`], a
//! pointer to that slot. `Co::yield_(v)` returns a future that, on its first
//! poll, puts `v` in the slot and returns `Pending`; `Gen::poll_next` sees the
//! filled slot behind the `Pending` and returns the value as an item. The
//! next poll resumes the body.
//!
//! The same shared cell carries the "leave" flag set by close and drop. A
//! yield resumed under it, or an await wrapped by [`Co::unless_leaving`],
//! completes with `None`, and the lowered body returns from that point
//! through its `finally!` blocks.
//!
//! [`Gen`]: crate::Gen

use core::cell::Cell;
use core::future::{Future, IntoFuture};
use core::marker::{PhantomData, PhantomPinned};
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use pin_project_lite::pin_project;

use crate::flow::Flow;
use crate::outcome::Outcome;

/// The generator is closing or being dropped.
const LEAVING: u8 = 1;
/// An acmgr's body is running its exit: awaits are no longer abandoned (the
/// exit is cleanup), and the leave signal is not acted on.
const EXITING: u8 = 2;

/// State shared between a [`Gen`](crate::Gen) and the body it drives.
///
/// # Invariants
///
/// Lives inside a pinned `Gen`, which outlives the body holding pointers to
/// it. `!Unpin`, so a `&mut` to the enclosing generator does not claim
/// uniqueness over it (the body's pointers stay valid).
pub struct Shared<Y> {
    slot: Cell<Option<Y>>,
    /// [`LEAVING`] and [`EXITING`]: one byte, so the hot check is one compare.
    flags: Cell<u8>,
    /// How an acmgr's scope ended, handed to its body on resume.
    outcome: Cell<Option<Outcome>>,
    /// How many [`Section`]s the body is inside.
    droppable: Cell<u32>,
    _pinned: PhantomPinned,
}

impl<Y> core::fmt::Debug for Shared<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Shared")
            .field("leaving", &self.is_leaving())
            .finish_non_exhaustive()
    }
}

impl<Y> Shared<Y> {
    pub(crate) const fn new() -> Self {
        Shared {
            slot: Cell::new(None),
            flags: Cell::new(0),
            outcome: Cell::new(None),
            droppable: Cell::new(0),
            _pinned: PhantomPinned,
        }
    }

    #[inline(always)]
    pub(crate) fn take_yielded(&self) -> Option<Y> {
        self.slot.take()
    }

    #[inline(always)]
    pub(crate) fn start_leaving(&self) {
        self.flags.set(self.flags.get() | LEAVING);
    }

    #[inline(always)]
    pub(crate) fn is_leaving(&self) -> bool {
        self.flags.get() & LEAVING != 0
    }

    #[inline(always)]
    fn is_exiting(&self) -> bool {
        self.flags.get() & EXITING != 0
    }

    #[inline(always)]
    fn start_exiting(&self) {
        self.flags.set(self.flags.get() | EXITING);
    }

    /// Whether a suspension should give up now: the generator is leaving and
    /// (for an acmgr) its exit has not begun.
    #[inline(always)]
    fn should_leave(&self) -> bool {
        self.flags.get() == LEAVING
    }

    /// Whether a yielded value waits in the slot.
    #[inline(always)]
    fn holds_value(&self) -> bool {
        // SAFETY: the pointer is valid (it comes from `&self`), nothing else
        // accesses the cell during this read (a `Cell` is `!Sync` and no
        // reference into it is ever handed out), and reading the
        // discriminant of an initialised `Option` is a plain read. A `Cell`
        // alone offers no peek without moving the value out and back.
        unsafe { (*self.slot.as_ptr()).is_some() }
    }

    /// Hands an acmgr's body how its scope ended, for its next resume.
    pub(crate) fn set_outcome(&self, outcome: Outcome) {
        self.outcome.set(Some(outcome));
    }

    /// Whether the body is suspended where leaving means dropping it: inside
    /// a [`Section`], where no cleanup is pending.
    #[inline(always)]
    pub(crate) fn in_droppable_section(&self) -> bool {
        self.droppable.get() > 0
    }
}

/// The body's end of a generator: yields values, and tells awaits to give up
/// when the generator is closed or dropped.
///
/// Created only by [`Gen`](crate::Gen); the macro binds it to a hygienic
/// local that user code cannot name.
///
/// Invariant in `Y` (unlike async-stream's sender, see its issue #107): a
/// `Co<&'static str>` never accepts a shorter-lived `&str`.
pub struct Co<Y> {
    shared: NonNull<Shared<Y>>,
    _invariant: PhantomData<fn(Y) -> Y>,
}

// SAFETY: a `Co` is a pointer into the `Gen` that owns the body holding the
// `Co`; the two move between threads together, and only the body (polled
// through `Pin<&mut Gen>`, so by one thread at a time) dereferences it. The
// slot carries `Y` values across, hence the `Y: Send` bound.
unsafe impl<Y: Send> Send for Co<Y> {}

impl<Y> core::fmt::Debug for Co<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Co").finish_non_exhaustive()
    }
}

impl<Y> Co<Y> {
    /// # Safety
    ///
    /// `shared` must stay valid, and at the same address, for as long as the
    /// returned `Co` or anything created from it exists.
    pub(crate) unsafe fn new(shared: NonNull<Shared<Y>>) -> Self {
        Co {
            shared,
            _invariant: PhantomData,
        }
    }

    /// Yields `value`; resolves to `Some(())` when the consumer asks for the
    /// next item, `None` when the generator is closing.
    ///
    /// The value goes into the slot at once; the returned future only
    /// suspends the body (its first poll is `Pending`, which hands the value
    /// over) and reports, on resume, whether to go on.
    #[inline(always)]
    pub fn yield_(&self, value: Y) -> Yield<Y> {
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        unsafe { self.shared.as_ref() }.slot.set(Some(value));
        Yield {
            shared: self.shared,
        }
    }

    /// [`yield_`](Co::yield_) for a body without cleanup: a close or drop
    /// just drops such a body, so it never resumes under the leave signal
    /// and need not check it.
    #[inline(always)]
    pub fn yield_plain(&self, value: Y) -> YieldPlain<Y> {
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        unsafe { self.shared.as_ref() }.slot.set(Some(value));
        YieldPlain {
            shared: self.shared,
        }
    }

    /// Awaits `future` unless the generator starts closing first; then the
    /// future is dropped and this resolves to `None`.
    #[inline(always)]
    pub fn unless_leaving<F: IntoFuture>(&self, future: F) -> UnlessLeaving<F::IntoFuture, Y> {
        UnlessLeaving {
            future: future.into_future(),
            shared: self.shared,
        }
    }
}

impl<Y> Co<Y> {
    /// Marks the code until the guard drops as a place where no cleanup is
    /// pending but whose awaits the lowering could not wrap (another macro's
    /// input): a close or drop arriving there drops the body instead of
    /// waiting for those awaits.
    #[inline(always)]
    pub fn droppable_section(&self) -> Section<Y> {
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        let shared = unsafe { self.shared.as_ref() };
        shared.droppable.set(shared.droppable.get() + 1);
        Section {
            shared: self.shared,
        }
    }
}

impl<Y> Co<Y> {
    /// After a cleanup that may have awaited: if a close or drop arrived
    /// meanwhile, a block left normally (or by `break`/`continue`) is left
    /// as by `return` instead, so the close cannot be outrun by the body.
    #[inline(always)]
    pub fn leave_if_closing<N, R>(&self, flow: Flow<N, R>, leave: R) -> Flow<N, R> {
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        let leaving = unsafe { self.shared.as_ref() }.should_leave();
        match flow {
            Flow::Return(value) => Flow::Return(value),
            _ if leaving => Flow::Return(leave),
            other => other,
        }
    }
}

impl<Y> Co<Y> {
    /// An acmgr's yield: hands `resource` to the consumer's scope; resolves,
    /// when the body is resumed, to how the scope ended. From then on the
    /// body runs its exit, which a close or drop does not interrupt.
    #[inline(always)]
    pub fn yield_scope(&self, resource: Y) -> YieldScope<Y> {
        YieldScope {
            shared: self.shared,
            resource: Some(resource),
        }
    }
}

/// The future returned by [`Co::yield_scope`].
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldScope<Y> {
    shared: NonNull<Shared<Y>>,
    resource: Option<Y>,
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
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        let shared = unsafe { self.shared.as_ref() };
        if shared.is_exiting() {
            panic!(
                "an `#[acmgr]` body yielded a second time; it must yield exactly once, \
                 handing its resource to the scope"
            );
        }
        if let Some(resource) = self.resource.take() {
            if !shared.is_leaving() {
                shared.slot.set(Some(resource));
                return Poll::Pending;
            }
            // Left before the scope began: the resource is dropped unused.
        }
        shared.start_exiting();
        let outcome = match shared.outcome.take() {
            Some(outcome) => outcome,
            None if shared.is_leaving() => Outcome::Cancelled,
            None => Outcome::Completed,
        };
        Poll::Ready(outcome)
    }
}

/// The guard returned by [`Co::droppable_section`].
#[must_use = "the section ends when the guard is dropped"]
pub struct Section<Y> {
    shared: NonNull<Shared<Y>>,
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
        let shared = unsafe { self.shared.as_ref() };
        shared.droppable.set(shared.droppable.get() - 1);
    }
}

/// The future returned by [`Co::yield_`].
#[must_use = "a yield does nothing unless awaited"]
pub struct Yield<Y> {
    shared: NonNull<Shared<Y>>,
}

// SAFETY: as for `Co`: the pointer targets the generator that owns this
// future, and moves with it.
unsafe impl<Y: Send> Send for Yield<Y> {}

impl<Y> core::fmt::Debug for Yield<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Yield").finish_non_exhaustive()
    }
}

impl<Y> Future for Yield<Y> {
    type Output = Option<()>;

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<()>> {
        // SAFETY: `Co::new`'s contract: the shared state outlives every
        // future made from the `Co`.
        let shared = unsafe { self.shared.as_ref() };
        if shared.should_leave() {
            // Leaving before the value was handed over: nobody takes it.
            drop(shared.slot.take());
            return Poll::Ready(None);
        }
        if shared.holds_value() {
            // No waker is registered: `Gen::poll_next` takes the value and
            // returns it, so the consumer is not left waiting.
            return Poll::Pending;
        }
        Poll::Ready(Some(()))
    }
}

/// The future returned by [`Co::yield_plain`].
#[must_use = "a yield does nothing unless awaited"]
pub struct YieldPlain<Y> {
    shared: NonNull<Shared<Y>>,
}

// SAFETY: as for `Co`: the pointer targets the generator that owns this
// future, and moves with it.
unsafe impl<Y: Send> Send for YieldPlain<Y> {}

impl<Y> core::fmt::Debug for YieldPlain<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("YieldPlain").finish_non_exhaustive()
    }
}

impl<Y> Future for YieldPlain<Y> {
    type Output = ();

    #[inline(always)]
    fn poll(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        // SAFETY: `Co::new`'s contract, as in `Yield::poll`.
        if unsafe { self.shared.as_ref() }.holds_value() {
            Poll::Pending
        } else {
            Poll::Ready(())
        }
    }
}

pin_project! {
    /// The future returned by [`Co::unless_leaving`].
    #[must_use = "futures do nothing unless awaited"]
    pub struct UnlessLeaving<F, Y> {
        #[pin]
        future: F,
        shared: NonNull<Shared<Y>>,
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
        if unsafe { this.shared.as_ref() }.should_leave() {
            return Poll::Ready(None);
        }
        this.future.poll(cx).map(Some)
    }
}
