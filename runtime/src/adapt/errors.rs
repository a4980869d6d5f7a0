//! Seeing the error that ends a stream: [`LogErrors`] reports it through
//! `tracing`, [`Recover`] turns it into a last item a consumer delivers.
//!
//! A fallible generator's error is its last item. An HTTP body (hyper,
//! axum) that meets an `Err` item aborts the response: the client sees a
//! truncated body and the server logs nothing. These two adapters keep the
//! error visible without an `inspect_err` in every handler, and both keep
//! `close`.

use core::convert::Infallible;
use core::fmt::Display;
use core::pin::Pin;
use core::task::{Context, Poll, ready};

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

use crate::generator::AsyncGenerator;

pin_project! {
    /// Reports each `Err` item through `tracing` and passes it on; see
    /// [`AsyncGeneratorExt::log_errors`](crate::AsyncGeneratorExt::log_errors).
    ///
    /// It keeps `close`: closing it closes the generator inside.
    ///
    /// ```
    /// use std::pin::pin;
    /// use std::sync::Arc;
    /// use std::sync::atomic::{AtomicBool, Ordering};
    ///
    /// use asyncgen::adapters::LogErrors;
    /// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt};
    /// use futures::StreamExt;
    ///
    /// #[async_generator(yield = u32)]
    /// async fn feed(closed: Arc<AtomicBool>) -> Result<(), String> {
    ///     finally! { closed.store(true, Ordering::SeqCst); }
    ///     loop {
    ///         yield_!(1);
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let closed = Arc::new(AtomicBool::new(false));
    /// let items: LogErrors<_> = feed(closed.clone()).log_errors();
    /// let mut items = pin!(items);
    /// assert_eq!(items.next().await, Some(Ok(1)));
    /// assert_eq!(items.as_mut().close().await, Ok(()));
    /// assert!(closed.load(Ordering::SeqCst) && items.is_finished());
    /// # }
    /// ```
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct LogErrors<G> {
        #[pin]
        inner: G,
    }
}

impl<G> LogErrors<G> {
    pub(crate) fn new(inner: G) -> Self {
        LogErrors { inner }
    }
}

impl<G, T, E> Stream for LogErrors<G>
where
    G: Stream<Item = Result<T, E>>,
    E: Display,
{
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let item = ready!(self.project().inner.poll_next(cx));
        if let Some(Err(error)) = &item {
            tracing::error!(
                target: "asyncgen",
                error = %error,
                error_type = core::any::type_name::<E>(),
                "a stream ended with an error"
            );
        }
        Poll::Ready(item)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<G: FusedStream> FusedStream for LogErrors<G>
where
    LogErrors<G>: Stream,
{
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<G: AsyncGenerator> AsyncGenerator for LogErrors<G>
where
    LogErrors<G>: Stream,
{
    type Closed = G::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
        self.project().inner.poll_close(cx)
    }

    fn is_finished(&self) -> bool {
        self.inner.is_finished()
    }
}

pin_project! {
    /// Turns each `Err` item into an `Ok` item; see
    /// [`AsyncGeneratorExt::recover`](crate::AsyncGeneratorExt::recover).
    ///
    /// Its items are `Result<T, Infallible>`, and it keeps `close`:
    ///
    /// ```
    /// use std::convert::Infallible;
    /// use std::pin::pin;
    ///
    /// use asyncgen::adapters::Recover;
    /// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt};
    /// use futures::StreamExt;
    ///
    /// #[async_generator(yield = u32)]
    /// async fn readings() -> Result<(), String> {
    ///     yield_!(20);
    ///     yield_!(21);
    ///     Err("sensor offline".into())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let body: Recover<_, _> = readings().recover(|_error| 0); // 0: "no reading"
    /// let mut body = pin!(body);
    /// let first: Option<Result<u32, Infallible>> = body.next().await;
    /// assert_eq!(first, Some(Ok(20)));
    /// body.as_mut().close().await.unwrap(); // closes `readings`
    /// assert_eq!(body.next().await, None);
    /// # }
    /// ```
    #[derive(Debug)]
    #[must_use = "streams do nothing unless polled"]
    pub struct Recover<G, F> {
        #[pin]
        inner: G,
        f: F,
    }
}

impl<G, F> Recover<G, F> {
    pub(crate) fn new(inner: G, f: F) -> Self {
        Recover { inner, f }
    }
}

impl<G, T, E, F> Stream for Recover<G, F>
where
    G: Stream<Item = Result<T, E>>,
    F: FnMut(E) -> T,
{
    type Item = Result<T, Infallible>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        let item = ready!(this.inner.poll_next(cx));
        Poll::Ready(item.map(|item| Ok(item.unwrap_or_else(this.f))))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl<G: FusedStream, F> FusedStream for Recover<G, F>
where
    Recover<G, F>: Stream,
{
    fn is_terminated(&self) -> bool {
        self.inner.is_terminated()
    }
}

impl<G: AsyncGenerator, F> AsyncGenerator for Recover<G, F>
where
    Recover<G, F>: Stream,
{
    type Closed = G::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<G::Closed> {
        self.project().inner.poll_close(cx)
    }

    fn is_finished(&self) -> bool {
        self.inner.is_finished()
    }
}
