//! Benchmarks of `asyncgen` side by side with the other ways people write a
//! stream today. Not published.
//!
//! Every contender yields the same items, `(i ^ (i >> 3)) * 3` for
//! `i in 0..n` (`u64`, wrapping), and every consumer is the same: [`drain`]
//! sums the items through [`futures::StreamExt::next`] inside [`block_on`], a
//! busy-poll executor with [`Waker::noop`]. Only the way the stream is written
//! changes, so a difference in cost is the cost of that way. The `+mpsc`
//! contenders (see [`mpsc`]) run the same consumer with a real, clonable
//! waker instead, which the tokio future they await registers;
//! [`Executor`] is that choice, made per [`Group`] by [`executor!`].
//!
//! The contenders live in [`contenders`] (stable) and, with the `nightly`
//! feature, in `nightly` (futures-async-stream `#[stream]` and native
//! `async gen {}` blocks). [`CONTENDERS`] lists them all; the criterion
//! benches, the interleaved harness, the `instr` binary (callgrind) and the
//! `footprint` binary (sizes and allocations) all read that one list.

#![cfg_attr(
    feature = "nightly",
    feature(coroutines, proc_macro_hygiene, gen_blocks, async_iterator)
)]

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use futures::{Stream, StreamExt};

pub mod contenders;
pub mod fan_in;
pub mod interleave;
pub mod mpsc;
#[cfg(feature = "nightly")]
pub mod nightly;

/// The `i`-th item of the reference workload: `(i ^ (i >> 3)) * 3`, wrapping.
#[inline(always)]
pub const fn item(i: u64) -> u64 {
    (i ^ (i >> 3)).wrapping_mul(3)
}

/// What [`drain`] returns for a stream of `n` items of the reference workload,
/// computed with a plain loop: every contender must agree with it.
pub fn expected_sum(n: u64) -> u64 {
    (0..n).map(item).fold(0, u64::wrapping_add)
}

/// Where a harness runs its consumer: [`BusyPoll`] for the reference
/// workload, [`mpsc::ArcWaker`] for the `+mpsc` contenders. The
/// consumers themselves ([`Executor::drain`], [`Executor::drain_opaque`],
/// [`Executor::first`]) are written once, here, for both.
pub trait Executor {
    /// Runs `future` to completion on this thread.
    fn block_on<F: Future>(future: F) -> F::Output;

    /// The reference consumer: sums every item of `stream` (wrapping)
    /// through [`StreamExt::next`] inside [`Executor::block_on`].
    #[inline(always)]
    fn drain<S: Stream<Item = u64>>(stream: S) -> u64 {
        Self::block_on(async move {
            let mut stream = pin!(stream);
            let mut sum = 0u64;
            while let Some(item) = stream.next().await {
                sum = sum.wrapping_add(item);
            }
            sum
        })
    }

    /// [`Executor::drain`] with every `poll_next` of `stream` a real call:
    /// the stream is polled through [`Opaque`], whose `poll_next` is never
    /// inlined. The optimiser then cannot fuse the stream's machine into the
    /// consumer's loop, so this measures what one item costs across a call
    /// boundary.
    #[inline(always)]
    fn drain_opaque<S: Stream<Item = u64>>(stream: S) -> u64 {
        let stream = pin!(stream);
        Self::drain(Opaque(stream))
    }

    /// Creates nothing itself: pins `stream`, takes its first item, and
    /// drops the stream (running whatever its drop runs). The creation
    /// benchmark.
    #[inline(always)]
    fn first<S: Stream<Item = u64>>(stream: S) -> Option<u64> {
        Self::block_on(async move {
            let mut stream = pin!(stream);
            stream.next().await
        })
    }
}

/// The reference workload's executor: [`block_on`].
#[derive(Debug)]
pub struct BusyPoll;

impl Executor for BusyPoll {
    #[inline(always)]
    fn block_on<F: Future>(future: F) -> F::Output {
        block_on(future)
    }
}

/// Polls `future` on this thread until it is ready, with a waker that does
/// nothing: busy-polling, no parking, no allocation.
///
/// Every benchmarked stream is always ready, so the loop runs once; the loop
/// is there so that the executor stays correct for anything else.
#[inline(always)]
pub fn block_on<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut cx) {
            return output;
        }
    }
}

/// The reference consumer, [`Executor::drain`] on [`BusyPoll`].
#[inline(always)]
pub fn drain<S: Stream<Item = u64>>(stream: S) -> u64 {
    BusyPoll::drain(stream)
}

