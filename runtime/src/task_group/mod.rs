//! [`TaskGroup`]: child tasks on tokio that no one can forget, bound to the
//! consumer's scope of the acmgr that created them.
//!
//! # Design
//!
//! - Each child runs in its own tokio task (a [`JoinSet`] the group owns),
//!   wrapped so that the child's future is raced against the group's
//!   cancellation signal (an `AtomicBool` plus a
//!   [`Notify`](tokio::sync::Notify)), cancellation first, and its panic is
//!   caught. Cancelling therefore drops each child's
//!   future inside its own task at that task's next poll, which the signal
//!   schedules at once; the tasks are also aborted as a backstop.
//! - A failure (an `Err` or a panic) is handled by the failing child's own
//!   task: it records the failure, cancels the siblings and, if the group is
//!   bound to a host scope, cancels that scope. Nobody has to be polling the
//!   group for this to happen, which is what lets a failing producer
//!   interrupt a consumer that waits on something unrelated.
//! - The group is bound to a host scope by [`TaskGroup::new`], which takes
//!   [`HostScope::current`]: `with` sets the current scope around each poll
//!   of an `#[acmgr]` body, so a group created in the body is bound to the
//!   scope of that acmgr's consumer (see [`scope`](crate::scope) for why a
//!   thread-local set during the poll rather than an explicit handle). A
//!   group created anywhere else is bound to nothing and only cancels its
//!   own children.

mod child;
mod errors;
mod shared;
mod start;
#[cfg(test)]
mod tests;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Poll;

use tokio::task::JoinSet;

pub use errors::{ErrorGroup, NotStarted};
pub use start::Started;

use crate::scope::HostScope;
use shared::Shared;

/// A group of child tasks on the ambient tokio runtime that fail together
/// and end together (a nursery, as in trio and anyio).
///
/// ```
/// use std::convert::Infallible;
///
/// use asyncgen::{ErrorGroup, TaskGroup};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // Two producers that never end by themselves, feeding one channel.
/// let group = TaskGroup::<Infallible>::new();
/// let (tx, mut rx) = tokio::sync::mpsc::channel(4);
/// for name in ["news", "weather"] {
///     let tx = tx.clone();
///     group.spawn(async move {
///         let mut n = 0;
///         loop {
///             n += 1;
///             if tx.send(format!("{name} {n}")).await.is_err() {
///                 return Ok(()); // the consumer is gone: not a failure
///             }
///         }
///     });
/// }
/// drop(tx);
/// for _ in 0..3 {
///     println!("{}", rx.recv().await.unwrap());
/// }
/// // Leaving early: cancel the producers, then wait for them.
/// group.shutdown().await.unwrap();
///
/// // The first failure cancels the other children; `join` returns every error.
/// let group = TaskGroup::new();
/// group.spawn(async {
///     std::future::pending::<()>().await; // cancelled when its sibling fails
///     Ok(())
/// });
/// group.spawn(async { Err("connection lost") });
/// let errors: ErrorGroup<&str> = group.join().await.unwrap_err();
/// assert_eq!(errors.into_vec(), ["connection lost"]);
/// # }
/// ```
///
/// # Children
///
/// A child is a `Send + 'static` future returning `Result<(), E>`, spawned
/// with [`spawn`](Self::spawn) or [`start`](Self::start) on the tokio runtime
/// the caller runs on. A child that returns `Err` or panics has *failed*:
/// its task records the failure and at once cancels every other child and,
/// when the group was created inside an `#[acmgr]` body, the consumer's
/// scope of that acmgr (see [`new`](Self::new)).
///
/// A cancelled child is not a failure: its future is dropped at its next
/// suspension point, and it contributes nothing to [`join`](Self::join)'s
/// result. A child that finds its consumer gone (a `send` on a closed
/// channel) should return `Ok(())`, as in the example: an `Err` it returns
/// is a failure like any other, even while the group is shutting down.
///
/// # Ending
///
/// [`join`](Self::join) waits for every child and returns `Ok(())`, or an
/// [`ErrorGroup`] with every child error in the order the children failed.
/// If a child panicked, `join` re-raises the first panic (with its original
/// payload) once every child has finished. [`shutdown`](Self::shutdown)
/// cancels, then joins: the exit of an acmgr whose consumer may have stopped
/// early, with producers that would otherwise run forever.
///
/// # Drop
///
/// When the `TaskGroup` is dropped, every child still running is cancelled.
/// What `drop` does synchronously is set the cancellation signal and abort
/// every child's task; the children's futures (and so their own `Drop`s)
/// are dropped by the runtime when it next runs those tasks: shortly after,
/// on a worker thread of a multi-thread runtime, or once the dropping task
/// yields on a current-thread runtime, never inside `drop` itself. Dropping
/// the group does not cancel the host scope. Failures children had already
/// reported are not returned by anyone: they are reported through `tracing`
/// (target `asyncgen`, level `ERROR`, with their count and type) and
/// dropped. The same holds when a `join` or `shutdown` future is dropped
/// before it finished.
pub struct TaskGroup<E> {
    shared: Arc<Shared<E>>,
    tasks: Mutex<JoinSet<()>>,
}

