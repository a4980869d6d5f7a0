//! [`TaskGroup`]: child tasks on tokio that no one can forget, bound to the
//! consumer's scope of the acmgr that created them.
//!
//! # Design
//!
//! - Each child runs in its own tokio task (a [`JoinSet`] the group owns),
//!   wrapped so that the child's future is raced against the group's stop
//!   signal (an `AtomicBool` plus a [`Notify`](tokio::sync::Notify)) and its
//!   panic is caught. The signal wakes every child's task at once; each
//!   wrapper then acts inside its own task: a plain child's future is
//!   dropped at that poll, before the child runs any more of its code; a
//!   stop-aware child (one given a [`Stop`], or a generator child) is polled
//!   on so it can clean up, until it returns or the group's grace period,
//!   counted from the signal, ends; then it is dropped. The deadline lives
//!   in the child's own task, so it holds whether or not anyone awaits the
//!   group, and the tasks need no abort.
//! - A failure (an `Err` or a panic, including one while stopping) is
//!   handled by the failing child's own task: it records the failure,
//!   cancels the siblings and, if the group is bound to a host scope,
//!   cancels that scope. Nobody has to be polling the group for this to
//!   happen, which is what lets a failing producer interrupt a consumer that
//!   waits on something unrelated.
//! - The group is bound to a host scope by [`TaskGroup::new`], which takes
//!   [`HostScope::current`]: `with` sets the current scope around each poll
//!   of an `#[acmgr]` body, so a group created in the body is bound to the
//!   scope of that acmgr's consumer (see [`scope`](crate::scope) for why a
//!   thread-local set during the poll rather than an explicit handle). A
//!   group created anywhere else is bound to nothing and only cancels its
//!   own children.
//! - Dropping the group detaches its tasks rather than aborting them:
//!   aborting would drop a stopping child mid-cleanup, which is what the
//!   grace period is for. The wrappers end the tasks by themselves.

mod child;
mod errors;
mod generator_child;
mod shared;
mod start;
mod stop;
#[cfg(test)]
mod tests;

use std::fmt;
use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::task::Poll;
use std::time::Duration;

use tokio::task::JoinSet;

