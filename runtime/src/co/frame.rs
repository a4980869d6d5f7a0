//! The frame a yielded value travels through: it lives on the stack of the
//! generator's poll, and the body reaches it through the `Context` it is
//! polled with. This module holds all of the hand-off's unsafe code.
//!
//! # Design
//!
//! [`poll_body`] puts a [`Frame`] on its own stack (the consumer's waker, a
//! pointer to the generator's [`BodyFlags`] flags, a state byte, an empty slot)
//! and polls the body with a `Context` whose waker wraps the frame: one
//! `static` vtable, whose `clone` returns the consumer's own waker, so no
//! owned waker ever points at the frame and nothing that outlives the poll
//! can reach it.
//!
//! The body's futures find the frame again through `cx.waker()`: the vtable's
//! address proves the waker is a frame's. A value is written into the slot
//! only by [`put`], after checking that the body's handle (a one-byte token,
//! [`Co`](super::Co)) is the very token this generator bound on its first
//! poll: the frame is then this generator's, and its slot's type (lifetimes
//! included) is the token's `Y`. A token used anywhere else panics; it never
//! writes.

use core::cell::{Cell, UnsafeCell};
use core::future::Future;
use core::mem::{ManuallyDrop, MaybeUninit};
use core::pin::Pin;
use core::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use super::flags::BodyFlags;

/// Nothing was handed back during this poll.
pub(crate) const EMPTY: u8 = 0;
/// The slot holds a yielded value.
pub(crate) const ITEM: u8 = 1;
/// The body is parked at one of the awaits the lowering wrapped.
pub(crate) const PARKED: u8 = 2;

/// The part of the frame that does not depend on the yielded type.
///
/// `repr(C)`, the consumer's waker first: the vtable functions read only it.
#[repr(C)]
pub(crate) struct Head<'a> {
    consumer: &'a Waker,
    pub(crate) flags: &'a BodyFlags,
    pub(crate) state: Cell<u8>,
    /// Whether suspensions give up during this poll: the generator is
    /// leaving and (for an acmgr) its exit has not begun. A constant `false`
    /// on `poll_next`'s hot path, so the body's checks fold away.
    pub(crate) leaving: Cell<bool>,
}

/// Lives on the stack of one poll of a generator's body.
///
/// # Invariants
///
/// - The slot is initialised exactly when `head.state` is [`ITEM`].
/// - Reached by the body only through the wrapper waker lent for the poll,
///   which never outlives the frame.
#[repr(C)]
struct Frame<'a, Y> {
    head: Head<'a>,
    slot: UnsafeCell<MaybeUninit<Y>>,
}

// One non-generic static: a unique address, unlike a promoted constant.
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

// SAFETY (the four vtable functions): `data` is a `*const Frame<_>` whose
// first field (`repr(C)`) is the consumer's `&Waker`. The wrapper waker is
// only ever lent, for the duration of one poll, while its frame lives: no
// owned copy of it exists (`clone` hands out the consumer's waker instead).
unsafe fn consumer<'a>(data: *const ()) -> &'a Waker {
    // SAFETY: see above; the frame outlives every call of the vtable.
    unsafe { *data.cast::<&Waker>() }
}

unsafe fn clone(data: *const ()) -> RawWaker {
    // SAFETY: the vtable's contract (above).
    let owned = ManuallyDrop::new(unsafe { consumer(data) }.clone());
    RawWaker::new(owned.data(), owned.vtable())
}

unsafe fn wake(data: *const ()) {
    // Unreachable: no owned wrapper exists to be woken by value.
    // SAFETY: the vtable's contract (above).
    unsafe { wake_by_ref(data) }
}

unsafe fn wake_by_ref(data: *const ()) {
    // SAFETY: the vtable's contract (above).
    unsafe { consumer(data) }.wake_by_ref();
}

unsafe fn drop_waker(_: *const ()) {}

/// The body as [`poll_body`] sees it: in debug builds, a `dyn Future`, so
/// that one instance of the hand-off serves every generator of the same
/// item and output types (compile time); in optimised builds, the body's
/// own type, so that its poll inlines into the consumer's (speed).
#[cfg(debug_assertions)]
pub(crate) type Polled<'a, F> = dyn Future<Output = <F as Future>::Output> + 'a;
/// See the debug-build definition.
#[cfg(not(debug_assertions))]
pub(crate) type Polled<'a, F> = F;

/// What the body handed back during one poll.
pub(crate) enum Step<Y, O> {
    /// The body finished with this output.
    Done(O),
    /// The body yielded this value.
    Item(Y),
    /// The body is waiting; `parked` says whether at an await the lowering
    /// wrapped (`false`: an await it could not see).
    Pending { parked: bool },
}

