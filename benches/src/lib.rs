//! Benchmarks of `asyncgen` side by side with the other ways people write a
//! stream today. Not published.
//!
//! Every contender yields the same items, `(i ^ (i >> 3)) * 3` for
//! `i in 0..n` (`u64`, wrapping), and every consumer is the same: [`drain`]
//! sums the items through [`futures::StreamExt::next`] inside [`block_on`], a
//! busy-poll executor with [`Waker::noop`]. Only the way the stream is written
//! changes, so a difference in cost is the cost of that way.
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

/// The reference consumer: sums every item of `stream` (wrapping) through
/// [`StreamExt::next`] inside [`block_on`].
#[inline(always)]
pub fn drain<S: Stream<Item = u64>>(stream: S) -> u64 {
    block_on(async move {
        let mut stream = pin!(stream);
        let mut sum = 0u64;
        while let Some(item) = stream.next().await {
            sum = sum.wrapping_add(item);
        }
        sum
    })
}

/// [`drain`] with every `poll_next` of `stream` a real call: the stream is
/// polled through [`Opaque`], whose `poll_next` is never inlined. The
/// optimiser then cannot fuse the stream's machine into the consumer's loop,
/// so this measures what one item costs across a call boundary.
#[inline(always)]
pub fn drain_opaque<S: Stream<Item = u64>>(stream: S) -> u64 {
    let stream = pin!(stream);
    drain(Opaque(stream))
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

/// Creates nothing itself: pins `stream`, takes its first item, and drops the
/// stream (running whatever its drop runs). The creation benchmark.
#[inline(always)]
pub fn first<S: Stream<Item = u64>>(stream: S) -> Option<u64> {
    block_on(async move {
        let mut stream = pin!(stream);
        stream.next().await
    })
}

/// Which question a contender answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// The reference workload, written each way: the headline comparison.
    Workload,
    /// The reference workload with a `finally!` and/or a
    /// `std::future::ready(()).await` before each yield: what close-awareness
    /// costs (asyncgen) against what a plain await costs elsewhere.
    CloseAwareness,
    /// The reference workload with a 64-byte array live across every yield:
    /// how each way lays out the locals it keeps (read its `size`).
    Local64,
}

/// One way of writing the stream, as plain function pointers so that every
/// harness drives every contender through the same code.
#[derive(Clone, Copy, Debug)]
pub struct Contender {
    /// Short name, used on the command line of `instr` and in every table.
    pub name: &'static str,
    /// Which comparison it belongs to.
    pub group: Group,
    /// Builds a stream of `n` items and [`drain`]s it.
    pub sum: fn(u64) -> u64,
    /// Builds a stream of `n` items and [`drain_opaque`]s it.
    pub sum_opaque: fn(u64) -> u64,
    /// Builds a stream of `n` items and returns its [`first`] item.
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
        }
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
                sum: |n| drain($make(n)),
                sum_opaque: |n| drain_opaque($make(n)),
                first: |n| first($make(n)),
                size: || std::mem::size_of_val(&$make(0)),
            },
        )*]
    };
}

/// The contender every ratio is taken against.
pub const BASELINE: &str = "hand-written";

/// Every contender this build has, in table order (the workload, then
/// close-awareness, then the 64-byte local). The first entry is the
/// baseline, [`BASELINE`].
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
        Group::Workload | Group::CloseAwareness => expected_sum(n),
        Group::Local64 => expected_sum(n).wrapping_add(n),
    }
}
