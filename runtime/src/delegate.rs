//! What `yield_from!` and `own!` expand to: closing an inner generator (or
//! nothing, for a plain stream) from the outer generator's cleanup.
//!
//! Whether the inner value is a generator is decided at the call site by
//! method resolution: `Delegated(inner).close_inner()` finds [`ViaGenerator`]
//! when the type is known to implement [`AsyncGenerator`] there, and
//! [`ViaStream`] (a close that does nothing) otherwise.

use core::future::{Future, Ready, ready};
use core::pin::Pin;

use crate::generator::{AsyncGenerator, Close};

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

mod sealed {
    /// Only `()` and `Result<(), E>` are close values.
    pub trait Sealed {}
    impl Sealed for () {}
    impl<E> Sealed for Result<(), E> {}
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
