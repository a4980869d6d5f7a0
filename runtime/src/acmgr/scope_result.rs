//! How a scope's value combines with the acmgr's exit: [`ScopeResult`] and
//! [`ScopeError`].

use core::convert::Infallible;
use core::fmt;

/// A value a `with` scope may return: `()` or a `Result` (whose `Err` tells
/// the exit the scope failed), and how it combines with the exit's outcome
/// `B` (`()` for an infallible acmgr, `Result<(), E>` for a fallible one).
#[diagnostic::on_unimplemented(
    message = "the scope passed to `with` must return `()` or a `Result`, not `{Self}`",
    label = "this scope's value",
    note = "wrap the value: `Ok::<_, YourError>(value)`"
)]
pub trait ScopeResult<B>: Sized {
    /// What `with` returns.
    type Output;

    /// Whether the scope failed (an `Err`): the exit sees `Failed`.
    fn failed(&self) -> bool;

    /// Combines the scope's value (`None`: it was cancelled) with the exit's
    /// outcome.
    fn finish(value: Option<Self>, exit: B) -> Self::Output;

    /// Enter failed with `error` (the body returned before yielding).
    fn enter_failed(error: B) -> Self::Output;
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

impl<E> ScopeResult<Result<(), E>> for () {
    type Output = Result<(), ScopeError<Infallible, E>>;

    fn failed(&self) -> bool {
        false
    }

    fn finish(value: Option<()>, exit: Result<(), E>) -> Self::Output {
        match (value, exit) {
            (_, Err(exit)) => Err(ScopeError::Exit(exit)),
            (Some(()), Ok(())) => Ok(()),
            (None, Ok(())) => Err(ScopeError::Cancelled),
        }
    }

    fn enter_failed(error: Result<(), E>) -> Self::Output {
        Err(enter_error(error))
    }
}

impl<T, S, E> ScopeResult<Result<(), E>> for Result<T, S> {
    type Output = Result<T, ScopeError<S, E>>;

    fn failed(&self) -> bool {
        self.is_err()
    }

    fn finish(value: Option<Self>, exit: Result<(), E>) -> Self::Output {
        match (value, exit) {
            (Some(Ok(value)), Ok(())) => Ok(value),
            (Some(Err(scope)), Ok(())) => Err(ScopeError::Scope(scope)),
            (Some(Ok(_)) | None, Err(exit)) => Err(ScopeError::Exit(exit)),
            (Some(Err(scope)), Err(exit)) => Err(ScopeError::Both { scope, exit }),
            (None, Ok(())) => Err(ScopeError::Cancelled),
        }
    }

    fn enter_failed(error: Result<(), E>) -> Self::Output {
        Err(enter_error(error))
    }
}

fn enter_error<S, E>(error: Result<(), E>) -> ScopeError<S, E> {
    match error {
        Err(error) => ScopeError::Enter(error),
        Ok(()) => unreachable!("enter failed with an error"),
    }
}

/// The error of [`with`](crate::AsyncContextManager::with) on a fallible
/// acmgr: every error that happened, none dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ScopeError<S, E> {
    /// Enter failed; the scope never ran.
    Enter(E),
    /// The scope failed; the exit succeeded.
    Scope(S),
    /// The exit failed (after the scope succeeded, or was cancelled: a task
    /// group child's error comes out here).
    Exit(E),
    /// Both the scope and the exit failed.
    Both {
        /// The scope's error.
        scope: S,
        /// The exit's error.
        exit: E,
    },
    /// The scope was cancelled and the exit reported no error.
    Cancelled,
}

impl<S, E> ScopeError<S, E> {
    /// The scope's error, if it failed.
    pub fn scope(&self) -> Option<&S> {
        match self {
            ScopeError::Scope(scope) | ScopeError::Both { scope, .. } => Some(scope),
            _ => None,
        }
    }

    /// The acmgr's own error (enter's or exit's), if any.
    pub fn acmgr(&self) -> Option<&E> {
        match self {
            ScopeError::Enter(error) | ScopeError::Exit(error) => Some(error),
            ScopeError::Both { exit, .. } => Some(exit),
            ScopeError::Scope(_) | ScopeError::Cancelled => None,
        }
    }
}

impl<S: fmt::Display, E: fmt::Display> fmt::Display for ScopeError<S, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScopeError::Enter(error) => write!(f, "entering the context manager failed: {error}"),
            ScopeError::Scope(error) => write!(f, "{error}"),
            ScopeError::Exit(error) => write!(f, "exiting the context manager failed: {error}"),
            ScopeError::Both { scope, exit } => {
                write!(
                    f,
                    "{scope} (exiting the context manager failed too: {exit})"
                )
            }
            ScopeError::Cancelled => write!(f, "the scope was cancelled"),
        }
    }
}

impl<S, E> std::error::Error for ScopeError<S, E>
where
    S: std::error::Error + 'static,
    E: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ScopeError::Scope(scope) | ScopeError::Both { scope, .. } => Some(scope),
            ScopeError::Enter(error) | ScopeError::Exit(error) => Some(error),
            ScopeError::Cancelled => None,
        }
    }
}
