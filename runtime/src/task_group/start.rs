//! `start`: spawning a child that reports when it is ready (anyio's
//! `tg.start`), and the handle it reports through.

use std::fmt;
use std::future::Future;

use tokio::sync::oneshot;

use super::TaskGroup;
use super::errors::NotStarted;

/// The handle a child started with [`TaskGroup::start`] uses to report that
/// it is ready, with a value for the parent.
///
/// When a `Started` is dropped without [`started`](Self::started) being
/// called, the parent's `start` returns `Err(NotStarted)`.
///
/// ```
/// use std::convert::Infallible;
///
/// use asyncgen::{Started, TaskGroup};
/// use tokio::sync::{mpsc, oneshot};
///
/// // A worker child: sets up its queue, reports the sender, then serves.
/// async fn worker(
///     started: Started<mpsc::Sender<u32>>,
///     total: oneshot::Sender<u32>,
/// ) -> Result<(), Infallible> {
///     let (jobs, mut queue) = mpsc::channel(8);
///     started.started(jobs);
///     let mut sum = 0;
///     while let Some(job) = queue.recv().await {
///         sum += job;
///     }
///     let _ = total.send(sum);
///     Ok(())
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let group = TaskGroup::new();
/// let (total, sum) = oneshot::channel();
/// let jobs = group.start(|started| worker(started, total)).await.unwrap();
/// jobs.send(2).await.unwrap();
/// jobs.send(3).await.unwrap();
/// drop(jobs);
/// group.join().await.unwrap();
/// assert_eq!(sum.await, Ok(5));
/// # }
/// ```
pub struct Started<T> {
    ready: oneshot::Sender<T>,
}

impl<T> Started<T> {
    /// Reports that the child is ready: the parent's `start` resolves with
    /// `value`, and the child goes on running in the group. If the parent
    /// stopped waiting (its `start` future was dropped), `value` is dropped.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    /// use tokio::sync::oneshot;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new();
    /// let (value, value_dropped) = oneshot::channel::<()>();
    /// // The parent stops waiting at once (drops the `start` future).
    /// drop(group.start(|started| async move {
    ///     started.started(value);
    ///     Ok(())
    /// }));
    /// group.join().await.unwrap(); // the child ran, reported, and ended
    /// assert!(value_dropped.await.is_err()); // what it reported was dropped
    /// # }
    /// ```
    pub fn started(self, value: T) {
        // An error only means nobody waits any more; the child runs on.
        let _ = self.ready.send(value);
    }
}

impl<T> fmt::Debug for Started<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Started")
            .field("waiting", &!self.ready.is_closed())
            .finish()
    }
}

impl<E: Send + 'static> TaskGroup<E> {
    /// Spawns the child `f(started)` at once, and returns a future that
    /// resolves when the child reports that it is ready, with the value it
    /// reports (anyio's `tg.start`).
    ///
    /// The child calls [`started.started(value)`](Started::started) once it
    /// is ready (a listener bound, a connection open) and goes on running in
    /// the group like any child. The future resolves to `Err(NotStarted)` if
    /// the child ends, fails, panics or is cancelled before reporting; its
    /// error, if any, comes out of [`join`](Self::join) as usual.
    ///
    /// The child is spawned by this call, not when the future is first
    /// polled; the future does not borrow the group.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new();
    /// let port = group
    ///     .start(|started| async move {
    ///         started.started(8080); // e.g. after binding a listener
    ///         Ok(()) // ... serve
    ///     })
    ///     .await
    ///     .unwrap();
    /// assert_eq!(port, 8080);
    /// group.join().await.unwrap();
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// Panics if called outside a tokio runtime.
    pub fn start<T, F, Fut>(
        &self,
        f: F,
    ) -> impl Future<Output = Result<T, NotStarted>> + Send + 'static + use<E, T, F, Fut>
    where
        T: Send + 'static,
        F: FnOnce(Started<T>) -> Fut,
        Fut: Future<Output = Result<(), E>> + Send + 'static,
    {
        let (ready, report) = oneshot::channel();
        self.spawn(f(Started { ready }));
        async move { report.await.map_err(|_| NotStarted) }
    }
}
