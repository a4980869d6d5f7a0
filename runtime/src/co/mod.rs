//! The handle a generator body uses to hand values to its consumer and to
//! notice that it is being closed.
//!
//! # Design
//!
//! The body holds a [`Co`]: a one-byte token with no pointer inside. Every
//! hand-off is a future, because a future's `poll` receives the `Context` of
//! the generator's poll, and through it the frame on that poll's stack (the
//! private `frame` module): the slot a yielded value travels through and the
//! generator's flags.
//!
//! - `Slot::bind` (the body's first statement, after `Co::here`) records
//!   the token in the generator, so that later yields can prove they are
//!   this generator's.
//! - `yield_!(v)` is `Co::put(&co, v).await` (writes `v` into the frame,
//!   ready at once) then `Co::suspend(&co).await` (pending once, so the
//!   generator returns the value; on resume, `None` if the generator is
//!   closing).
//! - An `.await` in a body with cleanup goes through
//!   [`unless_leaving`], which gives up when a close or drop arrives,
//!   and polls the awaited future with the consumer's own waker.
//!
//! A body without cleanup needs no leave checks: its close or drop simply
//! drops it.

mod awaits;
mod flags;
mod frame;
mod yields;

use core::future::IntoFuture;
use core::marker::PhantomData;

pub(crate) use awaits::{LeaveIfClosing, Leaving, RegionOutcome, SectionMark, UnlessLeaving};
pub(crate) use flags::BodyFlags;
pub(crate) use frame::{Polled, Step, poll_body};
pub use yields::Slot;
pub(crate) use yields::{Here, Put, Suspend, YieldScope};

use crate::flow::Flow;

/// The body's end of a generator: a token that proves a yield is this
/// generator's.
///
/// Created only by [`Gen::new`](crate::Gen::new), which hands it to the
/// body; the macro binds it to a hygienic local that user code cannot name.
/// It holds no pointer: a token that escapes its body (another macro's
/// `async move` block may capture it) can at worst make a yield panic.
///
/// Invariant in `Y` (unlike async-stream's sender, see its issue #107): a
/// `Co<&'static str>` never accepts a shorter-lived `&str`. One byte, so two
/// live tokens never share an address.
pub struct Co<Y> {
    _byte: u8,
    _invariant: PhantomData<fn(Y) -> Y>,
}

impl<Y> core::fmt::Debug for Co<Y> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Co").finish_non_exhaustive()
    }
}

impl<Y> Co<Y> {
    pub(crate) const fn new() -> Self {
        Co {
            _byte: 0,
            _invariant: PhantomData,
        }
    }

    /// The token's address, which proves the frame a yield writes into.
    #[inline]
    fn address(&self) -> usize {
        core::ptr::from_ref(self).addr()
    }

    /// Hands `value` to the consumer: ready at once. The body then awaits
    /// [`suspend`](Co::suspend).
    ///
    /// Panics if the body is not being polled by this token's generator
    /// (the code was moved into another future).
    #[inline]
    pub fn put(&self, value: Y) -> Put<'_, Y> {
        Put {
            co: self,
            value: Some(value),
        }
    }

    /// The frame of the poll in progress, ready at once, for
    /// [`Slot::put`]: a yield whose value never passes through the body's
    /// state. Panics if the body is not being polled by a generator.
    #[inline]
    pub fn here() -> Here<Y> {
        Here(PhantomData)
    }

    /// After [`put`](Co::put): pending once, so that the generator returns
    /// the value; on resume, `Some(())` to go on, or `None` when the
    /// generator is closing.
    #[inline]
    pub fn suspend() -> Suspend {
        Suspend(())
    }

    /// An acmgr's yield: hands `resource` to the consumer's scope; resolves,
    /// when the body is resumed, to how the scope ended. From then on the
    /// body runs its exit, which a close or drop does not interrupt.
    #[inline]
    pub fn yield_scope(&self, resource: Y) -> YieldScope<'_, Y> {
        YieldScope {
            co: self,
            resource: Some(resource),
        }
    }
}

/// Marks the start of another macro's call whose awaits the lowering cannot
/// wrap, where no cleanup is pending: a close or drop arriving while the
/// body is parked at one of those awaits drops the body instead of waiting
/// for them. Ready at once.
///
/// Needs no token: the mark only decides between dropping the body and
/// waiting for it.
#[inline]
pub fn enter_section() -> SectionMark {
    SectionMark(true)
}

/// Marks the end of such a call. Ready at once.
#[inline]
pub fn leave_section() -> SectionMark {
    SectionMark(false)
}

/// Awaits `future` unless the generator starts closing first; then the
/// future is dropped and this resolves to `None`. The future is polled with
/// the consumer's own waker.
///
/// A free function, not a method of [`Co`]: it needs no token, and every
/// borrow of the token the expansion makes costs the borrow checker time
/// in every block of the body.
#[inline]
pub fn unless_leaving<F: IntoFuture>(future: F) -> UnlessLeaving<F::IntoFuture> {
    UnlessLeaving {
        future: future.into_future(),
    }
}

/// After a cleanup that may have awaited: if a close or drop arrived
/// meanwhile, a block left normally (or by `break`/`continue`) is left as by
/// `return` instead, so the close cannot be outrun by the body. Ready at
/// once.
#[inline]
pub fn leave_if_closing<N, R>(flow: Flow<N, R>, leave: R) -> LeaveIfClosing<N, R> {
    LeaveIfClosing {
        flow: Some((flow, leave)),
    }
}

/// How a protected block is being left, for `finally!(|outcome| ..)`:
/// `Failed` when `failed` (an error is leaving the block), else `Cancelled`
/// when this poll leaves the body (close, drop, cancellation at an await),
/// else `Completed`. Ready at once.
#[inline]
pub fn region_outcome(failed: bool) -> RegionOutcome {
    RegionOutcome { failed }
}

/// Ready when the generator is being left (close, drop): the extra arm the
/// attribute adds to a `select!` in a body with cleanup, so that a close
/// arriving while the select waits abandons its futures and runs the
/// cleanup. A `FusedFuture` and `Unpin`, as `futures::select!` asks.
#[inline]
pub fn leaving() -> Leaving {
    Leaving::default()
}
