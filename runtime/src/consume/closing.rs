//! [`closing`]: the Rust form of Python's `async with aclosing(gen) as g:`.

use core::pin::Pin;
use core::pin::pin;

use crate::consume::ClosingError;
use crate::generator::AsyncGenerator;

/// Runs `body` over the pinned generator, then closes the generator,
/// awaiting its cleanup, on every exit of `body` (its end, an early
/// `return`, a `?`), and returns `body`'s value.
///
/// If the future returned by `closing` is dropped before it completes (the
/// consumer was cancelled), the generator is dropped with it and its cleanup
/// runs as on drop: in place, as far as it can go without waiting. If `body`
/// panics, the generator is dropped during the unwinding, likewise.
///
/// What comes back depends on the generator's [`Closed`](AsyncGenerator::Closed)
/// type (see [`ClosingResult`]):
///
/// - an infallible generator (`Closed = ()`): `body`'s value, as is;
/// - a fallible one (`Closed = Result<(), C>`) with a `body` returning
///   `Result<T, B>`: `Result<T, ClosingError<B, C>>`, holding `body`'s error,
///   the close's error, or both. Neither is lost.
///
/// ```
/// use asyncgen::{async_generator, closing};
/// use futures::StreamExt;
///
/// #[async_generator(yield = u32)]
/// async fn numbers() {
///     finally! { println!("cleanup ran, awaits and all"); }
///     for i in 0.. {
///         yield_!(i);
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let first_big = closing(numbers(), async |mut numbers| {
///     while let Some(i) = numbers.next().await {
///         if i > 2 {
///             return Some(i); // the generator is closed before `closing` returns
///         }
///     }
///     None
/// })
/// .await;
/// assert_eq!(first_big, Some(3));
/// # }
/// ```
pub async fn closing<G, F, R>(generator: G, body: F) -> R::Output
where
    G: AsyncGenerator,
    F: AsyncFnOnce(Pin<&mut G>) -> R,
    R: ClosingResult<G::Closed>,
{
    let mut generator = pin!(generator);
    let value = body(generator.as_mut()).await;
    let closed = generator.as_mut().close().await;
    R::with_close(value, closed)
}

/// What the body passed to [`closing`] may return, and how its value
/// combines with the outcome of the close that follows it (as
/// [`ScopeResult`](crate::ScopeResult) is for `with`'s scope). Implemented
/// for every value when the generator's close cannot fail, and for
/// `Result<T, E>` when it returns `Result<(), C>`; sealed: those are the only
/// implementations.
///
/// ```
/// use asyncgen::{async_generator, closing, ClosingError};
/// use futures::StreamExt;
///
/// #[async_generator(yield = u32)]
/// async fn rows() -> Result<(), String> {
///     finally! { Err::<(), _>("rollback failed".to_string())?; }
///     for row in 0.. {
///         yield_!(row);
///     }
///     Ok(())
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // The close can fail, so the body returns a `Result` too.
/// let result = closing(rows(), async |mut rows| {
///     let first = rows.next().await;
///     Ok::<_, std::io::Error>(first)
/// })
/// .await;
/// assert!(matches!(result, Err(ClosingError::Close(e)) if e == "rollback failed"));
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "the generator's close can fail, so the body passed to `closing` must return a `Result`",
    label = "this body's value cannot carry the close's error",
    note = "return `Ok::<_, YourError>(value)` from the body; `closing` then returns `Result<T, ClosingError<YourError, C>>`, where `C` is the generator's error"
)]
pub trait ClosingResult<Closed>: sealed::Sealed<Closed> {
    /// What `closing` returns.
    type Output;

    /// Combines the body's value with the close's outcome.
    ///
    /// Not a method (`value.with_close(..)`): the trait is implemented for
    /// every type, so rustc would suggest `with_close` for every unresolved
    /// `.close()` in a crate that depends on asyncgen, naming this crate's
    /// source.
    #[doc(hidden)]
    fn with_close(value: Self, closed: Closed) -> Self::Output;
}

mod sealed {
    /// Any value when the close cannot fail, a `Result` when it can.
    pub trait Sealed<Closed> {}
    impl<R> Sealed<()> for R {}
    impl<T, E, C> Sealed<Result<(), C>> for Result<T, E> {}
}

impl<R> ClosingResult<()> for R {
    type Output = R;

    fn with_close(value: Self, (): ()) -> R {
        value
    }
}

impl<T, B, C> ClosingResult<Result<(), C>> for Result<T, B> {
    type Output = Result<T, ClosingError<B, C>>;

    fn with_close(value: Self, closed: Result<(), C>) -> Self::Output {
        match (value, closed) {
            (Ok(value), Ok(())) => Ok(value),
            (Err(body), Ok(())) => Err(ClosingError::Body(body)),
            (Ok(_), Err(close)) => Err(ClosingError::Close(close)),
            (Err(body), Err(close)) => Err(ClosingError::Both { body, close }),
        }
    }
}
