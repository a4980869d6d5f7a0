//! Boxed generators, for trait objects and recursion.

use core::pin::Pin;

use crate::generator::AsyncGenerator;

/// A pinned, boxed, `Send` generator: what `#[async_generator(boxed)]`
/// returns and [`AsyncGeneratorExt::boxed_generator`](crate::AsyncGeneratorExt::boxed_generator)
/// makes. `C` is the close outcome: `()` or `Result<(), E>`.
///
/// The box is itself an `AsyncGenerator` (and `Unpin`): close it with
/// `Pin::new(&mut boxed).close().await`. (`close` needs `Self: Sized`, so it
/// cannot be called on the `dyn` inside.)
///
/// ```
/// use std::pin::Pin;
///
/// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt, BoxAsyncGenerator};
/// use futures::StreamExt;
///
/// #[async_generator(yield = u32)]
/// async fn fixed(n: u32) {
///     for i in 0..n {
///         yield_!(i);
///     }
/// }
///
/// #[async_generator(yield = u32)]
/// async fn live() {
///     finally! { println!("unsubscribed"); }
///     loop {
///         yield_!(7);
///     }
/// }
///
/// // Two generator types behind one return type, close kept.
/// fn source(live_feed: bool) -> BoxAsyncGenerator<'static, u32> {
///     if live_feed { live().boxed_generator() } else { fixed(3).boxed_generator() }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// assert_eq!(source(false).collect::<Vec<_>>().await, [0, 1, 2]);
/// let mut feed = source(true);
/// assert_eq!(feed.next().await, Some(7));
/// Pin::new(&mut feed).close().await; // "unsubscribed"
/// assert!(feed.is_finished());
/// # }
/// ```
pub type BoxAsyncGenerator<'a, T, C = ()> =
    Pin<Box<dyn AsyncGenerator<Item = T, Closed = C> + Send + 'a>>;

/// [`BoxAsyncGenerator`] without `Send`.
///
/// ```
/// use std::pin::Pin;
/// use std::rc::Rc;
///
/// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt, LocalBoxAsyncGenerator};
/// use futures::StreamExt;
///
/// #[async_generator(yield = usize)]
/// async fn lengths(words: Rc<Vec<&'static str>>) {
///     for word in words.iter() {
///         yield_!(word.len());
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let words = Rc::new(vec!["a", "bcd"]); // not `Send`: no `BoxAsyncGenerator`
/// let mut sources: Vec<LocalBoxAsyncGenerator<'_, usize>> = vec![
///     lengths(words.clone()).boxed_local_generator(),
///     lengths(words).boxed_local_generator(),
/// ];
/// assert_eq!(sources[0].next().await, Some(1));
/// for source in &mut sources {
///     Pin::new(source).close().await;
/// }
/// assert!(sources.iter().all(|source| source.is_finished()));
/// # }
/// ```
pub type LocalBoxAsyncGenerator<'a, T, C = ()> =
    Pin<Box<dyn AsyncGenerator<Item = T, Closed = C> + 'a>>;
