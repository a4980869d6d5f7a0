//! [`AsyncGeneratorExt`]: what `futures::StreamExt` has no method for.

use crate::adapt::{BoxAsyncGenerator, LocalBoxAsyncGenerator, LogErrors, Recover};
use crate::generator::AsyncGenerator;

/// Methods on every [`AsyncGenerator`] that `futures::StreamExt` has no
/// counterpart for: seeing the error that ends a stream, and boxing that
/// keeps `close`.
///
/// Import it beside `futures::StreamExt`: none of its names is a
/// `StreamExt` method, so `generator.next()` and `generator.map(f)` resolve
/// to `StreamExt`'s. The adapters `StreamExt` and `TryStreamExt` return
/// (`map`, `filter`, `filter_map`, `then`, `take`, `take_while`, `skip`,
/// `enumerate`, `inspect`, `fuse`, `peekable`, `map_ok`, `map_err`, ...) are
/// themselves generators when the stream inside is one: closing the adapter
/// closes the generator inside. Adapters over several streams (`chain`,
/// `zip`, `flatten`, `select`) and `StreamExt::boxed` make plain streams:
/// `close` is not available on them (a compile error, not a silent loss).
///
/// ```
/// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt};
/// use futures::StreamExt;
/// use std::pin::{pin, Pin};
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
/// let mut squares = pin!(numbers().map(|i| i * i).filter(|i| std::future::ready(i % 2 == 1)));
/// assert_eq!(squares.next().await, Some(1));
/// assert_eq!(squares.next().await, Some(9));
/// squares.as_mut().close().await; // reaches `numbers`: "numbers closed"
///
/// // A box that keeps close, for trait objects and `match` arms:
/// let mut boxed = numbers().map(|i| i + 1).boxed_generator();
/// assert_eq!(boxed.next().await, Some(1));
/// Pin::new(&mut boxed).close().await;
/// # }
/// ```
pub trait AsyncGeneratorExt: AsyncGenerator {
    /// Reports each `Err` item (a fallible generator's error, which ends
    /// it) through `tracing` at level `ERROR` (target `asyncgen`, with the
    /// error's `Display` and type), and passes it on unchanged.
    ///
    /// For servers: the error that cuts a streamed response short is logged
    /// once, where the stream is built, instead of in every handler.
    ///
    /// ```
    /// use asyncgen::{async_generator, AsyncGeneratorExt};
    /// use futures::StreamExt;
    /// use std::pin::pin;
    ///
    /// #[async_generator(yield = u32)]
    /// async fn feed() -> Result<(), String> {
    ///     yield_!(1);
    ///     Err("feed lost".into())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut items = pin!(feed().log_errors()); // logs "feed lost" when it ends
    /// assert_eq!(items.next().await, Some(Ok(1)));
    /// assert_eq!(items.next().await, Some(Err("feed lost".into())));
    /// # }
    /// ```
    fn log_errors<T, E>(self) -> LogErrors<Self>
    where
        Self: Sized + futures_core::Stream<Item = Result<T, E>>,
        E: core::fmt::Display,
    {
        LogErrors::new(self)
    }

    /// Turns each `Err` item into an `Ok` item made by `f`, so that the
    /// error that ends a generator reaches a consumer that stops at an
    /// `Err`: an HTTP body sends it as a last chunk, a server-sent-events
    /// stream as a last event, instead of aborting the response. The items
    /// become `Result<T, Infallible>` (what `axum::body::Body::from_stream`
    /// and `axum::response::Sse` accept).
    ///
    /// ```
    /// use asyncgen::{async_generator, AsyncGeneratorExt};
    /// use futures::StreamExt;
    /// use std::pin::pin;
    ///
    /// #[async_generator(yield = String)]
    /// async fn events() -> Result<(), String> {
    ///     yield_!("data: 1\n\n".to_string());
    ///     Err("feed lost".into())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut body = pin!(events().log_errors().recover(|e| format!("event: error\ndata: {e}\n\n")));
    /// assert_eq!(body.next().await, Some(Ok("data: 1\n\n".to_string())));
    /// assert_eq!(body.next().await, Some(Ok("event: error\ndata: feed lost\n\n".to_string())));
    /// assert_eq!(body.next().await, None);
    /// # }
    /// ```
    fn recover<T, E, F>(self, f: F) -> Recover<Self, F>
    where
        Self: Sized + futures_core::Stream<Item = Result<T, E>>,
        F: FnMut(E) -> T,
    {
        Recover::new(self, f)
    }

    /// Boxes the generator as a `Send` trait object that keeps `close`: a
    /// [`BoxAsyncGenerator`], itself an `AsyncGenerator`.
    ///
    /// `futures::StreamExt::boxed` makes a `BoxStream`, a plain
    /// `dyn Stream`: the close of the generator inside can no longer be
    /// reached. Use this one when the consumer will close.
    ///
    /// ```
    /// use std::pin::Pin;
    ///
    /// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt, BoxAsyncGenerator};
    /// use futures::StreamExt;
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
    /// let mut boxed: BoxAsyncGenerator<'_, u32> = numbers().boxed_generator();
    /// assert_eq!(boxed.next().await, Some(0));
    /// Pin::new(&mut boxed).close().await;
    /// assert!(boxed.is_finished());
    /// # }
    /// ```
    fn boxed_generator<'a>(self) -> BoxAsyncGenerator<'a, Self::Item, Self::Closed>
    where
        Self: Sized + Send + 'a,
    {
        Box::pin(self)
    }

    /// Boxes the generator as a trait object that keeps `close`, without
    /// `Send`: a [`LocalBoxAsyncGenerator`] (where
    /// `futures::StreamExt::boxed_local` makes a plain `LocalBoxStream`).
    ///
    /// ```
    /// use std::pin::Pin;
    /// use std::rc::Rc;
    ///
    /// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt};
    /// use futures::StreamExt;
    ///
    /// #[async_generator(yield = u32)]
    /// async fn shared(counter: Rc<u32>) {
    ///     loop {
    ///         yield_!(*counter);
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let mut boxed = shared(Rc::new(5)).boxed_local_generator(); // `Rc`: not `Send`
    /// assert_eq!(boxed.next().await, Some(5));
    /// Pin::new(&mut boxed).close().await;
    /// assert_eq!(boxed.next().await, None);
    /// # }
    /// ```
    fn boxed_local_generator<'a>(self) -> LocalBoxAsyncGenerator<'a, Self::Item, Self::Closed>
    where
        Self: Sized + 'a,
    {
        Box::pin(self)
    }
}

impl<G: AsyncGenerator + ?Sized> AsyncGeneratorExt for G {}