impl<E: Send + 'static> TaskGroup<E> {
    /// An empty group, bound to the current host scope if there is one.
    ///
    /// Called while an `#[acmgr]` body is being polled by `with` (that is,
    /// from the body itself), the group is bound to the consumer's scope of
    /// that acmgr: a child failure cancels that scope, so `with` drops the
    /// consumer's future and runs the exit with "cancelled", and the child's
    /// error comes out of the exit's `join`. Called anywhere else, the group
    /// is bound to nothing. Creating a group does not need a runtime;
    /// spawning does.
    pub fn new() -> Self {
        TaskGroup {
            shared: Arc::new(Shared::new(HostScope::current())),
            tasks: Mutex::new(JoinSet::new()),
        }
    }

    /// Spawns `child` as a new task of the group, on the current tokio
    /// runtime.
    ///
    /// If the group is already cancelled, the child is cancelled before it
    /// is first polled: its future is dropped unpolled.
    ///
    /// # Panics
    ///
    /// Panics if called outside a tokio runtime.
    pub fn spawn<F>(&self, child: F)
    where
        F: Future<Output = Result<(), E>> + Send + 'static,
    {
        let child = child::run(self.shared.clone(), child);
        let mut tasks = self.tasks();
        // Reap the tasks that finished, so a long-lived group that spawns
        // many short children does not keep one entry per child.
        while let Some(result) = tasks.try_join_next() {
            self.shared.absorb(result);
        }
        tasks.spawn(child);
    }

    /// Cancels every child: their futures are dropped at their next
    /// suspension point, inside their tasks, and their tasks are aborted.
    /// Children spawned afterwards are cancelled before they start.
    ///
    /// Returns at once; [`join`](Self::join) waits until the children have
    /// stopped. Cancelling is not a failure: it does not touch the host
    /// scope, and a cancelled child adds no error.
    pub fn cancel(&self) {
        self.shared.cancel_children();
        self.tasks().abort_all();
    }

    /// Whether the group was cancelled, by [`cancel`](Self::cancel) or by a
    /// child's failure.
    pub fn is_cancelled(&self) -> bool {
        self.shared.is_cancelled()
    }

    /// Waits until every child has finished, then returns every child error,
    /// in the order the children failed.
    ///
    /// # Panics
    ///
    /// If a child panicked, re-raises its panic (the first one, with its
    /// original payload) after every child has finished; errors other
    /// children returned are then reported through `tracing` (target
    /// `asyncgen`, level `ERROR`) and dropped.
    ///
    /// If this future is dropped before it finished, the group is dropped:
    /// the children still running are cancelled.
    pub async fn join(mut self) -> Result<(), ErrorGroup<E>> {
        let tasks = self.tasks.get_mut().unwrap_or_else(PoisonError::into_inner);
        while let Some(result) = tasks.join_next().await {
            self.shared.absorb(result);
        }
        self.shared.outcome()
    }

    /// Cancels every child, then waits until they have finished: the exit of
    /// a scope that may have ended before its producers did. Leaving early
    /// never hangs, even with producers that would run forever.
    ///
    /// Errors that children returned before the cancellation still count,
    /// and a panic is re-raised, as with [`join`](Self::join).
    ///
    /// Inside a generator's or acmgr's cleanup run by `drop` that cannot wait
    /// (the default `report` policy, or `block` where blocking is not safe),
    /// `shutdown` returns once the children are cancelled and their tasks
    /// aborted, with the failures seen so far, instead of waiting: tokio drops
    /// the aborted children on the runtime's next tick. So an acmgr whose
    /// `with` future is dropped mid-scope runs its exit to the end inside that
    /// drop. Under `on_drop = block` on a multi-thread runtime, and under
    /// `on_drop = spawn` inside a tokio runtime (the rest of the cleanup then
    /// runs in a task), it waits.
    pub async fn shutdown(mut self) -> Result<(), ErrorGroup<E>> {
        self.cancel();
        let tasks = self.tasks.get_mut().unwrap_or_else(PoisonError::into_inner);
        let shared = &self.shared;
        std::future::poll_fn(|cx| {
            loop {
                match tasks.poll_join_next(cx) {
                    Poll::Ready(Some(result)) => shared.absorb(result),
                    Poll::Ready(None) => return Poll::Ready(()),
                    Poll::Pending if crate::unwind::dropping() => return Poll::Ready(()),
                    Poll::Pending => return Poll::Pending,
                }
            }
        })
        .await;
        self.shared.outcome()
    }

    fn tasks(&self) -> MutexGuard<'_, JoinSet<()>> {
        self.tasks.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl<E: Send + 'static> Default for TaskGroup<E> {
    /// Same as [`TaskGroup::new`], bound to the current host scope if any.
    fn default() -> Self {
        Self::new()
    }
}

impl<E> Drop for TaskGroup<E> {
    fn drop(&mut self) {
        self.shared.cancel_children();
        self.tasks
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .abort_all();
        self.shared.report_unjoined();
        self.shared.release_host();
    }
}

impl<E> fmt::Debug for TaskGroup<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskGroup")
            .field("cancelled", &self.shared.is_cancelled())
            .field("bound_to_host_scope", &self.shared.is_bound())
            .finish_non_exhaustive()
    }
}
