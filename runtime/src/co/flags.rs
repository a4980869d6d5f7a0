//! [`BodyFlags`]: the flags a generator and its body share, reached by the body
//! through the frame of the poll in progress.

use core::cell::Cell;

use crate::outcome::Outcome;

/// The generator is closing or being dropped.
const LEAVING: u8 = 1;
/// An acmgr's body is running its exit: awaits are no longer abandoned (the
/// exit is cleanup), and the leave signal is not acted on.
const EXITING: u8 = 2;
/// The body entered a section (another macro's call whose awaits the
/// lowering could not wrap, where no cleanup is pending) and has not parked
/// at one of its own suspensions since.
const IN_SECTION: u8 = 4;
/// The body's last poll left it parked at an await the lowering could not
/// see.
const PARKED_UNSEEN: u8 = 8;
/// The body has finished (ran to its end, was left, or panicked) and was
/// dropped.
const DONE: u8 = 16;

/// The bound offset of a token too far away to say.
const UNBINDABLE: i32 = i32::MIN;

/// State shared between a [`Gen`](crate::Gen) and the body it drives.
///
/// # Invariants
///
/// - `token` is 0 until the body's first poll binds its token, then the
///   offset of that token (inside the pinned body) from this `BodyFlags`
///   (inside the same pinned generator), never changed; [`UNBINDABLE`] if
///   the offset does not fit (a body of more than 2 GiB), which no token
///   matches.
/// - Accessed by one thread at a time: the generator's poll, through
///   `Pin<&mut Gen>`.
#[derive(Default)]
pub(crate) struct BodyFlags {
    /// An offset, not an address: four bytes, so the generator stays small.
    token: Cell<i32>,
    /// `LEAVING`, `EXITING`, `IN_SECTION`, `PARKED_UNSEEN`: one byte, so the
    /// hot checks are one load each.
    flags: Cell<u8>,
    /// How an acmgr's scope ended, handed to its body on resume.
    outcome: Cell<Option<Outcome>>,
    /// `LEAVING` and not `EXITING`, kept in a byte of its own: the one test
    /// every poll of a body with cleanup makes.
    should_leave: Cell<bool>,
}

impl core::fmt::Debug for BodyFlags {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("BodyFlags")
            .field("leaving", &self.is_leaving())
            .finish_non_exhaustive()
    }
}

impl BodyFlags {
    #[inline]
    fn address(&self) -> usize {
        core::ptr::from_ref(self).addr()
    }

    /// Whether `token` (an address) is the token the body bound.
    #[inline]
    pub(crate) fn is_bound_to(&self, token: usize) -> bool {
        let offset = self.token.get();
        offset != 0
            && offset != UNBINDABLE
            && self.address().wrapping_add_signed(offset as isize) == token
    }

    /// Binds the body's token (an address); the first binding wins.
    #[inline]
    pub(crate) fn bind(&self, token: usize) {
        if self.token.get() == 0 {
            let offset = token.wrapping_sub(self.address()) as isize;
            // Never 0: the token and this `BodyFlags` are distinct objects.
            self.token.set(i32::try_from(offset).unwrap_or(UNBINDABLE));
        }
    }

    /// Whether the body has been polled (and so has bound its token).
    #[inline]
    pub(crate) fn started(&self) -> bool {
        self.token.get() != 0
    }

    #[inline]
    fn set(&self, flag: u8, on: bool) {
        let flags = self.flags.get();
        self.flags
            .set(if on { flags | flag } else { flags & !flag });
    }

    #[inline]
    pub(crate) fn is_done(&self) -> bool {
        self.flags.get() & DONE != 0
    }

    #[inline]
    pub(crate) fn set_done(&self) {
        self.set(DONE, true);
    }

    #[inline]
    pub(crate) fn start_leaving(&self) {
        self.set(LEAVING, true);
        self.should_leave.set(!self.is_exiting());
    }

    #[inline]
    pub(crate) fn is_leaving(&self) -> bool {
        self.flags.get() & LEAVING != 0
    }

    #[inline]
    pub(crate) fn is_exiting(&self) -> bool {
        self.flags.get() & EXITING != 0
    }

    #[inline]
    pub(crate) fn start_exiting(&self) {
        self.set(EXITING, true);
        self.should_leave.set(false);
    }

    /// Whether a suspension should give up now: the generator is leaving and
    /// (for an acmgr) its exit has not begun.
    #[inline]
    pub(crate) fn should_leave(&self) -> bool {
        self.should_leave.get()
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
        self.set(IN_SECTION, true);
    }

    pub(crate) fn leave_section(&self) {
        self.set(IN_SECTION, false);
    }

    /// Records where the body's last poll left it: at one of the lowering's
    /// own suspensions (which also ends any section), or at an await it
    /// could not see.
    #[inline]
    pub(crate) fn record_park(&self, seen: bool) {
        if seen {
            self.set(IN_SECTION | PARKED_UNSEEN, false);
        } else {
            self.set(PARKED_UNSEEN, true);
        }
    }

    /// Whether the body is parked where leaving means dropping it: at an
    /// await the lowering could not see, inside a section, where no cleanup
    /// is pending.
    #[inline]
    pub(crate) fn in_droppable_section(&self) -> bool {
        self.flags.get() & (IN_SECTION | PARKED_UNSEEN) == IN_SECTION | PARKED_UNSEEN
    }
}
