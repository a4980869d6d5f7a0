//! `enter().await` and [`Guard`]: the protocol without a closure.

use core::pin::Pin;
use std::sync::Arc;

use super::body::{AcmBody, no_yield};
use super::in_scope;
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::scope::HostScope;

/// An entered acmgr: call [`exit`](Guard::exit) with how the scope ended.
///
/// When a `Guard` is dropped without `exit`, the exit runs with
/// [`Outcome::Cancelled`] as a generator's cleanup runs on drop: in place,
/// as far as it goes without waiting.
///
/// The guard holds the acmgr's body in one allocation (it must stay pinned
/// while the resource is used elsewhere).
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// use asyncgen::{acmgr, AsyncContextManager};
///
/// #[acmgr(yield = u32)]
/// async fn lease(log: Arc<Mutex<Vec<String>>>) {
///     let outcome = yield_!(1);
///     log.lock().unwrap().push(format!("returned ({outcome:?})"));
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let (_id, guard) = lease(log.clone()).enter().await;
/// drop(guard); // the request handler went away without `exit`
/// assert_eq!(*log.lock().unwrap(), ["returned (Cancelled)"]);
/// # }
/// ```
#[must_use = "call `exit` to finish the protocol; dropping the guard runs the exit without waiting"]
pub struct Guard<G> {
    machine: Pin<Box<G>>,
    host: Arc<HostScope>,
}

impl<G> core::fmt::Debug for Guard<G> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Guard").finish_non_exhaustive()
    }
}

impl<M: AcmBody> Guard<M> {
    /// Runs the exit with `outcome` and returns what it returned: `()`, or
    /// `Result<(), E>`.
    ///
    /// A cancellation by a task group child is not an error here: the
    /// caller learns of it from [`is_cancelled`](Guard::is_cancelled) and
    /// passes the outcome; an infallible acmgr's `exit` returns `()` either
    /// way (where [`with`](crate::AsyncContextManager::with) would panic, as
    /// it has no scope value to return).
    ///
    /// ```
    /// use asyncgen::{acmgr, AsyncContextManager, Outcome};
    ///
    /// #[acmgr(yield = u32)]
    /// async fn transaction() -> Result<(), String> {
    ///     let outcome = yield_!(7);
    ///     if outcome.is_completed() { Err("commit failed".into()) } else { Ok(()) }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (_tx, guard) = transaction().enter().await.unwrap();
    /// assert_eq!(guard.exit(Outcome::Completed).await, Err("commit failed".to_string()));
    /// let (_tx, guard) = transaction().enter().await.unwrap();
    /// assert_eq!(guard.exit(Outcome::Failed).await, Ok(())); // rolled back
    /// # }
    /// ```
    pub async fn exit(mut self, outcome: Outcome) -> M::Exit {
        self.machine.as_mut().resume_with(outcome);
        in_scope::exit_value::<M>(in_scope::next(&self.host, self.machine.as_mut()).await)
    }

    /// Whether a task group created in the acmgr's body has cancelled the
    /// scope (a child failed): the caller should stop using the resource and
    /// exit with [`Outcome::Cancelled`].
    ///
    /// ```
    /// use asyncgen::{acmgr, AsyncContextManager, ErrorGroup, Outcome, TaskGroup};
    ///
    /// #[acmgr(yield = ())]
    /// async fn supervised() -> Result<(), ErrorGroup<&'static str>> {
    ///     let group = TaskGroup::new(); // bound to the consumer's scope
    ///     group.spawn(async { Err("feed lost") });
    ///     let _outcome = yield_!(());
    ///     group.join().await?;
    ///     Ok(())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let ((), guard) = supervised().enter().await.unwrap();
    /// while !guard.is_cancelled() {
    ///     tokio::task::yield_now().await; // ... use the resource ...
    /// }
    /// let errors = guard.exit(Outcome::Cancelled).await.unwrap_err();
    /// assert_eq!(errors.into_vec(), ["feed lost"]);
    /// # }
    /// ```
    pub fn is_cancelled(&self) -> bool {
        self.host.is_cancelled()
    }
}

/// What `enter` returns for `M`: see [`BodyOutput::Entered`].
pub(super) type Entered<M> =
    <<M as AcmBody>::Exit as BodyOutput<<M as AcmBody>::Resource>>::Entered<Guard<M>>;

pub(super) async fn enter<M: AcmBody>(machine: M) -> Entered<M> {
    let host = HostScope::new();
    let mut machine = Box::pin(machine);
    match in_scope::next(&host, machine.as_mut()).await {
        Some(item) => match <M::Exit as BodyOutput<M::Resource>>::split_item(item) {
            Ok(resource) => {
                <M::Exit as BodyOutput<M::Resource>>::entered(resource, Guard { machine, host })
            }
            Err(enter_error) => enter_error.enter_failed(),
        },
        None => no_yield(),
    }
}
