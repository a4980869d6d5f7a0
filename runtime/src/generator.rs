//! The [`AsyncGenerator`] trait: a [`Stream`] that can be closed with async
//! cleanup.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::FusedStream;
#[cfg(doc)]
use futures_core::Stream;

/// A [`Stream`] whose cleanup can be awaited.
///
/// `#[async_generator]` functions return `impl AsyncGenerator`. Dropping one
/// runs its cleanup in place, as far as it can go without waiting;
/// [`close`](AsyncGenerator::close) runs all of it and lets it `.await`.
///
/// After `close` has completed, [`poll_next`](Stream::poll_next) returns
/// `None` and `close` returns at once.
///
/// Every generator is a [`FusedStream`] (`futures::select!` and
/// `is_terminated` accept it, and so do adapters that ask the stream inside
/// to be one). [`is_terminated`](FusedStream::is_terminated) says the stream
/// yields nothing more; [`is_finished`](AsyncGenerator::is_finished) says,
/// besides, that nothing is left to clean up. They differ for an adapter
/// such as `futures::StreamExt::take`: once it has given its items it is
/// terminated, but the generator inside is still open until it is closed.
///
/// ```
/// use std::pin::pin;
/// use std::sync::{Arc, Mutex};
///
/// use asyncgen::{async_generator, AsyncGenerator};
/// use futures::StreamExt;
///
/// #[async_generator(yield = u32)]
/// async fn ticks(log: Arc<Mutex<Vec<&'static str>>>) {
///     finally! {
///         tokio::task::yield_now().await; // the cleanup may await
///         log.lock().unwrap().push("unsubscribed");
///     }
///     for i in 0.. {
///         yield_!(i);
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let mut ticks = pin!(ticks(log.clone()));
/// assert_eq!(ticks.next().await, Some(0));
/// ticks.as_mut().close().await; // runs the `finally!`, awaits and all
/// assert_eq!(*log.lock().unwrap(), ["unsubscribed"]);
/// assert!(ticks.is_finished());
/// assert_eq!(ticks.next().await, None);
/// # }
/// ```
pub trait AsyncGenerator: FusedStream {
    /// What closing returns: `()` for an infallible generator, `Result<(), E>`
    /// for one whose body returns `Result<(), E>`.
    type Closed;

    /// Asks the generator to leave: the body resumes at its suspension point
    /// as if returning from there, its pending `finally!` blocks run (and may
    /// await), and this returns `Ready` when they are done.
    ///
    /// Closing a generator that has not started runs nothing. Closing one that
    /// has finished returns at once with the success value.
    ///
    /// For code that writes its own futures or adapters; elsewhere,
    /// [`close`](AsyncGenerator::close) is the same as a future.
    ///
    /// ```
    /// use std::future::poll_fn;
    /// use std::pin::pin;
    ///
    /// use asyncgen::{async_generator, AsyncGenerator};
    ///
    /// #[async_generator(yield = u32)]
    /// async fn numbers() {
    ///     for i in 0.. {
    ///         yield_!(i);
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut numbers = pin!(numbers());
    /// poll_fn(|cx| numbers.as_mut().poll_close(cx)).await;
    /// assert!(numbers.is_finished());
    /// # }
    /// ```
    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Closed>;

    /// Closes the generator, running its pending cleanup to completion.
    ///
    /// If the returned future is dropped before it completes, the rest of the
    /// cleanup runs as on drop when the generator itself is dropped (or when
    /// it is polled again); no cleanup statement runs twice.
    ///
    /// For a fallible generator, the close returns the error its cleanup
    /// failed with:
    ///
    /// ```
    /// use std::pin::pin;
    ///
    /// use asyncgen::{async_generator, AsyncGenerator};
    /// use futures::StreamExt;
    ///
    /// #[async_generator(yield = u32)]
    /// async fn rows() -> Result<(), String> {
    ///     finally! { Err::<(), _>("rollback failed".to_string())?; }
    ///     for row in 0.. {
    ///         yield_!(row);
    ///     }
    ///     Ok(())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut rows = pin!(rows());
    /// assert_eq!(rows.next().await, Some(Ok(0)));
    /// assert_eq!(rows.as_mut().close().await, Err("rollback failed".to_string()));
    /// assert_eq!(rows.as_mut().close().await, Ok(())); // closed already: at once
    /// # }
    /// ```
    fn close(self: Pin<&mut Self>) -> Close<'_, Self>
    where
        Self: Sized,
    {
        Close { generator: self }
    }

