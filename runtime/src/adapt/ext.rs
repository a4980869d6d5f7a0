//! [`AsyncGeneratorExt`]: the combinators, as methods.

use crate::adapt::{
    BoxAsyncGenerator, Enumerate, Filter, FilterMap, LocalBoxAsyncGenerator, LogErrors, Map, Next,
    Recover, Take, TakeWhile,
};
use crate::generator::AsyncGenerator;

/// Methods on every [`AsyncGenerator`]: `next`, and combinators that keep
/// `close` (unlike `futures::StreamExt`'s, whose results are plain streams).
///
/// Import this trait instead of `futures::StreamExt` when working with
/// generators. With both in scope, a call such as `generator.map(f)` is
/// ambiguous, a compile error rather than a silent loss of `close`: name the
/// trait (`AsyncGeneratorExt::map(generator, f)`) or import only one.
///
/// ```
/// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt};
/// use std::pin::pin;
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
/// let mut squares = pin!(numbers().map(|i| i * i).filter(|i| i % 2 == 1));
/// assert_eq!(squares.next().await, Some(1));
/// assert_eq!(squares.next().await, Some(9));
/// squares.as_mut().close().await; // reaches `numbers`: "numbers closed"
/// # }
/// ```
pub trait AsyncGeneratorExt: AsyncGenerator {
    /// The next item: `None` once the generator is finished.
    fn next(&mut self) -> Next<'_, Self>
    where
        Self: Unpin,
    {
        Next::new(core::pin::Pin::new(self))
    }

    /// Maps each item with `f`.
    fn map<T, F>(self, f: F) -> Map<Self, F>
    where
        Self: Sized,
        F: FnMut(Self::Item) -> T,
    {
        Map::new(self, f)
    }

    /// Keeps the items for which `predicate` returns `true`.
    fn filter<F>(self, predicate: F) -> Filter<Self, F>
    where
        Self: Sized,
        F: FnMut(&Self::Item) -> bool,
    {
        Filter::new(self, predicate)
    }

    /// Maps each item with `f`, keeping the `Some` results.
    fn filter_map<T, F>(self, f: F) -> FilterMap<Self, F>
    where
        Self: Sized,
        F: FnMut(Self::Item) -> Option<T>,
    {
        FilterMap::new(self, f)
    }

    /// The first `n` items. The generator is not closed when the `n`th item
    /// has been taken; close (or drop) the `Take` to close it.
    fn take(self, n: usize) -> Take<Self>
    where
        Self: Sized,
    {
        Take::new(self, n)
    }

    /// Items while `predicate` returns `true`.
    fn take_while<F>(self, predicate: F) -> TakeWhile<Self, F>
    where
        Self: Sized,
        F: FnMut(&Self::Item) -> bool,
    {
        TakeWhile::new(self, predicate)
    }

    /// Pairs each item with its index.
    fn enumerate(self) -> Enumerate<Self>
    where
        Self: Sized,
    {
        Enumerate::new(self)
    }

    /// Reports each `Err` item (a fallible generator's error, which ends
    /// it) through `tracing` at level `ERROR` (target `asyncgen`, with the
    /// error's `Display` and type), and passes it on unchanged.
    ///
    /// For servers: the error that cuts a streamed response short is logged
    /// once, where the stream is built, instead of in every handler.
    ///
    /// ```
    /// use asyncgen::{async_generator, AsyncGeneratorExt};
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

    /// Boxes the generator as a `Send` trait object.
    fn boxed<'a>(self) -> BoxAsyncGenerator<'a, Self::Item, Self::Closed>
    where
        Self: Sized + Send + 'a,
    {
        Box::pin(self)
    }

    /// Boxes the generator as a trait object.
    fn boxed_local<'a>(self) -> LocalBoxAsyncGenerator<'a, Self::Item, Self::Closed>
    where
        Self: Sized + 'a,
    {
        Box::pin(self)
    }
}

impl<G: AsyncGenerator + ?Sized> AsyncGeneratorExt for G {}
