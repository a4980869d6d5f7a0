//! Boxed generators, for trait objects and recursion.

use core::pin::Pin;

use futures_core::FusedStream;

use crate::generator::AsyncGenerator;

/// A pinned, boxed, `Send` generator: what `#[async_generator(boxed)]`
/// returns and [`AsyncGeneratorExt::boxed`](crate::AsyncGeneratorExt::boxed)
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

// So that the boxes are `FusedStream`s, as the generators in them are
// (through `Pin<Box<_>>`'s forwarding impl).
impl<T, C> FusedStream for dyn AsyncGenerator<Item = T, Closed = C> + Send + '_ {
    fn is_terminated(&self) -> bool {
        self.is_finished()
    }
}

impl<T, C> FusedStream for dyn AsyncGenerator<Item = T, Closed = C> + '_ {
    fn is_terminated(&self) -> bool {
        self.is_finished()
    }
}
