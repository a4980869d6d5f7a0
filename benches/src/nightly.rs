//! The nightly-only contenders: futures-async-stream's `#[stream]` and the
//! compiler's own `async gen {}` blocks.
//!
//! This file is declared only under `#[cfg(feature = "nightly")]`: stable
//! rejects `async gen` and bare `yield` while parsing, even in code a `cfg`
//! removes, so the syntax must stay out of any file stable reads.

use std::async_iter::AsyncIterator;
use std::future::ready;
use std::hint::black_box;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures::Stream;
use futures_async_stream::stream;

use crate::contenders::LOCAL64;
use crate::item;
use crate::mpsc::{self, Fed, Receiver};

/// The byte of a 64-byte local that item `i` adds.
#[inline(always)]
fn byte(local: &[u8; 64], i: u64) -> u64 {
    u64::from(local[(i & 63) as usize])
}

/// An [`AsyncIterator`] seen as a [`Stream`]: `poll_next` forwarded, so the
/// shared consumer can drive native `async gen` blocks.
#[derive(Debug)]
pub struct AsStream<I>(I);

impl<I: AsyncIterator> Stream for AsStream<I> {
    type Item = I::Item;

    #[inline(always)]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<I::Item>> {
        // SAFETY: `AsStream` pins its only field structurally: it never moves
        // out of it, has no `Drop` impl, and is `Unpin` only when `I` is.
        unsafe { self.map_unchecked_mut(|this| &mut this.0) }.poll_next(cx)
    }
}

/// The reference workload with futures-async-stream's `#[stream]`.
#[stream(item = u64)]
pub async fn futures_async_stream(n: u64) {
    for i in 0..n {
        yield item(i);
    }
}

/// The reference workload as a native `async gen` block.
pub fn async_gen(n: u64) -> AsStream<impl AsyncIterator<Item = u64>> {
    AsStream(async gen move {
        for i in 0..n {
            yield item(i);
        }
    })
}

/// `#[stream]` with the cleanup of `asyncgen+finally` at the end of the
/// body (see `contenders::async_stream_finally`: skipped on an early drop).
#[stream(item = u64)]
pub async fn futures_async_stream_finally(n: u64) {
    for i in 0..n {
        yield item(i);
    }
    black_box(n);
}

/// `async gen` with the cleanup of `asyncgen+finally` at the end of the
/// block (see `contenders::async_stream_finally`: skipped on an early drop).
pub fn async_gen_finally(n: u64) -> AsStream<impl AsyncIterator<Item = u64>> {
    AsStream(async gen move {
        for i in 0..n {
            yield item(i);
        }
        black_box(n);
    })
}

/// `#[stream]` awaiting a ready future before each yield.
#[stream(item = u64)]
pub async fn futures_async_stream_ready(n: u64) {
    for i in 0..n {
        ready(()).await;
        yield item(i);
    }
}

/// `async gen` awaiting a ready future before each yield.
pub fn async_gen_ready(n: u64) -> AsStream<impl AsyncIterator<Item = u64>> {
    AsStream(async gen move {
        for i in 0..n {
            ready(()).await;
            yield item(i);
        }
    })
}

/// `#[stream]` holding a 64-byte local across its yields.
#[stream(item = u64)]
pub async fn futures_async_stream_local64(n: u64) {
    let local = black_box(LOCAL64);
    for i in 0..n {
        yield item(i).wrapping_add(byte(&local, i));
    }
}

/// `async gen` holding a 64-byte local across its yields.
pub fn async_gen_local64(n: u64) -> AsStream<impl AsyncIterator<Item = u64>> {
    AsStream(async gen move {
        let local = black_box(LOCAL64);
        for i in 0..n {
            yield item(i).wrapping_add(byte(&local, i));
        }
    })
}

/// `rx.recv().await` before each yield, with `#[stream]`.
#[stream(item = u64)]
pub async fn futures_async_stream_recv(mut rx: Receiver) {
    while let Some(v) = rx.recv().await {
        yield item(v);
    }
}

/// `rx.recv().await` before each yield, as an `async gen` block.
pub fn async_gen_recv(mut rx: Receiver) -> AsStream<impl AsyncIterator<Item = u64>> {
    AsStream(async gen move {
        while let Some(v) = rx.recv().await {
            yield item(v);
        }
    })
}

/// [`futures_async_stream_recv`], every `recv` ready.
pub fn futures_async_stream_mpsc(n: u64) -> Fed<impl Stream<Item = u64>, false> {
    mpsc::ready(n, futures_async_stream_recv)
}

/// [`async_gen_recv`], every `recv` ready.
pub fn async_gen_mpsc(n: u64) -> Fed<impl Stream<Item = u64>, false> {
    mpsc::ready(n, async_gen_recv)
}

/// [`futures_async_stream_recv`], every `recv` waiting once.
pub fn futures_async_stream_mpsc_wait(n: u64) -> Fed<impl Stream<Item = u64>, true> {
    mpsc::waiting(n, futures_async_stream_recv)
}

/// [`async_gen_recv`], every `recv` waiting once.
pub fn async_gen_mpsc_wait(n: u64) -> Fed<impl Stream<Item = u64>, true> {
    mpsc::waiting(n, async_gen_recv)
}
