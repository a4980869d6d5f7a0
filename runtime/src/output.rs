//! How a body's return value becomes items and the value of `close()`.
//!
//! A body returning `()` makes a stream of `Y`; a body returning
//! `Result<(), E>` makes a stream of `Result<Y, E>` whose error, if any, is the
//! last item (or the value of `close()` when the error comes from cleanup run
//! by a close).
//!
//! The one trait for the `()` / `Result<(), E>` split of what a body
//! returns: the items and close value of a generator, an inner generator's
//! close error seen by `yield_from!`, and what an acmgr's `enter` returns.

/// What a generator or acmgr body may return: `()`, or `Result<(), E>`;
/// the body's signature picks its items, the value of `close()` and what an
/// acmgr's `enter` returns. Sealed: those two are the only implementations.
///
/// ```
/// use asyncgen::BodyOutput;
///
/// fn same<T>(_: T, _: T) {}
///
/// // An infallible body yielding `u32` makes a stream of `u32`...
/// same::<<() as BodyOutput<u32>>::Item>(1, 1u32);
/// // ...a fallible one a stream of `Result<u32, E>`, and `close()` returns
/// // its cleanup's error.
/// type Fallible = Result<(), std::io::Error>;
/// same::<<Fallible as BodyOutput<u32>>::Item>(Ok(1), Ok::<u32, std::io::Error>(1));
/// same::<<Fallible as BodyOutput<u32>>::Closed>(Ok(()), Ok::<(), std::io::Error>(()));
/// ```
#[diagnostic::on_unimplemented(
    message = "an `#[async_generator]` body must return `()` or `Result<(), E>`, not `{Self}`",
    label = "this return type"
)]
pub trait BodyOutput<Y>: sealed::Sealed {
    /// The stream's item: `Y`, or `Result<Y, E>`.
    type Item;
    /// What `close()` returns: `()`, or `Result<(), E>`.
    type Closed;

    /// Wraps a yielded value as an item.
    #[doc(hidden)]
    fn item(value: Y) -> Self::Item;
    /// The last item, when the body ended by itself (its error, if any).
    #[doc(hidden)]
    fn into_last_item(self) -> Option<Self::Item>;
    /// The value of `close()` once the body has finished unwinding.
    #[doc(hidden)]
    fn into_closed(self) -> Self::Closed;
    /// Whether the body ended with an error (used to report an error that
    /// `drop` cannot return).
    #[doc(hidden)]
    fn is_error(&self) -> bool;
    /// The success value of the body's own return type.
    #[doc(hidden)]
    fn success() -> Self;
    /// Splits an item into the yielded value or the body's error.
    #[doc(hidden)]
    fn split_item(item: Self::Item) -> Result<Y, Self>
    where
        Self: Sized;

    /// The body's error type: `Infallible` for `()`.
    type Error;
    /// The error, if it failed (`yield_from!` in an infallible body reports
    /// an inner generator's close error with it).
    #[doc(hidden)]
    fn into_error(self) -> Option<Self::Error>;

    /// What an acmgr's `enter` returns with its guard `G`: `(resource,
    /// guard)`, or `Result<(resource, guard), E>`.
    type Entered<G>;
    /// Enter succeeded.
    #[doc(hidden)]
    fn entered<G>(resource: Y, guard: G) -> Self::Entered<G>;
    /// Enter failed with `self` (an `Err`).
    #[doc(hidden)]
    fn enter_failed<G>(self) -> Self::Entered<G>;
}

/// Also seals `IntoOuterReturn`: an inner generator's close value is what
/// its body returned.
pub(crate) mod sealed {
    /// Only `()` and `Result<(), E>` are bodies' return types.
    pub trait Sealed {}
    impl Sealed for () {}
    impl<E> Sealed for Result<(), E> {}
}

impl<Y> BodyOutput<Y> for () {
    type Item = Y;
    type Closed = ();

    #[inline]
    fn item(value: Y) -> Y {
        value
    }
    #[inline]
    fn into_last_item(self) -> Option<Y> {
        None
    }
    #[inline]
    fn into_closed(self) {}
    #[inline]
    fn is_error(&self) -> bool {
        false
    }
    #[inline]
    fn success() {}
    #[inline]
    fn split_item(item: Y) -> Result<Y, ()> {
        Ok(item)
    }

    type Error = core::convert::Infallible;
    #[inline]
    fn into_error(self) -> Option<core::convert::Infallible> {
        None
    }

    type Entered<G> = (Y, G);
    fn entered<G>(resource: Y, guard: G) -> (Y, G) {
        (resource, guard)
    }
    fn enter_failed<G>(self) -> (Y, G) {
        unreachable!("an infallible acmgr's enter cannot fail")
    }
}

impl<Y, E> BodyOutput<Y> for Result<(), E> {
    type Item = Result<Y, E>;
    type Closed = Result<(), E>;

    #[inline]
    fn item(value: Y) -> Result<Y, E> {
        Ok(value)
    }
    #[inline]
    fn into_last_item(self) -> Option<Result<Y, E>> {
        self.err().map(Err)
    }
    #[inline]
    fn into_closed(self) -> Result<(), E> {
        self
    }
    #[inline]
    fn is_error(&self) -> bool {
        self.is_err()
    }
    #[inline]
    fn success() -> Result<(), E> {
        Ok(())
    }
    #[inline]
    fn split_item(item: Result<Y, E>) -> Result<Y, Result<(), E>> {
        item.map_err(Err)
    }

    type Error = E;
    #[inline]
    fn into_error(self) -> Option<E> {
        self.err()
    }

    type Entered<G> = Result<(Y, G), E>;
    fn entered<G>(resource: Y, guard: G) -> Result<(Y, G), E> {
        Ok((resource, guard))
    }
    fn enter_failed<G>(self) -> Result<(Y, G), E> {
        match self {
            Err(error) => Err(error),
            Ok(()) => unreachable!("enter failed with an error"),
        }
    }
}
