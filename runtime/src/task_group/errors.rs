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
/// A group has several causes, not a chain of one: its `Display` lists every
/// child's message and [`source`](Error::source) is `None`, so an error
/// report (anyhow's `{:#}`, eyre's, a `tracing` event of `%error`) prints
/// each message once and none is left out. Each child's own error, with its
/// sources, is reachable through [`iter`](Self::iter) and
/// [`into_vec`](Self::into_vec).
///
/// When the `ErrorGroup` is dropped, every error it holds is dropped.
///
/// ```
/// use std::error::Error;
///
/// use asyncgen::ErrorGroup;
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
/// let errors = ErrorGroup::from(Lost);
/// assert_eq!(errors.to_string(), "a child task failed: connection lost");
/// assert!(errors.source().is_none());
/// assert_eq!(errors.len(), 1);
/// ```
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
    ///
    /// ```
    /// use asyncgen::ErrorGroup;
    ///
    /// assert_eq!(ErrorGroup::from("connection lost").len(), 1);
    /// ```
    #[allow(
        clippy::len_without_is_empty,
        reason = "a group is never empty: `is_empty` would always be false"
    )]
    pub fn len(&self) -> usize {
        self.errors.len()
    }

    /// The error of the child that failed first.
    ///
    /// ```
    /// use asyncgen::{ErrorGroup, TaskGroup};
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::new();
    /// group.spawn(async { Err("connection lost") });
    /// let errors: ErrorGroup<&str> = group.join().await.unwrap_err();
    /// assert_eq!(errors.first(), &"connection lost");
    /// # }
    /// ```
    pub fn first(&self) -> &E {
        &self.errors[0]
    }

    /// The errors, in the order the children failed.
    ///
    /// ```
    /// use asyncgen::ErrorGroup;
    ///
    /// let errors = ErrorGroup::from("connection lost");
    /// let messages: Vec<String> = errors.iter().map(|e| e.to_uppercase()).collect();
    /// assert_eq!(messages, ["CONNECTION LOST"]);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, E> {
        self.errors.iter()
    }

    /// The errors, in the order the children failed.
    ///
    /// ```
    /// use asyncgen::ErrorGroup;
    ///
    /// let errors: Vec<&str> = ErrorGroup::from("connection lost").into_vec();
    /// assert_eq!(errors, ["connection lost"]);
    /// ```
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
    /// Every child's message, in the order they failed: `a child task
    /// failed: <error>` for one error, `2 child tasks failed: <error>;
    /// <error>` for more. (So [`source`](Error::source) is `None`: a group
    /// has several causes, not a chain of one.)
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

/// No [`source`](Error::source): the children's messages are in the
/// `Display`; each child's own error, with its sources, is reachable
/// through [`iter`](ErrorGroup::iter).
impl<E: Error> Error for ErrorGroup<E> {}

/// The child given to [`TaskGroup::start`](super::TaskGroup::start) ended
/// (finished, failed, panicked or was cancelled) without reporting that it
/// started.
///
/// If the child failed, its error comes out of
/// [`join`](super::TaskGroup::join) as any child's does.
///
/// ```
/// use asyncgen::{NotStarted, TaskGroup};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let group = TaskGroup::<std::io::Error>::new();
/// let port = group
///     .start(|_started| async {
///         Ok(()) // returns without calling `started.started(port)`
///     })
///     .await;
/// assert_eq!(port, Err::<u16, _>(NotStarted));
/// assert_eq!(NotStarted.to_string(), "the child task ended before reporting that it started");
/// group.join().await.unwrap();
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct NotStarted;

impl fmt::Display for NotStarted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the child task ended before reporting that it started")
    }
}

impl Error for NotStarted {}