pub use errors::{ErrorGroup, NotStarted};
pub use start::Started;
pub use stop::Stop;

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
/// with [`spawn`](Self::spawn), [`start`](Self::start),
/// [`spawn_with_stop`](Self::spawn_with_stop) or
/// [`spawn_generator`](Self::spawn_generator) on the tokio runtime the
/// caller runs on. A child that returns `Err` or panics has *failed*: its
/// task records the failure and at once cancels every other child and, when
/// the group was created inside an `#[acmgr]` body, the consumer's scope of
/// that acmgr (see [`new`](Self::new)).
///
/// The group is *cancelled* by the first failure, by [`cancel`](Self::cancel)
/// or [`shutdown`](Self::shutdown), or by being dropped (an acmgr body's
/// group is dropped or shut down when its host scope ends). Cancelling asks
/// every child to stop:
///
/// - a plain child ([`spawn`](Self::spawn), [`start`](Self::start)) is
///   dropped at its next suspension point;
/// - a stop-aware child ([`spawn_with_stop`](Self::spawn_with_stop)) sees
///   its [`Stop`] requested and keeps running until it returns, for at most
///   the group's [grace period](Self::with_grace), counted from the
///   cancellation; a generator child
///   ([`spawn_generator`](Self::spawn_generator)) is closed, so its
///   `finally!` blocks run. When the grace period ends, a child still
///   running is dropped.
///
/// A cancelled child is not a failure: a plain child contributes nothing to
/// [`join`](Self::join)'s result, nor does a stop-aware child that returns
/// `Ok(())` or is dropped at the deadline. An `Err` a stop-aware child
/// returns while stopping is a failure like any other: it joins the
/// [`ErrorGroup`] after the failure that caused the cancellation. A child
/// that finds its consumer gone (a `send` on a closed channel) should
/// return `Ok(())`, as in the example.
///
/// # Ending
///
/// [`join`](Self::join) waits for every child and returns `Ok(())`, or an
/// [`ErrorGroup`] with every child error in the order the children failed.
/// If a child panicked, `join` re-raises the first panic (with its original
/// payload) once every child has finished. [`shutdown`](Self::shutdown)
/// cancels, then joins: the exit of an acmgr whose consumer may have stopped
/// early, with producers that would otherwise run forever. Once the group is
/// cancelled, neither waits longer than the grace period plus scheduling.
///
/// # Drop
///
/// When the `TaskGroup` is dropped, every child still running is cancelled.
/// What `drop` does synchronously is send the stop signal and detach the
/// children's tasks; it never waits. A plain child's future (and so its own
/// `Drop`) is dropped by the runtime when it next runs that child's task:
/// shortly after, on a worker thread of a multi-thread runtime, or once the
/// dropping task yields on a current-thread runtime, never inside `drop`
/// itself. A stop-aware child goes on stopping in its task after the group
/// is gone, for at most the grace period; so "no child outlives the group"
/// holds up to the grace period for stop-aware children, and up to the next
/// tick of the runtime for plain ones. (A runtime shutting down drops every
/// task at once, stopping or not.)
///
/// Dropping the group does not cancel the host scope. Failures nobody will
/// return are reported through `tracing` (target `asyncgen`, level `ERROR`,
/// with their count and type) and dropped: those children had already
/// reported when the group was dropped, and those of stop-aware children
/// failing after. The same holds when a `join` or `shutdown` future is
/// dropped before it finished.
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
    ///
    /// ```
    /// use asyncgen::{acmgr, AsyncContextManager, ErrorGroup, TaskGroup};
    ///
    /// #[acmgr(yield = ())]
    /// async fn supervised() -> Result<(), ErrorGroup<&'static str>> {
    ///     let group = TaskGroup::new(); // bound to the scope of `with` below
    ///     group.spawn(async { Err("feed lost") });
    ///     let _outcome = yield_!(());
    ///     group.join().await?;
    ///     Ok(())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // The child's failure cancels a scope that would wait forever.
    /// let result = supervised().with(async |()| std::future::pending::<()>().await).await;
    /// let errors = result.unwrap_err().into_parts().1.unwrap();
    /// assert_eq!(errors.first(), &"feed lost");
    /// # }
    /// ```
    pub fn new() -> Self {
        TaskGroup {
            shared: Arc::new(Shared::new(HostScope::current())),
            tasks: Mutex::new(JoinSet::new()),
        }
    }

    /// Sets the grace period: how long stop-aware children may go on
    /// running, from the moment the group is cancelled, before they are
    /// dropped. The default is one second. It applies to every stop-aware
    /// child, spawned before or after; plain children are dropped at once
    /// whatever it is.
    ///
    /// A zero grace period still lets a stop-aware child react once: it is
    /// polled after the request is visible to it, before the deadline is
    /// checked (enough for a `try_send` or a log line; what it then awaits
    /// is cut short).
    ///
    /// A child dropped at the deadline is not a failure; it is reported
    /// through `tracing` (target `asyncgen`, level `WARN`), since its
    /// cleanup was cut short.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use asyncgen::TaskGroup;
    ///
    /// let group = TaskGroup::<std::io::Error>::new().with_grace(Duration::from_millis(250));
    /// assert_eq!(group.grace(), Duration::from_millis(250));
    /// ```
    pub fn with_grace(self, grace: Duration) -> Self {
        self.shared.signal().set_grace(grace);
        self
    }

    /// The grace period set by [`with_grace`](Self::with_grace) (one second
    /// by default).
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use asyncgen::TaskGroup;
    ///
    /// assert_eq!(TaskGroup::<String>::new().grace(), Duration::from_secs(1));
    /// ```
    pub fn grace(&self) -> Duration {
        self.shared.signal().grace()
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
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// // Fan-in: three fetchers report to one channel.
    /// let group = TaskGroup::<std::io::Error>::new();
    /// let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    /// for page in 1..=3 {
    ///     let tx = tx.clone();
    ///     group.spawn(async move {
    ///         let _ = tx.send(page * 10); // ... fetch the page ...
    ///         Ok(())
    ///     });
    /// }
    /// drop(tx);
    /// group.join().await.unwrap();
    /// let mut total = 0;
    /// while let Some(n) = rx.recv().await {
    ///     total += n;
    /// }
    /// assert_eq!(total, 60);
    /// # }
    /// ```
    pub fn spawn<F>(&self, child: F)
    where
        F: Future<Output = Result<(), E>> + Send + 'static,
    {
        self.spawn_task(child::run(self.shared.clone(), child));
    }

    /// Spawns the child `f(stop)`, which is asked to stop through `stop`
    /// rather than dropped when the group is cancelled, on the current tokio
    /// runtime.
    ///
    /// When the group is cancelled (a sibling failed, [`cancel`](Self::cancel),
    /// [`shutdown`](Self::shutdown), the group was dropped), `stop` is
    /// requested and the child keeps running until it returns or the group's
    /// [grace period](Self::with_grace) ends; then it is dropped. It can
    /// await [`stop.requested()`](Stop::requested) (for instance in a
    /// `tokio::select!` beside its work) and finish what it must. `Ok(())`
    /// after the stop is not a failure; an `Err` is, and joins the
    /// [`ErrorGroup`] after the error that caused the cancellation.
    ///
    /// If the group is already cancelled, the child is dropped unpolled, as
    /// with [`spawn`](Self::spawn): it has started nothing to clean up.
    /// Until the group is cancelled, [`join`](Self::join) waits for the
    /// child like any other: one that only ends when asked to stop is ended
    /// by [`shutdown`](Self::shutdown), not by `join`.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    /// use tokio::sync::mpsc;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (tx, mut rx) = mpsc::channel(16);
    /// let group = TaskGroup::<mpsc::error::SendError<String>>::new();
    /// // A producer standing in for a websocket writer: on stop, it sends a
    /// // farewell (the Close frame) before it returns.
    /// group.spawn_with_stop(|stop| async move {
    ///     let mut n = 0;
    ///     loop {
    ///         tokio::select! {
    ///             _ = stop.requested() => {
    ///                 tx.send("goodbye".to_owned()).await?;
    ///                 return Ok(());
    ///             }
    ///             sent = tx.send(format!("tick {n}")) => sent?,
    ///         }
    ///         n += 1;
    ///     }
    /// });
    /// assert_eq!(rx.recv().await.unwrap(), "tick 0");
    /// // Leave: the producer is asked to stop, and `shutdown` waits (within
    /// // the grace period) for its farewell, which the reader drains.
    /// let reader = async move {
    ///     let mut last = String::new();
    ///     while let Some(message) = rx.recv().await {
    ///         last = message;
    ///     }
    ///     last
    /// };
    /// let (shut_down, last) = tokio::join!(group.shutdown(), reader);
    /// shut_down.unwrap();
    /// assert_eq!(last, "goodbye");
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// Panics if called outside a tokio runtime, or on one whose timers are
    /// disabled (the grace period needs them: `enable_time` on the runtime
    /// builder; `#[tokio::main]` enables them). The check is made here, not
    /// when the group is cancelled.
    #[track_caller]
    pub fn spawn_with_stop<F, Fut>(&self, f: F)
    where
        F: FnOnce(Stop) -> Fut,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
    {
        // Made now, so that a runtime without timers panics at the call; set
        // to the real deadline when the stop is requested.
        let deadline = tokio::time::sleep_until(tokio::time::Instant::now());
        let child = f(Stop::new(self.shared.signal().clone()));
        self.spawn_task(child::run_stoppable(self.shared.clone(), child, deadline));
    }

    #[track_caller]
    fn spawn_task(&self, task: impl Future<Output = ()> + Send + 'static) {
        let mut tasks = self.tasks();
        // Reap the tasks that finished, so a long-lived group that spawns
        // many short children does not keep one entry per child.
        while let Some(result) = tasks.try_join_next() {
            self.shared.absorb(result);
        }
        tasks.spawn(task);
    }

    /// Cancels every child: plain children's futures are dropped at their
    /// next suspension point, inside their tasks; stop-aware children are
    /// asked to stop and given the grace period. Children spawned afterwards
    /// are cancelled before they start.
    ///
    /// Returns at once; [`join`](Self::join) waits until the children have
    /// stopped. Cancelling is not a failure: it does not touch the host
    /// scope, and a cancelled child adds no error (a stop-aware child may
    /// still return one while it stops).
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new();
    /// group.spawn(std::future::pending()); // would never end by itself
    /// group.cancel();
    /// assert!(group.is_cancelled());
    /// assert!(group.join().await.is_ok()); // cancelled, not failed
    /// # }
    /// ```
    pub fn cancel(&self) {
        self.shared.cancel_children();
    }

    /// Whether the group was cancelled, by [`cancel`](Self::cancel) or by a
    /// child's failure.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::new();
    /// group.spawn(async { Err("connection lost") });
    /// assert!(!group.is_cancelled());
    /// tokio::task::yield_now().await; // the child runs, and fails
    /// assert!(group.is_cancelled());
    /// assert!(group.join().await.is_err());
    /// # }
    /// ```
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
    /// children returned, and the panics of children that panicked after
    /// it (each as it happens, with its message when it is a string), are
    /// reported through `tracing` (target `asyncgen`, level `ERROR`) and
    /// dropped.
    ///
    /// Once the group is cancelled, waits at most the grace period (plus
    /// scheduling) for stop-aware children.
    ///
    /// If this future is dropped before it finished, the group is dropped:
    /// the children still running are cancelled.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::new();
    /// // Stop-aware: fails while stopping, after its sibling failed.
    /// group.spawn_with_stop(|stop| async move {
    ///     stop.requested().await;
    ///     Err("flush failed")
    /// });
    /// group.spawn(async {
    ///     tokio::task::yield_now().await;
    ///     Err("feed lost")
    /// });
    /// let errors = group.join().await.unwrap_err();
    /// assert_eq!(errors.into_vec(), ["feed lost", "flush failed"]);
    /// # }
    /// ```
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
    /// and so do those stop-aware children return while stopping; a panic is
    /// re-raised, as with [`join`](Self::join). Stop-aware children are
    /// waited for at most the grace period (plus scheduling).
    ///
    /// Inside a generator's or acmgr's cleanup run by `drop` that cannot wait
    /// (the default `report` policy, or `block` where blocking is not safe),
    /// `shutdown` returns once the children are cancelled, with the failures
    /// seen so far, instead of waiting: tokio drops the plain children on the
    /// runtime's next tick, and stop-aware children go on stopping in their
    /// tasks as after a drop of the group (see [Drop](Self#drop)). So an acmgr whose
    /// `with` future is dropped mid-scope runs its exit to the end inside that
    /// drop. Under `on_drop = block` on a multi-thread runtime, and under
    /// `on_drop = spawn` inside a tokio runtime (the rest of the cleanup then
    /// runs in a task), it waits.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    /// use tokio::sync::oneshot;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new();
    /// let (tx, rx) = oneshot::channel::<()>();
    /// group.spawn(async move {
    ///     let _tx = tx; // held until the child is dropped
    ///     std::future::pending().await
    /// });
    /// group.shutdown().await.unwrap(); // cancels it, then waits
    /// assert!(rx.await.is_err()); // the child is gone, and its sender with it
    /// # }
    /// ```
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
        // Not aborted: each task ends by itself, a stop-aware child's within
        // the grace period (see the module docs).
        self.tasks
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .detach_all();
        self.shared.orphan();
    }
}

impl<E> fmt::Debug for TaskGroup<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskGroup")
            .field("cancelled", &self.shared.is_cancelled())
            .field("grace", &self.shared.signal().grace())
            .field("bound_to_host_scope", &self.shared.is_bound())
            .finish_non_exhaustive()
    }
}
