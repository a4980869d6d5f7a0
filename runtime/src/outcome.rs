//! [`Outcome`]: how an acmgr's scope ended, or how a `finally!`-protected
//! block is left.

/// How the consumer's scope of an `#[acmgr]` ended (what `yield_!(resource)`
/// evaluates to in the acmgr's body), or how a block protected by
/// `finally!(|outcome| ..)` is left, so the cleanup can commit or roll back.
///
/// For a `finally!` block: `Completed` is the end of the block, `return`, or
/// `break`/`continue` out of it; `Failed` an error leaving through `?` or
/// `return Err` (or the body ending with `Err`); `Cancelled` a close, a
/// drop, or cancellation at an await.
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// use asyncgen::{async_generator, Outcome};
/// use futures::StreamExt;
///
/// #[async_generator(yield = u32)]
/// async fn rows(seen: Arc<Mutex<Vec<Outcome>>>) {
///     finally!(|outcome| { seen.lock().unwrap().push(outcome); });
///     yield_!(1);
///     yield_!(2);
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let seen = Arc::new(Mutex::new(Vec::new()));
/// let all: Vec<u32> = rows(seen.clone()).collect().await; // to the end
/// assert_eq!(all, [1, 2]);
/// let mut rows = Box::pin(rows(seen.clone()));
/// assert_eq!(rows.next().await, Some(1));
/// drop(rows); // left at a yield
/// assert_eq!(*seen.lock().unwrap(), [Outcome::Completed, Outcome::Cancelled]);
/// # }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// The scope ran to its end with a success value (`Ok`, or `()`).
    Completed,
    /// The scope returned `Err`, or panicked.
    Failed,
    /// The scope was cancelled: its future was dropped before it finished
    /// (the `with` future was dropped, a task group child failed, or the
    /// acmgr's stream was closed or dropped).
    Cancelled,
}

impl Outcome {
    /// Whether the scope completed successfully: commit.
    ///
    /// ```
    /// use asyncgen::Outcome;
    ///
    /// assert!(Outcome::Completed.is_completed());
    /// assert!(!Outcome::Failed.is_completed() && !Outcome::Cancelled.is_completed());
    /// ```
    pub fn is_completed(self) -> bool {
        self == Outcome::Completed
    }

    /// Whether the scope failed or was cancelled: roll back.
    ///
    /// ```
    /// use asyncgen::Outcome;
    ///
    /// assert!(Outcome::Failed.is_abandoned() && Outcome::Cancelled.is_abandoned());
    /// assert!(!Outcome::Completed.is_abandoned());
    /// ```
    pub fn is_abandoned(self) -> bool {
        !self.is_completed()
    }
}