/// [`Executor::drain_opaque`] on [`BusyPoll`].
#[inline(always)]
pub fn drain_opaque<S: Stream<Item = u64>>(stream: S) -> u64 {
    BusyPoll::drain_opaque(stream)
}

/// A pinned stream whose `poll_next` is a call that is never inlined.
#[derive(Debug)]
pub struct Opaque<'a, S>(pub std::pin::Pin<&'a mut S>);

impl<S: Stream> Stream for Opaque<'_, S> {
    type Item = S::Item;

    #[inline(never)]
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<S::Item>> {
        self.0.as_mut().poll_next(cx)
    }
}

/// [`Executor::first`] on [`BusyPoll`].
#[inline(always)]
pub fn first<S: Stream<Item = u64>>(stream: S) -> Option<u64> {
    BusyPoll::first(stream)
}

/// Which question a contender answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The reference workload, written each way: the headline comparison.
    Workload,
    /// The reference workload with a `finally!` (asyncgen; elsewhere the
    /// same cleanup at the end of the body) and/or a
    /// `std::future::ready(()).await` before each yield: what close-awareness
    /// costs (asyncgen) against what a plain await costs elsewhere.
    CloseAwareness,
    /// The reference workload with a 64-byte array live across every yield:
    /// how each way lays out the locals it keeps (read its `size`).
    Local64,
    /// The reference items received from a `tokio::sync::mpsc` channel, one
    /// `rx.recv().await` before each yield, the channel fed so that every
    /// `recv` is ready at once ([`mpsc::ready`]); driven by
    /// [`mpsc::ArcWaker`].
    Mpsc,
    /// The same bodies, the channel fed only once the body has returned
    /// `Pending`: every `recv` registers the consumer's waker, then is woken
    /// through it ([`mpsc::waiting`]); driven by [`mpsc::ArcWaker`].
    MpscWait,
}

impl Group {
    /// The hand-written contender this group's sizes are compared with.
    pub const fn baseline(self) -> &'static str {
        match self {
            Group::Workload | Group::CloseAwareness => BASELINE,
            Group::Local64 => "hand-written+local64",
            Group::Mpsc => "hand-written+mpsc",
            Group::MpscWait => "hand-written+mpsc-wait",
        }
    }
}

/// One way of writing the stream, as plain function pointers so that every
/// harness drives every contender through the same code.
#[derive(Clone, Copy, Debug)]
pub struct Contender {
    /// Short name, used on the command line of `instr` and in every table.
    pub name: &'static str,
    /// Which comparison it belongs to.
    pub group: Group,
    /// Builds a stream of `n` items and [drains](Executor::drain) it.
    pub sum: fn(u64) -> u64,
    /// Builds a stream of `n` items and
    /// [drains it, each poll a call](Executor::drain_opaque).
    pub sum_opaque: fn(u64) -> u64,
    /// Builds a stream of `n` items and returns its
    /// [first item](Executor::first).
    pub first: fn(u64) -> Option<u64>,
    /// `size_of_val` of the stream as returned, before its first poll.
    pub size: fn() -> usize,
}

