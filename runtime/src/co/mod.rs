//! The handle a generator body uses to hand values to its consumer and to
//! notice that it is being closed.
//!
//! # Design
//!
//! A yielded value travels through a slot that the generator ([`Gen`]) owns;
//! there is no thread-local and no channel. The body holds a [`Co`], a
//! pointer to that slot. `Co::yield_(v)` puts `v` in the slot and returns a
//! future that is `Pending` once; `Gen::poll_next` finds the filled slot
//! behind that `Pending` and returns the value as an item. The next poll
//! resumes the body, which then asks [`Co::resume`] whether to go on.
//!
//! The same shared state carries the "leave" flag set by close and drop. A
//! yield resumed under it, or an await wrapped by [`Co::unless_leaving`],
//! reports `None`, and the lowered body returns from that point through its
//! `finally!` blocks. A body without cleanup needs none of that: its close
//! or drop simply drops it, and it yields with [`Co::yield_plain`].
//!
//! [`Gen`]: crate::Gen

mod awaits;
mod shared;
mod yields;

use core::future::IntoFuture;
use core::marker::PhantomData;
use core::ptr::NonNull;

pub use awaits::{Section, UnlessLeaving};
pub(crate) use shared::Shared;
pub use yields::{Suspend, YieldScope};

use crate::flow::Flow;

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

    #[inline(always)]
    fn shared(&self) -> &Shared<Y> {
        // SAFETY: `Co::new`'s contract: the shared state outlives the `Co`.
        unsafe { self.shared.as_ref() }
    }

    /// Yields `value`: puts it in the slot and returns the future that
    /// suspends the body. After awaiting it, the body calls
    /// [`resume`](Co::resume).
    #[inline(always)]
    pub fn yield_(&self, value: Y) -> Suspend {
        self.shared().put(value);
        Suspend::new()
    }

    /// After a yield: `Some(())` when the consumer asks for the next item,
    /// `None` when the generator is closing (a value put while it was
    /// already closing is dropped: nobody takes it).
    #[inline(always)]
    pub fn resume(&self) -> Option<()> {
        // One test on the hot path; the rest only once leaving.
        if self.shared().is_leaving() {
            return self.resume_leaving();
        }
        Some(())
    }

    #[cold]
    #[inline(never)]
    fn resume_leaving(&self) -> Option<()> {
        let shared = self.shared();
        if !shared.should_leave() {
            return Some(());
        }
        drop(shared.take_yielded());
        None
    }

    /// [`yield_`](Co::yield_) for a body without cleanup: a close or drop
    /// just drops such a body, so it never resumes under the leave signal
    /// and need not ask.
    #[inline(always)]
    pub fn yield_plain(&self, value: Y) -> Suspend {
        self.shared().put(value);
        Suspend::new()
    }

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

    /// Awaits `future` unless the generator starts closing first; then the
    /// future is dropped and this resolves to `None`.
    #[inline(always)]
    pub fn unless_leaving<F: IntoFuture>(&self, future: F) -> UnlessLeaving<F::IntoFuture, Y> {
        UnlessLeaving {
            future: future.into_future(),
            shared: self.shared,
        }
    }

    /// Marks the code until the guard drops as a place where no cleanup is
    /// pending but whose awaits the lowering could not wrap (another macro's
    /// input): a close or drop arriving there drops the body instead of
    /// waiting for those awaits.
    #[inline(always)]
    pub fn droppable_section(&self) -> Section<Y> {
        self.shared().enter_section();
        Section {
            shared: self.shared,
        }
    }

    /// After a cleanup that may have awaited: if a close or drop arrived
    /// meanwhile, a block left normally (or by `break`/`continue`) is left
    /// as by `return` instead, so the close cannot be outrun by the body.
    #[inline(always)]
    pub fn leave_if_closing<N, R>(&self, flow: Flow<N, R>, leave: R) -> Flow<N, R> {
        match flow {
            Flow::Return(value) => Flow::Return(value),
            _ if self.shared().should_leave() => Flow::Return(leave),
            other => other,
        }
    }
}
