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
    pub fn is_completed(self) -> bool {
        self == Outcome::Completed
    }

    /// Whether the scope failed or was cancelled: roll back.
    pub fn is_abandoned(self) -> bool {
        !self.is_completed()
    }
}