/// Polls `body` once under a frame for values of type `Y`, with `flags`
/// as the generator's flags; `leaving` is `flags.should_leave()`, passed
/// in so that the hot path can pass a constant.
#[inline]
pub(crate) fn poll_body<Y, F: Future + ?Sized>(
    body: Pin<&mut F>,
    flags: &BodyFlags,
    leaving: bool,
    cx: &mut Context<'_>,
) -> Step<Y, F::Output> {
    let frame: Frame<'_, Y> = Frame {
        head: Head {
            consumer: cx.waker(),
            flags,
            state: Cell::new(EMPTY),
            leaving: Cell::new(leaving),
        },
        slot: UnsafeCell::new(MaybeUninit::uninit()),
    };
    // SAFETY: `VTABLE`'s contract: the data is a live `Frame` whose first
    // field is the consumer's waker, and the wrapper is only lent to this
    // poll (`ManuallyDrop`: never dropped, never woken by value).
    let wrapper =
        ManuallyDrop::new(unsafe { Waker::new(core::ptr::from_ref(&frame).cast::<()>(), &VTABLE) });
    let poll = body.poll(&mut Context::from_waker(&wrapper));
    let state = frame.head.state.get();
    match poll {
        Poll::Pending if state == ITEM => {
            // SAFETY: `ITEM`: `put` initialised the slot; it is read once,
            // and the frame is gone after this.
            Step::Item(unsafe { (*frame.slot.get()).assume_init_read() })
        }
        Poll::Pending => Step::Pending {
            parked: state == PARKED,
        },
        Poll::Ready(output) => {
            if state == ITEM {
                // Put, then finished without suspending (only hand-made
                // bodies do that): nobody takes the value.
                // SAFETY: as above.
                drop(unsafe { (*frame.slot.get()).assume_init_read() });
            }
            Step::Done(output)
        }
    }
}

/// The frame of the poll in progress, if `cx` is a generator's.
#[inline]
fn frame_of(cx: &Context<'_>) -> Option<*const ()> {
    let waker = cx.waker();
    core::ptr::eq(waker.vtable(), &VTABLE).then(|| waker.data())
}

/// The frame header of the poll in progress, if `cx` is a generator's.
#[inline]
pub(crate) fn head<'c>(cx: &'c Context<'_>) -> Option<&'c Head<'c>> {
    // SAFETY: our vtable: the data is a live `Frame`, header first
    // (`repr(C)`), for as long as the `Context` is lent.
    frame_of(cx).map(|frame| unsafe { &*frame.cast::<Head<'c>>() })
}

/// The frame header, for code that only makes sense inside a generator's
/// poll.
#[inline]
pub(crate) fn expect_head<'c>(cx: &'c Context<'_>) -> &'c Head<'c> {
    match head(cx) {
        Some(head) => head,
        None => outside(),
    }
}

/// A poll on the consumer's own waker: what a wrapped await hands the
/// future it awaits, so that tokio's futures see a waker that `will_wake`.
#[inline]
pub(crate) fn consumer_waker<'c>(head: &'c Head<'_>) -> &'c Waker {
    head.consumer
}

/// Hands `value` to the consumer: writes it into the frame's slot.
///
/// `token` is the address of the [`Co`](super::Co) the value comes with.
/// Panics, writing nothing, unless it is the token this generator bound.
#[inline]
pub(crate) fn put<Y>(cx: &Context<'_>, token: usize, value: Y) {
    let Some(frame) = frame_of(cx) else { outside() };
    // SAFETY: `frame_of` found our vtable: a frame of this poll.
    unsafe { put_into(frame, token, value) }
}

/// The frame of the poll in progress, for [`put_into`] later in the same
/// poll; panics if `cx` is not a generator's.
#[inline]
pub(crate) fn current(cx: &Context<'_>) -> *const () {
    match frame_of(cx) {
        Some(frame) => frame,
        None => outside(),
    }
}

/// [`put`], into a frame found earlier.
///
/// # Safety
///
/// `frame` came from [`current`] during the poll in progress (the body has
/// not suspended since), so the frame is live.
#[inline]
pub(crate) unsafe fn put_into<Y>(frame: *const (), token: usize, value: Y) {
    let frame = frame.cast::<Frame<'_, Y>>();
    // SAFETY: the caller's contract: a live frame; only the header is read
    // here, which every frame starts with (`repr(C)`).
    let head = unsafe { &(*frame).head };
    if !head.flags.is_bound_to(token) {
        not_this_generator();
    }
    // SAFETY: the token is the one this generator bound (first thing in
    // its body, see `Slot::bind`): the frame is this generator's, made by
    // `poll_body::<Y, _>` for this very `Y`.
    unsafe { put_unchecked(frame.cast(), value) }
}

/// Binds `token` (an address) to the generator whose frame this is.
///
/// # Safety
///
/// `frame` came from [`current`] during the poll in progress.
#[inline]
pub(crate) unsafe fn bind(frame: *const (), token: usize) {
    // SAFETY: the caller's contract: a live frame; only its header is read.
    unsafe { (*frame.cast::<Head<'_>>()).flags.bind(token) }
}

/// Writes `value` into the frame's slot.
///
/// # Safety
///
/// `frame` is the live frame of the poll in progress, made by
/// `poll_body::<Y, _>` for this very `Y`. Only this thread touches the slot
/// during the poll; writing initialises it, and `ITEM` records so (a value
/// already there is leaked, never misread).
#[inline]
pub(crate) unsafe fn put_unchecked<Y>(frame: *const (), value: Y) {
    let frame = frame.cast::<Frame<'_, Y>>();
    // SAFETY: the caller's contract.
    unsafe {
        (*(*frame).slot.get()).write(value);
        (*frame).head.state.set(ITEM);
    }
}

#[cold]
#[inline(never)]
#[track_caller]
fn outside() -> ! {
    panic!(
        "a generator's `yield_!` ran outside the generator's own poll (in a spawned task, a \
         `FuturesUnordered`, or another future polled with its own waker); yield directly from \
         the generator body"
    )
}

#[cold]
#[inline(never)]
#[track_caller]
fn not_this_generator() -> ! {
    panic!(
        "a generator's `yield_!` ran inside another generator's poll (its code was moved into \
         another future); yield directly from the generator body"
    )
}
