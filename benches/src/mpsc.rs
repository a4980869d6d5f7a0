//! The `+mpsc` workloads: a body that awaits a tokio future before each
//! yield, `while let Some(v) = rx.recv().await { yield item(v) }` on a
//! `tokio::sync::mpsc` channel carrying `0..n`, so the items are the
//! reference items.
//!
//! **The channel** is unbounded: its `send` is synchronous and never waits
//! for capacity, so the feeder below can send from inside a `poll_next`.
//! Bounded and unbounded channels share the receiver's code
//! (`chan::Rx::recv`: the coop budget, the pop, the waker registered only
//! when the channel is empty); bounded adds a semaphore whose permit each
//! `recv` gives back under a mutex, which would be channel cost in every row
//! alike.
//!
//! **Feeding, not filling.** The body under test holds the receiver; a
//! [`Fed`] stream around it holds the sender and sends item `i` itself,
//! inside its own `poll_next`, then drops the sender after the last one.
//! Nothing is filled up front, so nothing in the setup grows with `n`:
//! creating the channel cancels in `instructions.sh`'s difference of two
//! lengths like any other creation, and `first` mode (streams built
//! `u64::MAX` long) works. The send of each item is per-item cost, the same
//! in every row: `hand-written+mpsc`, which drains the same channel with
//! `poll_recv` and nothing else, is that floor, and a contender's overhead
//! over the raw channel is its row minus that one. Two ways of feeding:
//!
//! - [`ready`] (group `Mpsc`): one item is sent before each poll of the
//!   body, so every `recv().await` is ready at once: the channel with
//!   something in it, the per-item cost of an await on a real tokio future.
//!   tokio's `recv` does not look at the waker when a value is there (it
//!   registers it only when the channel is empty), so nothing here depends
//!   on the waker.
//! - [`waiting`] (group `MpscWait`): the body is polled first and its
//!   `recv` finds the channel empty: it **registers the consumer's waker**
//!   and returns `Pending`, which the generator passes up. Only then is the
//!   item sent, which wakes the registered waker, and the body polled again
//!   to receive it. Every item thus costs a registration, a wake and a
//!   `Pending` through the generator, in every row; what a contender adds
//!   to the raw row is its own.
//!
//! **Waker identity does not matter to `recv`.** tokio's `recv` keeps its
//! waker in `tokio::sync::task::AtomicWaker`, whose `register_by_ref`
//! clones the waker it is given and drops the one it held on *every*
//! registration, without asking `will_wake` (tokio 1.54; the timer's
//! `Sleep` uses the same `AtomicWaker`; `Notify`, `oneshot`, `Semaphore`
//! and so a bounded channel's `send`, `broadcast` and `JoinHandle` do ask
//! `will_wake`). A wake takes the waker out besides. So a generator that polls its body with a
//! waker of its own does not make `recv` re-clone more often than the raw
//! channel does; it can only make each clone or wake dearer, which
//! `MpscWait`'s rows show.
//!
//! **The waker.** These contenders are drained by [`ArcWaker`], which
//! busy-polls like [`crate::block_on`] but with a real waker instead of
//! [`Waker::noop`]: an `Arc`, so that cloning is a reference count and
//! dropping one a decrement, and waking sets a flag. Its vtable is one
//! `static` (a unique address), so a clone of the waker `will_wake` the
//! waker, as with tokio's task wakers. The waker counts its clones and wakes
//! on this thread ([`waker_clones`], [`waker_wakes`]; a few instructions
//! each, the same in every row): `footprint` reports clones per item, the
//! tests check the wakes. Not a tokio runtime: its coop budget would add a
//! `Pending` every 128 items to every row (outside a runtime tokio's budget
//! is unconstrained), and nothing here needs its scheduler.

use std::cell::Cell;
use std::future::Future;
use std::pin::{Pin, pin};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, RawWaker, RawWakerVTable, Waker};

use futures::Stream;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender, unbounded_channel};

use crate::Executor;

/// The receiving end the bodies under test hold.
pub type Receiver = UnboundedReceiver<u64>;

/// Busy-polls a future on this thread with this thread's [`Arc`] waker (see
/// the module's documentation): the executor of the `+mpsc` contenders.
#[derive(Debug)]
pub struct ArcWaker;

impl Executor for ArcWaker {
    #[inline(always)]
    fn block_on<F: Future>(future: F) -> F::Output {
        WAKER.with(|waker| {
            let mut future = pin!(future);
            let mut cx = Context::from_waker(waker);
            loop {
                if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
                    return output;
                }
            }
        })
    }
}

thread_local! {
    /// This thread's consumer waker, made once.
    static WAKER: Waker = woken_flag_waker();
    /// Clones and wakes of every [`ArcWaker`] waker on this thread.
    static CLONES: Cell<u64> = const { Cell::new(0) };
    static WAKES: Cell<u64> = const { Cell::new(0) };
}

/// How many times a consumer waker of [`ArcWaker`] has been cloned on this
/// thread.
pub fn waker_clones() -> u64 {
    CLONES.with(Cell::get)
}

