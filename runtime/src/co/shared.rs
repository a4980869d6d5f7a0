//! [`Shared`]: the slot a yielded value travels through, and the flags a
//! generator and its body share.

use core::cell::{Cell, UnsafeCell};
use core::marker::PhantomPinned;
use core::mem::MaybeUninit;

use crate::outcome::Outcome;

/// The generator is closing or being dropped.
const LEAVING: u8 = 1;
/// An acmgr's body is running its exit: awaits are no longer abandoned (the
/// exit is cleanup), and the leave signal is not acted on.
const EXITING: u8 = 2;
/// The slot holds a value.
const FULL: u8 = 4;

/// State shared between a [`Gen`](crate::Gen) and the body it drives.
///
/// # Invariants
///
/// - The slot is initialised exactly when `FULL` is set.
/// - Lives inside a pinned `Gen`, which outlives the body holding pointers
///   to it. `!Unpin`, so a `&mut` to the enclosing generator does not claim
///   uniqueness over it (the body's pointers stay valid).
/// - Accessed by one thread at a time (the body is polled through
///   `Pin<&mut Gen>`), and no reference into the slot is ever handed out.
pub(crate) struct Shared<Y> {
    slot: UnsafeCell<MaybeUninit<Y>>,
    /// `LEAVING`, `EXITING` and `FULL`: one byte, so the hot checks are one
    /// load each.
    flags: Cell<u8>,
    /// How an acmgr's scope ended, handed to its body on resume.
    outcome: Cell<Option<Outcome>>,
    /// How many [`Section`](super::Section)s the body is inside.
    droppable: Cell<u16>,
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
            slot: UnsafeCell::new(MaybeUninit::uninit()),
            flags: Cell::new(0),
            outcome: Cell::new(None),
            droppable: Cell::new(0),
            _pinned: PhantomPinned,
        }
    }

    /// Puts a yielded value in the slot, which is empty: every yield's value
    /// is taken by `Gen::poll_next` (or dropped on leaving) before the body
    /// runs on. (Were it not, the old value would leak, not be misread.)
    #[inline(always)]
    pub(crate) fn put(&self, value: Y) {
        debug_assert!(!self.holds_value(), "a yielded value was never taken");
        // SAFETY: only this thread touches the slot (the invariants); writing
        // initialises it, and `FULL` records so.
        unsafe { (*self.slot.get()).write(value) };
        self.flags.set(self.flags.get() | FULL);
    }

    /// Takes the yielded value out of the slot, if one is there.
    #[inline(always)]
    pub(crate) fn take_yielded(&self) -> Option<Y> {
        let flags = self.flags.get();
        if flags & FULL == 0 {
            return None;
        }
        self.flags.set(flags & !FULL);
        // SAFETY: `FULL` was set, so the slot is initialised; clearing the
        // flag first means it is read out exactly once.
        Some(unsafe { (*self.slot.get()).assume_init_read() })
    }

    /// Whether a yielded value waits in the slot.
    #[inline(always)]
    pub(crate) fn holds_value(&self) -> bool {
        self.flags.get() & FULL != 0
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
    pub(crate) fn is_exiting(&self) -> bool {
        self.flags.get() & EXITING != 0
    }

    #[inline(always)]
    pub(crate) fn start_exiting(&self) {
        self.flags.set(self.flags.get() | EXITING);
    }

    /// Whether a suspension should give up now: the generator is leaving and
    /// (for an acmgr) its exit has not begun.
    #[inline(always)]
    pub(crate) fn should_leave(&self) -> bool {
        self.flags.get() & (LEAVING | EXITING) == LEAVING
    }

    /// Hands an acmgr's body how its scope ended, for its next resume.
    pub(crate) fn set_outcome(&self, outcome: Outcome) {
        self.outcome.set(Some(outcome));
    }

    /// Takes the outcome handed to an acmgr's body.
    pub(crate) fn take_outcome(&self) -> Option<Outcome> {
        self.outcome.take()
    }

    pub(crate) fn enter_section(&self) {
        self.droppable.set(self.droppable.get() + 1);
    }

    pub(crate) fn leave_section(&self) {
        self.droppable.set(self.droppable.get() - 1);
    }

    /// Whether the body is suspended where leaving means dropping it: inside
    /// a [`Section`](super::Section), where no cleanup is pending.
    #[inline(always)]
    pub(crate) fn in_droppable_section(&self) -> bool {
        self.droppable.get() > 0
    }
}

impl<Y> Drop for Shared<Y> {
    fn drop(&mut self) {
        drop(self.take_yielded());
    }
}
