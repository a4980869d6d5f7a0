//! How a scope's value combines with the acmgr's exit: [`ScopeResult`] and
//! [`ScopeError`].

use core::convert::Infallible;
use core::fmt;

/// A value a `with` scope may return: `()` or a `Result` (whose `Err` tells
/// the exit the scope failed), and how it combines with the exit's outcome
/// `B` (`()` for an infallible acmgr, `Result<(), E>` for a fallible one).
/// Sealed: those are the only implementations.
///
/// ```
/// use std::convert::Infallible;
///
/// use asyncgen::{acmgr, AsyncContextManager, ScopeError};
///
/// #[acmgr(yield = u32)]
/// async fn session() -> Result<(), String> {
///     let _outcome = yield_!(7);
///     Ok(())
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // A scope returning `()`: `with` still returns the acmgr's errors.
/// let unit: Result<(), ScopeError<Infallible, String>> = session().with(async |_| ()).await;
/// assert_eq!(unit, Ok(()));
/// // A scope returning a `Result`: its `Err` is the `Scope` variant.
/// let failed = session().with(async |_| Err::<u32, _>("parse")).await;
/// assert_eq!(failed, Err(ScopeError::Scope("parse")));
/// # }
/// ```
#[diagnostic::on_unimplemented(
    message = "the scope passed to `with` must return `()` or a `Result`, not `{Self}`",
    label = "this scope's value",
    note = "wrap the value: `Ok::<_, YourError>(value)`"
)]
pub trait ScopeResult<B>: Sized + sealed::Sealed {
    /// What `with` returns.
    type Output;

    /// Whether the scope failed (an `Err`): the exit sees `Failed`.
    #[doc(hidden)]
    fn failed(&self) -> bool;

    /// Combines the scope's value (`None`: it was cancelled) with the exit's
    /// outcome.
    #[doc(hidden)]
    fn finish(value: Option<Self>, exit: B) -> Self::Output;

    /// Enter failed with `error` (the body returned before yielding).
    #[doc(hidden)]
    fn enter_failed(error: B) -> Self::Output;
}

mod sealed {
    /// A scope returns `()` or a `Result`.
    pub trait Sealed {}
    impl Sealed for () {}
    impl<T, S> Sealed for Result<T, S> {}
}

fn cancelled_infallible() -> ! {
    panic!(
        "the scope of an infallible `#[acmgr]` was cancelled (a task group child failed), but \
         the acmgr cannot return the error; make its body return `Result<(), E>` and propagate \
         the group's error from its exit"
    )
}

fn enter_failed_infallible() -> ! {
    unreachable!("an infallible acmgr's enter cannot fail")
}

impl ScopeResult<()> for () {
    type Output = ();

    fn failed(&self) -> bool {
        false
    }

    fn finish(value: Option<()>, (): ()) {
        if value.is_none() {
            cancelled_infallible()
        }
    }

    fn enter_failed((): ()) {
        enter_failed_infallible()
    }
}

impl<T, S> ScopeResult<()> for Result<T, S> {
    type Output = Result<T, S>;

    fn failed(&self) -> bool {
        self.is_err()
    }

    fn finish(value: Option<Self>, (): ()) -> Self {
        value.unwrap_or_else(|| cancelled_infallible())
    }

    fn enter_failed((): ()) -> Self {
        enter_failed_infallible()
    }
}

impl<A> ScopeResult<Result<(), A>> for () {
    type Output = Result<(), ScopeError<Infallible, A>>;

    fn failed(&self) -> bool {
        false
    }

    fn finish(value: Option<()>, exit: Result<(), A>) -> Self::Output {
        match (value, exit) {
            (_, Err(exit)) => Err(ScopeError::Exit(exit)),
            (Some(()), Ok(())) => Ok(()),
            (None, Ok(())) => Err(ScopeError::Cancelled),
        }
    }

    fn enter_failed(error: Result<(), A>) -> Self::Output {
        Err(enter_error(error))
    }
}

impl<T, S, A> ScopeResult<Result<(), A>> for Result<T, S> {
    type Output = Result<T, ScopeError<S, A>>;

