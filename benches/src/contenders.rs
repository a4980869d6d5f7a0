//! The stable contenders: the reference workload written with asyncgen, by
//! hand, with `futures::stream::unfold`, and with async-stream's `stream!`,
//! plus the close-awareness, 64-byte-local and channel (`+mpsc`, see
//! [`crate::mpsc`]) variants.
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
use crate::mpsc::{self, Fed, Receiver};

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

/// `stream!` with the cleanup of [`asyncgen_finally`] where async-stream
/// users write cleanup, at the end of the body (it has no `finally`). It
/// runs only when the body completes, not when the stream is dropped early
/// as asyncgen's does: compare the per-item columns, not the creation
/// (create + first item + drop) one.
pub fn async_stream_finally(n: u64) -> impl Stream<Item = u64> {
    async_stream::stream! {
        for i in 0..n {
            yield item(i);
        }
        black_box(n);
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

/// The raw channel: a hand-written [`Stream`] whose `poll_next` is the
/// receiver's `poll_recv`. The floor of the `+mpsc` rows.
#[derive(Debug)]
pub struct Recv(Receiver);

impl Stream for Recv {
    type Item = u64;

    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        self.0.poll_recv(cx).map(|v| v.map(item))
    }
}

/// The raw channel over `rx`.
pub fn hand_written_recv(rx: Receiver) -> Recv {
    Recv(rx)
}

/// `rx.recv().await` before each yield, as an `#[async_generator]`.
#[async_generator(yield = u64)]
pub async fn asyncgen_recv(mut rx: Receiver) {
    while let Some(v) = rx.recv().await {
        yield_!(item(v));
    }
}

/// `rx.recv().await` before each yield, with `stream!`.
pub fn async_stream_recv(mut rx: Receiver) -> impl Stream<Item = u64> {
    async_stream::stream! {
        while let Some(v) = rx.recv().await {
            yield item(v);
        }
    }
}

/// The raw channel, every `recv` ready.
pub fn hand_written_mpsc(n: u64) -> Fed<Recv, false> {
    mpsc::ready(n, hand_written_recv)
}

/// [`asyncgen_recv`], every `recv` ready.
pub fn asyncgen_mpsc(n: u64) -> Fed<impl Stream<Item = u64>, false> {
    mpsc::ready(n, asyncgen_recv)
}

/// [`async_stream_recv`], every `recv` ready.
pub fn async_stream_mpsc(n: u64) -> Fed<impl Stream<Item = u64>, false> {
    mpsc::ready(n, async_stream_recv)
}

/// The raw channel, every `recv` waiting once.
pub fn hand_written_mpsc_wait(n: u64) -> Fed<Recv, true> {
    mpsc::waiting(n, hand_written_recv)
}

/// [`asyncgen_recv`], every `recv` waiting once.
pub fn asyncgen_mpsc_wait(n: u64) -> Fed<impl Stream<Item = u64>, true> {
    mpsc::waiting(n, asyncgen_recv)
}

/// [`async_stream_recv`], every `recv` waiting once.
pub fn async_stream_mpsc_wait(n: u64) -> Fed<impl Stream<Item = u64>, true> {
    mpsc::waiting(n, async_stream_recv)
}
