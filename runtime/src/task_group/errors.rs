//! What a group's `join` and `start` return when things go wrong.

use std::error::Error;
use std::fmt;

/// Every error the children of a [`TaskGroup`](super::TaskGroup) returned, in
/// the order they failed.
///
/// An `ErrorGroup` is never empty: [`join`](super::TaskGroup::join) returns
/// `Ok(())` when no child failed. To use `?` on `join` in a function with an
/// error type of your own, implement `From<ErrorGroup<E>>` for it (keeping
/// every error, or [`first`](Self::first) and a count); a function returning
/// `Result<_, ErrorGroup<E>>` can also use `?` on a plain `Result<_, E>`,
/// since an `E` converts into a group of one.
///
/// When the `ErrorGroup` is dropped, every error it holds is dropped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorGroup<E> {
    // Invariant: not empty.
    errors: Vec<E>,
}

impl<E> ErrorGroup<E> {
    /// A group of the given errors, or `None` when there are none.
    pub(crate) fn new(errors: Vec<E>) -> Option<Self> {
        (!errors.is_empty()).then_some(ErrorGroup { errors })
    }

    /// How many children failed (at least one).
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// Always `false`: a group holds at least one error. Provided because
    /// [`len`](Self::len) is.
    pub fn is_empty(&self) -> bool {
        self.errors.is_empty()
    }

    /// The error of the child that failed first.
    pub fn first(&self) -> &E {
        &self.errors[0]
    }

    /// The errors, in the order the children failed.
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.errors.iter()
    }

    /// The errors, in the order the children failed.
    pub fn into_vec(self) -> Vec<E> {
        self.errors
    }
}

impl<E> From<E> for ErrorGroup<E> {
    /// A group of one error.
    fn from(error: E) -> Self {
        ErrorGroup {
            errors: vec![error],
        }
    }
}

impl<E> IntoIterator for ErrorGroup<E> {
    type Item = E;
    type IntoIter = std::vec::IntoIter<E>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.into_iter()
    }
}

impl<'a, E> IntoIterator for &'a ErrorGroup<E> {
    type Item = &'a E;
    type IntoIter = std::slice::Iter<'a, E>;

    fn into_iter(self) -> Self::IntoIter {
        self.errors.iter()
    }
}

impl<E: fmt::Display> fmt::Display for ErrorGroup<E> {
    /// `a child task failed: <error>` for one error, `2 child tasks failed:
    /// <error>; <error>` for more.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.errors.as_slice() {
            [one] => write!(f, "a child task failed: {one}"),
            errors => {
                write!(f, "{} child tasks failed: ", errors.len())?;
                for (i, error) in errors.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{error}")?;
                }
                Ok(())
            }
        }
    }
}

impl<E: Error + 'static> Error for ErrorGroup<E> {
    /// The first error; the others are reachable through
    /// [`iter`](ErrorGroup::iter).
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.first())
    }
}

/// The child given to [`TaskGroup::start`](super::TaskGroup::start) ended
/// (finished, failed, panicked or was cancelled) without reporting that it
/// started.
///
/// If the child failed, its error comes out of
/// [`join`](super::TaskGroup::join) as any child's does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NotStarted;

impl fmt::Display for NotStarted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the child task ended before reporting that it started")
    }
}

impl Error for NotStarted {}
