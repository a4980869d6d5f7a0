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
pub type BoxAsyncGenerator<'a, T, C = ()> =
    Pin<Box<dyn AsyncGenerator<Item = T, Closed = C> + Send + 'a>>;

/// [`BoxAsyncGenerator`] without `Send`.
pub type LocalBoxAsyncGenerator<'a, T, C = ()> =
    Pin<Box<dyn AsyncGenerator<Item = T, Closed = C> + 'a>>;
