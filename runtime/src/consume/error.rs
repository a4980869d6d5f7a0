//! [`ClosingError`]: the body's error, the close's, or both.

use core::fmt;

/// The error of [`closing`](crate::closing) over a fallible generator: the
/// body failed, the close failed, or both did (neither error is dropped).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClosingError<E, C> {
    /// The body failed; the close succeeded.
    Body(E),
    /// The body succeeded; the close failed.
    Close(C),
    /// Both failed.
    Both {
        /// The body's error.
        body: E,
        /// The close's error.
        close: C,
    },
}

impl<E, C> ClosingError<E, C> {
    /// The body's error, if it failed.
    pub fn body(&self) -> Option<&E> {
        match self {
            ClosingError::Body(body) | ClosingError::Both { body, .. } => Some(body),
            ClosingError::Close(_) => None,
        }
    }

    /// The close's error, if it failed.
    pub fn close(&self) -> Option<&C> {
        match self {
            ClosingError::Close(close) | ClosingError::Both { close, .. } => Some(close),
            ClosingError::Body(_) => None,
        }
    }

    /// Both errors, each if present.
    pub fn into_parts(self) -> (Option<E>, Option<C>) {
        match self {
            ClosingError::Body(body) => (Some(body), None),
            ClosingError::Close(close) => (None, Some(close)),
            ClosingError::Both { body, close } => (Some(body), Some(close)),
        }
    }
}

impl<E> ClosingError<E, E> {
    /// When both errors have one type: the first that happened (the body's,
    /// if it failed), and the close's error if it came second.
    pub fn into_first(self) -> (E, Option<E>) {
        match self {
            ClosingError::Body(error) | ClosingError::Close(error) => (error, None),
            ClosingError::Both { body, close } => (body, Some(close)),
        }
    }
}

impl<E: fmt::Display, C: fmt::Display> fmt::Display for ClosingError<E, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClosingError::Body(body) => write!(f, "{body}"),
            ClosingError::Close(close) => write!(f, "closing the generator failed: {close}"),
            ClosingError::Both { body, close } => {
                write!(f, "{body} (closing the generator failed too: {close})")
            }
        }
    }
}

impl<E, C> std::error::Error for ClosingError<E, C>
where
    E: std::error::Error + 'static,
    C: std::error::Error + 'static,
{
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClosingError::Body(body) | ClosingError::Both { body, .. } => Some(body),
            ClosingError::Close(close) => Some(close),
        }
    }
}