/// How many times a consumer waker of [`ArcWaker`] has been woken (by value
/// or by reference) on this thread.
pub fn waker_wakes() -> u64 {
    WAKES.with(Cell::get)
}

/// What the waker points at: the flag a wake sets.
#[derive(Debug, Default)]
struct Woken(AtomicBool);

/// A waker for a new [`Woken`] flag, with [`VTABLE`].
fn woken_flag_waker() -> Waker {
    let data = Arc::into_raw(Arc::new(Woken::default())).cast::<()>();
    // SAFETY: `data` is an `Arc<Woken>`'s, whose reference the waker now
    // owns: `VTABLE`'s contract.
    unsafe { Waker::new(data, &VTABLE) }
}

// One non-generic static: a unique address, so `will_wake` holds between a
// waker and its clones.
static VTABLE: RawWakerVTable = RawWakerVTable::new(clone, wake, wake_by_ref, drop_waker);

// SAFETY (the four vtable functions): `data` comes from `Arc::into_raw` of
// an `Arc<Woken>`, and each `RawWaker` with this vtable owns one reference.
unsafe fn clone(data: *const ()) -> RawWaker {
    CLONES.with(|clones| clones.set(clones.get() + 1));
    // SAFETY: the vtable's contract (above): the reference is live.
    unsafe { Arc::increment_strong_count(data.cast::<Woken>()) };
    RawWaker::new(data, &VTABLE)
}

unsafe fn wake(data: *const ()) {
    // SAFETY: the vtable's contract (above); this waker's reference is
    // given back after the wake.
    unsafe {
        wake_by_ref(data);
        drop_waker(data);
    }
}

unsafe fn wake_by_ref(data: *const ()) {
    WAKES.with(|wakes| wakes.set(wakes.get() + 1));
    // SAFETY: the vtable's contract (above): the reference is live.
    let woken = unsafe { &*data.cast::<Woken>() };
    woken.0.store(true, Ordering::Release);
}

unsafe fn drop_waker(data: *const ()) {
    // SAFETY: the vtable's contract (above): this waker's own reference.
    unsafe { Arc::decrement_strong_count(data.cast::<Woken>()) };
}

/// `body` over a fresh channel that is fed `0..n` one item before each poll:
/// every `recv` is ready at once.
#[inline(always)]
pub fn ready<S>(n: u64, body: impl FnOnce(Receiver) -> S) -> Fed<S, false> {
    Fed::new(n, body)
}

/// `body` over a fresh channel that is fed `0..n` one item after each
/// `Pending` of the body: every `recv` registers the waker, then is woken.
#[inline(always)]
pub fn waiting<S>(n: u64, body: impl FnOnce(Receiver) -> S) -> Fed<S, true> {
    Fed::new(n, body)
}

/// A stream over a channel's receiver, with the channel's sender: sends
/// `0..n` into it one item at a time, before each poll of `stream`
/// (`WAIT = false`), or once `stream` has returned `Pending`
/// (`WAIT = true`), then drops the sender so that the stream's `recv`
/// returns `None`.
#[derive(Debug)]
pub struct Fed<S, const WAIT: bool> {
    feeder: Feeder,
    stream: S,
}

/// The sending half of a [`Fed`] stream: the sender and the items left.
#[derive(Debug)]
struct Feeder {
    tx: Option<UnboundedSender<u64>>,
    next: u64,
    end: u64,
}

impl Feeder {
    /// Sends the next item, or after the last drops the sender (closing the
    /// channel).
    #[inline(always)]
    fn feed(&mut self) {
        match &self.tx {
            Some(tx) if self.next < self.end => {
                // The body holds the receiver until it has seen the close,
                // so the send cannot fail; if a broken body dropped it, its
                // sum is wrong and the checks say so.
                let _ = tx.send(self.next);
                self.next += 1;
            }
            _ => self.tx = None,
        }
    }
}

impl<S, const WAIT: bool> Fed<S, WAIT> {
    #[inline(always)]
    fn new(n: u64, body: impl FnOnce(Receiver) -> S) -> Self {
        let (tx, rx) = unbounded_channel();
        Fed {
            feeder: Feeder {
                tx: Some(tx),
                next: 0,
                end: n,
            },
            stream: body(rx),
        }
    }
}

impl<S: Stream<Item = u64>, const WAIT: bool> Stream for Fed<S, WAIT> {
    type Item = u64;

    #[inline(always)]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        // SAFETY: `Fed` pins `stream` structurally and nothing else: it
        // never moves out of `stream`, has no `Drop` impl, and is `Unpin`
        // only when `S` is. `feeder` is moved freely.
        let Fed { feeder, stream } = unsafe { self.get_unchecked_mut() };
        // SAFETY: `stream` is pinned because the `Fed` is (see above).
        let mut stream = unsafe { Pin::new_unchecked(stream) };
        if !WAIT {
            feeder.feed();
            return stream.poll_next(cx);
        }
        match stream.as_mut().poll_next(cx) {
            Poll::Pending if feeder.tx.is_some() => {
                feeder.feed();
                stream.poll_next(cx)
            }
            poll => poll,
        }
    }
}