    fn failed(&self) -> bool {
        self.is_err()
    }

    fn finish(value: Option<Self>, exit: Result<(), A>) -> Self::Output {
        match (value, exit) {
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Err(scope)), Ok(())) => Err(ScopeError::Scope(scope)),
            (Some(Ok(_)) | None, Err(exit)) => Err(ScopeError::Exit(exit)),
            (Some(Err(scope)), Err(exit)) => Err(ScopeError::Both { scope, exit }),
            (None, Ok(())) => Err(ScopeError::Cancelled),
        }
    }

    fn enter_failed(error: Result<(), A>) -> Self::Output {
        Err(enter_error(error))
    }
}

fn enter_error<S, A>(error: Result<(), A>) -> ScopeError<S, A> {
    match error {
        Err(error) => ScopeError::Enter(error),
        Ok(()) => unreachable!("enter failed with an error"),
    }
}

/// The error of [`with`](crate::AsyncContextManager::with) on a fallible
/// acmgr: every error that happened, none dropped.
///
/// `S` is the scope's error type, `A` the acmgr's (its body's): in both
/// error types the user's closure comes first.
///
/// It follows the same conventions as [`ClosingError`](crate::ClosingError),
/// the error of [`closing`](crate::closing): a variant per step that failed,
/// a `Both` variant whose fields are named after those variants, a
/// by-reference accessor per step ([`enter`](Self::enter),
/// [`scope`](Self::scope), [`exit`](Self::exit)), one for the acmgr's side
/// whichever step it was ([`acmgr`](Self::acmgr)), and
/// [`into_parts`](Self::into_parts) (the scope's error first, then the
/// acmgr's).
///
/// `Display` says *which* step failed, never the inner error's message:
/// that comes from [`source`](std::error::Error::source), so an error report
/// that prints every source (anyhow's `{:#}`, eyre's report) prints each
/// message once. For `Both`, `source` is the scope's error (it happened
/// first); the exit's is reachable through [`exit`](Self::exit) and
/// [`into_parts`](Self::into_parts).
///
/// ```
/// use std::error::Error;
///
/// use asyncgen::ScopeError;
///
/// #[derive(Debug)]
/// struct Lost;
/// impl std::fmt::Display for Lost {
///     fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
///         f.write_str("connection lost")
///     }
/// }
/// impl Error for Lost {}
///
/// let error: ScopeError<Lost, Lost> = ScopeError::Exit(Lost);
/// assert_eq!(error.to_string(), "exiting the context manager failed");
/// assert_eq!(error.source().unwrap().to_string(), "connection lost");
///
/// let error: ScopeError<Lost, Lost> = ScopeError::Both { scope: Lost, exit: Lost };
/// assert_eq!(
///     error.to_string(),
///     "the scope failed, and exiting the context manager failed too"
/// );
/// assert!(error.scope().is_some() && error.exit().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeError<S, A> {
    /// Enter failed; the scope never ran.
    Enter(A),
    /// The scope failed; the exit succeeded.
    Scope(S),
    /// The exit failed (after the scope succeeded, or was cancelled: a task
    /// group child's error comes out here).
    Exit(A),
    /// Both the scope and the exit failed.
    Both {
        /// The scope's error.
        scope: S,
        /// The exit's error.
        exit: A,
    },
    /// The scope was cancelled and the exit reported no error.
    Cancelled,
}

impl<S, A> ScopeError<S, A> {
    /// Enter's error, if it failed (then the scope never ran).
    ///
    /// ```
    /// use asyncgen::ScopeError;
    ///
    /// assert_eq!(ScopeError::<&str, &str>::Enter("refused").enter(), Some(&"refused"));
    /// assert_eq!(ScopeError::<&str, &str>::Exit("lost").enter(), None);
    /// ```
    pub fn enter(&self) -> Option<&A> {
        match self {
            ScopeError::Enter(error) => Some(error),
            _ => None,
        }
    }