    /// Whether the generator has finished: its body ran to the end, it was
    /// closed, or it panicked. A finished generator yields nothing more.
    ///
    /// Unlike [`is_terminated`](FusedStream::is_terminated), it also says
    /// that the cleanup has run:
    ///
    /// ```
    /// use std::pin::pin;
    ///
    /// use asyncgen::{async_generator, AsyncGenerator};
    /// use futures::stream::{FusedStream, StreamExt};
    ///
    /// #[async_generator(yield = u32)]
    /// async fn numbers() {
    ///     finally! { println!("numbers closed"); }
    ///     for i in 0.. {
    ///         yield_!(i);
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut first = pin!(numbers().take(1));
    /// assert_eq!(first.next().await, Some(0));
    /// assert_eq!(first.next().await, None);
    /// assert!(first.is_terminated() && !first.is_finished()); // `numbers` is still open
    /// first.as_mut().close().await;
    /// assert!(first.is_finished());
    /// # }
    /// ```
    fn is_finished(&self) -> bool;
}

/// The future returned by [`AsyncGenerator::close`].
///
/// When dropped before completion, the cleanup stays where it is; the
/// generator finishes it when it is dropped or polled again.
///
/// ```
/// use std::pin::pin;
/// use std::sync::{Arc, Mutex};
///
/// use asyncgen::{async_generator, AsyncGenerator};
/// use tokio::sync::oneshot;
///
/// #[async_generator(yield = u32)]
/// async fn job(release: oneshot::Receiver<()>, log: Arc<Mutex<Vec<&'static str>>>) {
///     finally! {
///         let _ = release.await;
///         log.lock().unwrap().push("released");
///     }
///     yield_!(1);
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let (tx, rx) = oneshot::channel();
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let mut job = pin!(job(rx, log.clone()));
/// futures::StreamExt::next(&mut job).await;
/// // A `Close` polled once, then dropped: the cleanup waits where it is.
/// assert!(futures::poll!(job.as_mut().close()).is_pending());
/// tx.send(()).unwrap();
/// job.as_mut().close().await; // finishes it, without running anything twice
/// assert_eq!(*log.lock().unwrap(), ["released"]);
/// # }
/// ```
#[derive(Debug)]
#[must_use = "closing does nothing unless the future is awaited"]
pub struct Close<'a, G: ?Sized> {
    generator: Pin<&'a mut G>,
}

impl<G: AsyncGenerator + ?Sized> Future for Close<'_, G> {
    type Output = G::Closed;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
        self.generator.as_mut().poll_close(cx)
    }
}

/// A borrowed generator is the generator: closing it (by `close()`, or by
/// a [`closing`](crate::closing) scope it was lent to) closes the owner's
/// generator, which is finished afterwards (pinned by
/// `tests/promises_closing.rs`).
impl<G: AsyncGenerator + ?Sized> AsyncGenerator for Pin<&mut G> {
    type Closed = G::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
        self.get_mut().as_mut().poll_close(cx)
    }

    fn is_finished(&self) -> bool {
        (**self).is_finished()
    }
}

/// As for `Pin<&mut G>`: closing the borrow closes the owner's generator.
impl<G: AsyncGenerator + Unpin + ?Sized> AsyncGenerator for &mut G {
    type Closed = G::Closed;

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
        Pin::new(&mut **self).poll_close(cx)
    }

    fn is_finished(&self) -> bool {
        (**self).is_finished()
    }
}

impl<G: AsyncGenerator + ?Sized> AsyncGenerator for Pin<Box<G>> {
    type Closed = G::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
        self.get_mut().as_mut().poll_close(cx)
    }

    fn is_finished(&self) -> bool {
        (**self).is_finished()
    }
}