/// Calls `$callback! { ... }` with every contender of this build, one
/// `name, Group, constructor;` line each (nightly ones under their `cfg`), so
/// that a harness can expand code per contender. [`CONTENDERS`] is built
/// with it; the `instr` binary uses it to compile exactly one contender.
#[macro_export]
macro_rules! with_contenders {
    ($callback:ident) => {
        $callback! {
            "hand-written", Workload, $crate::contenders::hand_written;
            "asyncgen", Workload, $crate::contenders::asyncgen;
            "unfold", Workload, $crate::contenders::unfold;
            "async-stream", Workload, $crate::contenders::async_stream;
            #[cfg(feature = "nightly")]
            "futures-async-stream", Workload, $crate::nightly::futures_async_stream;
            #[cfg(feature = "nightly")]
            "async-gen", Workload, $crate::nightly::async_gen;
            "asyncgen+finally", CloseAwareness, $crate::contenders::asyncgen_finally;
            "async-stream+finally", CloseAwareness, $crate::contenders::async_stream_finally;
            #[cfg(feature = "nightly")]
            "futures-async-stream+finally", CloseAwareness,
                $crate::nightly::futures_async_stream_finally;
            #[cfg(feature = "nightly")]
            "async-gen+finally", CloseAwareness, $crate::nightly::async_gen_finally;
            "asyncgen+ready", CloseAwareness, $crate::contenders::asyncgen_ready;
            "asyncgen+finally+ready", CloseAwareness, $crate::contenders::asyncgen_finally_ready;
            "unfold+ready", CloseAwareness, $crate::contenders::unfold_ready;
            "async-stream+ready", CloseAwareness, $crate::contenders::async_stream_ready;
            #[cfg(feature = "nightly")]
            "futures-async-stream+ready", CloseAwareness,
                $crate::nightly::futures_async_stream_ready;
            #[cfg(feature = "nightly")]
            "async-gen+ready", CloseAwareness, $crate::nightly::async_gen_ready;
            "hand-written+local64", Local64, $crate::contenders::hand_written_local64;
            "asyncgen+local64", Local64, $crate::contenders::asyncgen_local64;
            "unfold+local64", Local64, $crate::contenders::unfold_local64;
            "async-stream+local64", Local64, $crate::contenders::async_stream_local64;
            #[cfg(feature = "nightly")]
            "futures-async-stream+local64", Local64,
                $crate::nightly::futures_async_stream_local64;
            #[cfg(feature = "nightly")]
            "async-gen+local64", Local64, $crate::nightly::async_gen_local64;
            "hand-written+mpsc", Mpsc, $crate::contenders::hand_written_mpsc;
            "asyncgen+mpsc", Mpsc, $crate::contenders::asyncgen_mpsc;
            "async-stream+mpsc", Mpsc, $crate::contenders::async_stream_mpsc;
            #[cfg(feature = "nightly")]
            "futures-async-stream+mpsc", Mpsc, $crate::nightly::futures_async_stream_mpsc;
            #[cfg(feature = "nightly")]
            "async-gen+mpsc", Mpsc, $crate::nightly::async_gen_mpsc;
            "hand-written+mpsc-wait", MpscWait, $crate::contenders::hand_written_mpsc_wait;
            "asyncgen+mpsc-wait", MpscWait, $crate::contenders::asyncgen_mpsc_wait;
            "async-stream+mpsc-wait", MpscWait, $crate::contenders::async_stream_mpsc_wait;
            #[cfg(feature = "nightly")]
            "futures-async-stream+mpsc-wait", MpscWait,
                $crate::nightly::futures_async_stream_mpsc_wait;
            #[cfg(feature = "nightly")]
            "async-gen+mpsc-wait", MpscWait, $crate::nightly::async_gen_mpsc_wait;
        }
    };
}

/// The [`Executor`] that drives the contenders of a [`Group`], given by its
/// variant's name: [`mpsc::ArcWaker`] for the `+mpsc` groups,
/// [`BusyPoll`] for the others. A macro rather than a function so that each
/// contender's code names its executor alone (see `src/bin/instr.rs` on why
/// a binary must hold nothing else).
#[macro_export]
macro_rules! executor {
    (Mpsc) => {
        $crate::mpsc::ArcWaker
    };
    (MpscWait) => {
        $crate::mpsc::ArcWaker
    };
    ($group:ident) => {
        $crate::BusyPoll
    };
}

/// Builds the [`CONTENDERS`] array from [`with_contenders!`]'s list.
macro_rules! contender_array {
    ($($(#[$attr:meta])* $name:literal, $group:ident, $make:path;)*) => {
        &[$(
            $(#[$attr])*
            Contender {
                name: $name,
                group: Group::$group,
                sum: |n| <executor!($group) as Executor>::drain($make(n)),
                sum_opaque: |n| <executor!($group) as Executor>::drain_opaque($make(n)),
                first: |n| <executor!($group) as Executor>::first($make(n)),
                size: || std::mem::size_of_val(&$make(0)),
            },
        )*]
    };
}

/// The contender every ratio is taken against.
pub const BASELINE: &str = "hand-written";

/// Every contender this build has, in table order (the workload, then
/// close-awareness, then the 64-byte local, then the channel). The first
/// entry is the baseline, [`BASELINE`].
pub const CONTENDERS: &[Contender] = with_contenders!(contender_array);

/// The contender called `name`, if this build has it.
pub fn contender(name: &str) -> Option<&'static Contender> {
    CONTENDERS.iter().find(|c| c.name == name)
}

/// The contenders of one group, in table order.
pub fn group(group: Group) -> impl Iterator<Item = &'static Contender> {
    CONTENDERS.iter().filter(move |c| c.group == group)
}

/// The sum a contender of `group` must return for `n` items: the 64-byte
/// local adds one per item (see [`contenders::LOCAL64`]).
pub fn expected(group: Group, n: u64) -> u64 {
    match group {
        Group::Workload | Group::CloseAwareness | Group::Mpsc | Group::MpscWait => expected_sum(n),
        Group::Local64 => expected_sum(n).wrapping_add(n),
    }
}