    /// The scope's error, if it failed.
    ///
    /// ```
    /// use asyncgen::ScopeError;
    ///
    /// let error = ScopeError::<&str, &str>::Both { scope: "parse", exit: "lost" };
    /// assert_eq!(error.scope(), Some(&"parse"));
    /// assert_eq!(ScopeError::<&str, &str>::Cancelled.scope(), None);
    /// ```
    pub fn scope(&self) -> Option<&S> {
        match self {
            ScopeError::Scope(scope) | ScopeError::Both { scope, .. } => Some(scope),
            _ => None,
        }
    }

    /// The exit's error, if it failed.
    ///
    /// ```
    /// use asyncgen::ScopeError;
    ///
    /// let error = ScopeError::<&str, &str>::Both { scope: "parse", exit: "lost" };
    /// assert_eq!(error.exit(), Some(&"lost"));
    /// assert_eq!(ScopeError::<&str, &str>::Enter("refused").exit(), None);
    /// ```
    pub fn exit(&self) -> Option<&A> {
        match self {
            ScopeError::Exit(exit) | ScopeError::Both { exit, .. } => Some(exit),
            _ => None,
        }
    }

    /// The acmgr's own error (enter's or exit's; at most one of them
    /// happens), if any.
    ///
    /// ```
    /// use asyncgen::ScopeError;
    ///
    /// assert_eq!(ScopeError::<&str, &str>::Enter("refused").acmgr(), Some(&"refused"));
    /// assert_eq!(ScopeError::<&str, &str>::Exit("lost").acmgr(), Some(&"lost"));
    /// assert_eq!(ScopeError::<&str, &str>::Scope("parse").acmgr(), None);
    /// ```
    pub fn acmgr(&self) -> Option<&A> {
        match self {
            ScopeError::Enter(error) | ScopeError::Exit(error) => Some(error),
            ScopeError::Both { exit, .. } => Some(exit),
            ScopeError::Scope(_) | ScopeError::Cancelled => None,
        }
    }

    /// Both errors, each if present: the scope's, then the acmgr's (enter's
    /// or exit's). `Cancelled` gives `(None, None)`, which is why there is no
    /// `into_first` as on [`ClosingError`](crate::ClosingError).
    ///
    /// ```
    /// use asyncgen::ScopeError;
    ///
    /// let error = ScopeError::<&str, &str>::Both { scope: "parse", exit: "lost" };
    /// assert_eq!(error.into_parts(), (Some("parse"), Some("lost")));
    /// assert_eq!(ScopeError::<&str, &str>::Cancelled.into_parts(), (None, None));
    /// ```
    pub fn into_parts(self) -> (Option<S>, Option<A>) {
        match self {
            ScopeError::Enter(error) | ScopeError::Exit(error) => (None, Some(error)),
            ScopeError::Scope(scope) => (Some(scope), None),
            ScopeError::Both { scope, exit } => (Some(scope), Some(exit)),
            ScopeError::Cancelled => (None, None),
        }
    }
}

impl<S: fmt::Display, A: fmt::Display> fmt::Display for ScopeError<S, A> {
    /// Which step failed, without the inner error's message (that is the
    /// [`source`](std::error::Error::source)): `entering the context manager
    /// failed`, `the scope failed`, `exiting the context manager failed`,
    /// `the scope failed, and exiting the context manager failed too`, or
    /// `the scope was cancelled`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ScopeError::Enter(_) => "entering the context manager failed",
            ScopeError::Scope(_) => "the scope failed",
            ScopeError::Exit(_) => "exiting the context manager failed",
            ScopeError::Both { .. } => {
                "the scope failed, and exiting the context manager failed too"
            }
            ScopeError::Cancelled => "the scope was cancelled",
        })
    }
}

impl<S, A> std::error::Error for ScopeError<S, A>
where
    S: std::error::Error + 'static,
    A: std::error::Error + 'static,
{
    /// The error of the step that failed (for `Both`, the scope's: it
    /// happened first); `None` for `Cancelled`.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScopeError::Scope(scope) | ScopeError::Both { scope, .. } => Some(scope),
            ScopeError::Enter(error) | ScopeError::Exit(error) => Some(error),
            ScopeError::Cancelled => None,
        }
    }
}
