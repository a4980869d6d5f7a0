//! What `yield_from!` and `own!` expand to: the inner stream's next item,
//! and closing an inner generator (or nothing, for a plain stream) from the
//! outer generator's cleanup.
//!
//! Whether the inner value is a generator is decided at the call site by
//! method resolution: `Delegated(inner).close_inner()` finds [`ViaGenerator`]
//! when the type is known to implement [`AsyncGenerator`] there, and
//! [`ViaStream`] (a close that does nothing) otherwise.

use core::future::{Future, Ready, ready};
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use crate::generator::{AsyncGenerator, Close};
use crate::output::sealed;

/// The future of the inner stream's next item, as `yield_from!` awaits it.
/// (Consumers use `futures::StreamExt::next`.)
#[derive(Debug)]
#[must_use = "futures do nothing unless awaited"]
pub struct InnerNext<'a, S: ?Sized> {
    stream: Pin<&'a mut S>,
}

impl<'a, S: ?Sized> InnerNext<'a, S> {
    /// The next item of a pinned stream.
    pub fn new(stream: Pin<&'a mut S>) -> Self {
        InnerNext { stream }
    }
}

impl<S: Stream + ?Sized> Future for InnerNext<'_, S> {
    type Output = Option<S::Item>;

    #[inline]
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        self.stream.as_mut().poll_next(cx)
    }
}

/// An inner generator or stream, pinned in the outer generator's body.
#[derive(Debug)]
pub struct Delegated<'a, G: ?Sized>(pub Pin<&'a mut G>);

/// Closing an inner value known to be a generator.
pub trait ViaGenerator<'a> {
    /// The close future.
    type Closing: Future;
    /// Closes the inner generator.
    fn close_inner(self) -> Self::Closing;
}

impl<'a, G: AsyncGenerator> ViaGenerator<'a> for Delegated<'a, G> {
    type Closing = Close<'a, G>;

    fn close_inner(self) -> Close<'a, G> {
        self.0.close()
    }
}

/// "Closing" an inner value only known to be a stream: nothing to await.
pub trait ViaStream {
    /// Does nothing.
    fn close_inner(self) -> Ready<()>;
}

impl<G: ?Sized> ViaStream for &Delegated<'_, G> {
    fn close_inner(self) -> Ready<()> {
        ready(())
    }
}

/// Takes an inner close outcome into a fallible outer body's return type:
/// an error is converted with `From`. (An infallible outer generator cannot
/// return it; the macro reports it through `tracing` instead.)
#[diagnostic::on_unimplemented(
    message = "the inner generator's close error `{Self}` cannot be converted into this generator's return type `{R}`",
    note = "the outer generator's error type needs `From` the inner's"
)]
pub trait IntoOuterReturn<R>: sealed::Sealed {
    /// Converts (or reports) the inner close outcome.
    fn into_outer_return(self) -> R;
}

impl IntoOuterReturn<()> for () {
    #[inline]
    fn into_outer_return(self) {}
}

impl<E> IntoOuterReturn<Result<(), E>> for () {
    #[inline]
    fn into_outer_return(self) -> Result<(), E> {
        Ok(())
    }
}

impl<E, E2> IntoOuterReturn<Result<(), E>> for Result<(), E2>
where
    E: From<E2>,
{
    #[inline]
    fn into_outer_return(self) -> Result<(), E> {
        self.map_err(E::from)
    }
}
