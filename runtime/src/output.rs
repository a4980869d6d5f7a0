//! How a body's return value becomes items and the value of `close()`.
//!
//! A body returning `()` makes a stream of `Y`; a body returning
//! `Result<(), E>` makes a stream of `Result<Y, E>` whose error, if any, is the
//! last item (or the value of `close()` when the error comes from cleanup run
//! by a close).

/// Implemented for the two return types a generator body may have.
#[diagnostic::on_unimplemented(
    message = "an `#[async_generator]` body must return `()` or `Result<(), E>`, not `{Self}`",
    label = "this return type"
)]
pub trait BodyOutput<Y> {
    /// The stream's item: `Y`, or `Result<Y, E>`.
    type Item;
    /// What `close()` returns: `()`, or `Result<(), E>`.
    type Closed;

    /// Wraps a yielded value as an item.
    fn item(value: Y) -> Self::Item;
    /// The last item, when the body ended by itself (its error, if any).
    fn into_last_item(self) -> Option<Self::Item>;
    /// The value of `close()` once the body has finished unwinding.
    fn into_closed(self) -> Self::Closed;
    /// Whether the body ended with an error (used to report an error that
    /// `drop` cannot return).
    fn is_error(&self) -> bool;
    /// The success value of the body's own return type.
    fn success() -> Self;
    /// Splits an item into the yielded value or the body's error.
    fn split_item(item: Self::Item) -> Result<Y, Self>
    where
        Self: Sized;
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
}
