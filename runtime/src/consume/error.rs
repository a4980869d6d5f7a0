//! [`ClosingError`]: the body's error, the close's, or both.

use core::fmt;

/// The error of [`closing`](crate::closing) over a fallible generator: the
/// body failed, the close failed, or both did (neither error is dropped).
/// `B` is the body's error type, `C` the generator's.
///
/// It follows the same conventions as
/// [`ScopeError`](crate::ScopeError), the error of a context manager's
/// `with`: a variant per step that failed, a `Both` variant whose fields are
/// named after those variants, a by-reference accessor per side
/// ([`body`](Self::body), [`close`](Self::close)) and
/// [`into_parts`](Self::into_parts) (the body's error first, then the
/// cleanup's).
///
/// `Display` says *which* step failed, never the inner error's message:
/// that comes from [`source`](std::error::Error::source), so an error report
/// that prints every source (anyhow's `{:#}`, eyre's report) prints each
/// message once. For `Both`, `source` is the body's error (it happened
/// first); the close's is reachable through [`close`](Self::close) and
/// [`into_parts`](Self::into_parts).
///
/// ```
/// use std::error::Error;
///
/// use asyncgen::ClosingError;
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
/// let error: ClosingError<Lost, Lost> = ClosingError::Close(Lost);
/// assert_eq!(error.to_string(), "closing the generator failed");
/// assert_eq!(error.source().unwrap().to_string(), "connection lost");
///
/// let error: ClosingError<Lost, Lost> = ClosingError::Both { body: Lost, close: Lost };
/// assert_eq!(error.to_string(), "the body of `closing` failed, and closing the generator failed too");
/// assert!(error.body().is_some() && error.close().is_some());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosingError<B, C> {
    /// The body failed; the close succeeded.
    Body(B),
    /// The body succeeded; the close failed.
    Close(C),
    /// Both failed.
    Both {
        /// The body's error.
        body: B,
        /// The close's error.
        close: C,
    },
}

impl<B, C> ClosingError<B, C> {
    /// The body's error, if it failed.
    ///
    /// ```
    /// use asyncgen::ClosingError;
    ///
    /// let error = ClosingError::<&str, &str>::Both { body: "parse", close: "release" };
    /// assert_eq!(error.body(), Some(&"parse"));
    /// assert_eq!(ClosingError::<&str, &str>::Close("release").body(), None);
    /// ```
    pub fn body(&self) -> Option<&B> {
        match self {
            ClosingError::Body(body) | ClosingError::Both { body, .. } => Some(body),
            ClosingError::Close(_) => None,
        }
    }

    /// The close's error, if it failed.
    ///
    /// ```
    /// use asyncgen::ClosingError;
    ///
    /// let error = ClosingError::<&str, &str>::Both { body: "parse", close: "release" };
    /// assert_eq!(error.close(), Some(&"release"));
    /// assert_eq!(ClosingError::<&str, &str>::Body("parse").close(), None);
    /// ```
    pub fn close(&self) -> Option<&C> {
        match self {
            ClosingError::Close(close) | ClosingError::Both { close, .. } => Some(close),
            ClosingError::Body(_) => None,
        }
    }

    /// Both errors, each if present: the body's, then the close's (at least
    /// one is `Some`).
    ///
    /// ```
    /// use asyncgen::ClosingError;
    ///
    /// let error = ClosingError::<&str, &str>::Close("release");
    /// assert_eq!(error.into_parts(), (None, Some("release")));
    /// ```
    pub fn into_parts(self) -> (Option<B>, Option<C>) {
        match self {
            ClosingError::Body(body) => (Some(body), None),
            ClosingError::Close(close) => (None, Some(close)),
            ClosingError::Both { body, close } => (Some(body), Some(close)),
        }
    }
}

impl<B> ClosingError<B, B> {
    /// When both errors have one type: the first that happened (the body's,
    /// if it failed), and the close's error if it came second.
    ///
    /// ```
    /// use asyncgen::ClosingError;
    ///
    /// let error = ClosingError::Both { body: "parse", close: "release" };
    /// assert_eq!(error.into_first(), ("parse", Some("release")));
    /// assert_eq!(ClosingError::Close("release").into_first(), ("release", None));
    /// ```
    pub fn into_first(self) -> (B, Option<B>) {
        match self {
            ClosingError::Body(error) | ClosingError::Close(error) => (error, None),
            ClosingError::Both { body, close } => (body, Some(close)),
        }
    }
}

impl<B: fmt::Display, C: fmt::Display> fmt::Display for ClosingError<B, C> {
    /// Which step failed, without the inner error's message (that is the
    /// [`source`](std::error::Error::source)): ``the body of `closing`
    /// failed``, `closing the generator failed`, or ``the body of `closing`
    /// failed, and closing the generator failed too``.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClosingError::Body(_) => "the body of `closing` failed",
            ClosingError::Close(_) => "closing the generator failed",
            ClosingError::Both { .. } => {
                "the body of `closing` failed, and closing the generator failed too"
            }
        })
    }
}

impl<B, C> std::error::Error for ClosingError<B, C>
where
    B: std::error::Error + 'static,
    C: std::error::Error + 'static,
{
    /// The body's error if it failed (also for `Both`: it happened first),
    /// else the close's.
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClosingError::Body(body) | ClosingError::Both { body, .. } => Some(body),
            ClosingError::Close(close) => Some(close),
        }
    }
}
