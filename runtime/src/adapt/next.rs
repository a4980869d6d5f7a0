//! [`Next`]: the future of the next item.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

/// The future of a pinned stream's next item, as `yield_from!` awaits it.
/// Not public API: consumers use `futures::StreamExt::next`.
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct Next<'a, S: ?Sized> {
    stream: Pin<&'a mut S>,
}

impl<'a, S: ?Sized> Next<'a, S> {
    /// The next item of a pinned stream.
    pub fn new(stream: Pin<&'a mut S>) -> Self {
        Next { stream }
    }
}

impl<S: Stream + ?Sized> Future for Next<'_, S> {
    type Output = Option<S::Item>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        self.stream.as_mut().poll_next(cx)
    }
}
