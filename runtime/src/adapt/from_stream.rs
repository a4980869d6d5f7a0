//! [`from_stream`]: any stream as a generator whose close does nothing (the
//! `maybe_aclosing` of Django's ticket #37066).

use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

use crate::generator::AsyncGenerator;

/// Wraps a plain [`Stream`], which has no async cleanup, so that it can go
/// wherever an [`AsyncGenerator`] is expected: its close does nothing but
/// mark it finished (later polls return `None`). Dropping it drops the
/// stream.
///
/// ```
/// use asyncgen::{closing, from_stream};
/// use futures::StreamExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let sum = closing(from_stream(futures::stream::iter([1, 2, 3])), async |mut s| {
///     let mut sum = 0;
///     while let Some(i) = s.next().await {
///         sum += i;
///     }
///     sum
/// })
/// .await;
/// assert_eq!(sum, 6);
/// # }
/// ```
pub fn from_stream<S: Stream>(stream: S) -> FromStream<S> {
    FromStream {
        stream,
        finished: false,
    }
}

pin_project! {
    /// The generator returned by [`from_stream`].
    ///
    /// ```
    /// use std::pin::Pin;
    ///
    /// use asyncgen::{from_stream, AsyncGenerator, FromStream};
    /// use futures::stream::{self, Iter, StreamExt};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut lines: FromStream<Iter<_>> = from_stream(stream::iter(["a", "b", "c"]));
    /// assert_eq!(lines.next().await, Some("a"));
    /// Pin::new(&mut lines).close().await; // nothing to clean up: marks it finished
    /// assert!(lines.is_finished());
    /// assert_eq!(lines.next().await, None);
    /// # }
    /// ```
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct FromStream<S> {
        #[pin]
        stream: S,
        finished: bool,
    }
}

impl<S: Stream> Stream for FromStream<S> {
    type Item = S::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        let this = self.project();
        if *this.finished {
            return Poll::Ready(None);
        }
        let item = core::task::ready!(this.stream.poll_next(cx));
        *this.finished = item.is_none();
        Poll::Ready(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.finished {
            (0, Some(0))
        } else {
            self.stream.size_hint()
        }
    }
}

impl<S: Stream> FusedStream for FromStream<S> {
    fn is_terminated(&self) -> bool {
        self.finished
    }
}

impl<S: Stream> AsyncGenerator for FromStream<S> {
    type Closed = ();

    fn poll_close(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        *self.project().finished = true;
        Poll::Ready(())
    }

    fn is_finished(&self) -> bool {
        self.finished
    }
}
