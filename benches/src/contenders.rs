//! The stable contenders: the reference workload written with asyncgen, by
//! hand, with `futures::stream::unfold`, and with async-stream's `stream!`,
//! plus the close-awareness and 64-byte-local variants.
//!
//! Each function returns the stream unpolled; the harnesses pin it on the
//! stack themselves.

use std::future::ready;
use std::hint::black_box;
use std::pin::Pin;
use std::task::{Context, Poll};

use asyncgen::async_generator;
use futures::Stream;

use crate::item;

/// The array every `*_local64` contender keeps live across its yields: 64
/// ones, passed through [`black_box`] so the compiler cannot fold it away.
/// Each item adds one of its bytes, so those streams sum to the reference
/// sum plus `n`.
pub const LOCAL64: [u8; 64] = [1; 64];

/// The byte of a 64-byte local that item `i` adds.
#[inline(always)]
fn byte(local: &[u8; 64], i: u64) -> u64 {
    u64::from(local[(i & 63) as usize])
}

/// The baseline: a hand-written `Stream`, a counter and a bound.
#[derive(Debug)]
pub struct Counter {
    next: u64,
    end: u64,
}

impl Stream for Counter {
    type Item = u64;

    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<Option<u64>> {
        if self.next < self.end {
            let i = self.next;
            self.next += 1;
            Poll::Ready(Some(item(i)))
        } else {
            Poll::Ready(None)
        }
    }
}

/// The reference workload as a hand-written [`Stream`].
pub fn hand_written(n: u64) -> Counter {
    Counter { next: 0, end: n }
}

/// The reference workload as an `#[async_generator]`.
#[async_generator(yield = u64)]
pub async fn asyncgen(n: u64) {
    for i in 0..n {
        yield_!(item(i));
    }
}

/// The reference workload through `futures::stream::unfold`.
pub fn unfold(n: u64) -> impl Stream<Item = u64> {
    futures::stream::unfold(0, move |i| async move {
        if i < n { Some((item(i), i + 1)) } else { None }
    })
}

/// The reference workload through async-stream's `stream!`.
pub fn async_stream(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        for i in 0..n {
            yield item(i);
        }
    }
}

/// The reference workload with a `finally!` protecting the loop.
#[async_generator(yield = u64)]
pub async fn asyncgen_finally(n: u64) {
    finally! { black_box(n); }
    for i in 0..n {
        yield_!(item(i));
    }
}

/// The reference workload awaiting a ready future before each yield.
#[async_generator(yield = u64)]
pub async fn asyncgen_ready(n: u64) {
    for i in 0..n {
        ready(()).await;
        yield_!(item(i));
    }
}

/// Both: a `finally!`, and a ready future awaited before each yield (the
/// await is then inside protected code).
#[async_generator(yield = u64)]
pub async fn asyncgen_finally_ready(n: u64) {
    finally! { black_box(n); }
    for i in 0..n {
        ready(()).await;
        yield_!(item(i));
    }
}

/// `unfold` awaiting a ready future before each item.
pub fn unfold_ready(n: u64) -> impl Stream<Item = u64> {
    futures::stream::unfold(0, move |i| async move {
        ready(()).await;
        if i < n { Some((item(i), i + 1)) } else { None }
    })
}

/// `stream!` awaiting a ready future before each yield.
pub fn async_stream_ready(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        for i in 0..n {
            ready(()).await;
            yield item(i);
        }
    }
}

/// [`Counter`] with a 64-byte array in its state.
#[derive(Debug)]
pub struct CounterLocal64 {
    counter: Counter,
    local: [u8; 64],
}

impl Stream for CounterLocal64 {
    type Item = u64;

    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        let i = self.counter.next;
        let byte = byte(&self.local, i);
        Pin::new(&mut self.counter)
            .poll_next(cx)
            .map(|item| item.map(|item| item.wrapping_add(byte)))
    }
}

/// The hand-written stream holding a 64-byte array.
pub fn hand_written_local64(n: u64) -> CounterLocal64 {
    CounterLocal64 {
        counter: hand_written(n),
        local: black_box(LOCAL64),
    }
}

/// An `#[async_generator]` holding a 64-byte local across its yields.
#[async_generator(yield = u64)]
pub async fn asyncgen_local64(n: u64) {
    let local = black_box(LOCAL64);
    for i in 0..n {
        yield_!(item(i).wrapping_add(byte(&local, i)));
    }
}

/// `unfold` whose state holds a 64-byte array.
pub fn unfold_local64(n: u64) -> impl Stream<Item = u64> {
    futures::stream::unfold((0, black_box(LOCAL64)), move |(i, local)| async move {
        if i < n {
            Some((item(i).wrapping_add(byte(&local, i)), (i + 1, local)))
        } else {
            None
        }
    })
}

/// `stream!` holding a 64-byte local across its yields.
pub fn async_stream_local64(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        let local = black_box(LOCAL64);
        for i in 0..n {
            yield item(i).wrapping_add(byte(&local, i));
        }
    }
}
