//! Host scopes: the consumer's scope of an `#[acmgr]`, which a task group
//! created inside that acmgr's body can cancel.
//!
//! # Design
//!
//! Trio and anyio bind cancel scopes to the task that runs them; Rust has no
//! ambient task, but `with` polls the acmgr's body itself, so it sets the
//! current host scope in a thread-local around each poll of the body (and
//! only then). A `TaskGroup::new()` called from the body finds it there and
//! keeps a handle: when a child fails, it cancels the host scope, and `with`
//! drops the consumer's scope future at its next poll (it is woken at once)
//! and runs the exit with "cancelled". Outside an acmgr body there is no
//! current scope, and a group only cancels its own children.

use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::Waker;

/// A consumer's scope that a failing child can cancel.
#[derive(Debug, Default)]
pub(crate) struct HostScope {
    /// How many task groups bound to this scope have a failure they have not
    /// handed over yet: the scope is cancelled while any has.
    failed_groups: AtomicUsize,
    waker: Mutex<Option<Waker>>,
}

thread_local! {
    static CURRENT: RefCell<Option<Arc<HostScope>>> = const { RefCell::new(None) };
}

impl HostScope {
    /// A scope not yet cancelled.
    pub(crate) fn new() -> Arc<Self> {
        Arc::new(HostScope::default())
    }

    /// The scope whose acmgr body is being polled on this thread, if any.
    #[cfg(feature = "task-group")]
    pub(crate) fn current() -> Option<Arc<HostScope>> {
        CURRENT.with(|current| current.borrow().clone())
    }

    /// Runs `f` with this scope as the current one (restored afterwards,
    /// panics included).
    pub(crate) fn enter<R>(self: &Arc<Self>, f: impl FnOnce() -> R) -> R {
        struct Restore(Option<Arc<HostScope>>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                CURRENT.with(|current| *current.borrow_mut() = previous);
            }
        }
        let previous = CURRENT.with(|current| current.borrow_mut().replace(self.clone()));
        let _restore = Restore(previous);
        f()
    }

    /// Cancels the scope (a bound group's child failed), without the wake:
    /// the caller holds a lock no waker should run under, and calls
    /// [`wake`](HostScope::wake) once it has let go.
    #[cfg(feature = "task-group")]
    pub(crate) fn mark_cancelled(&self) {
        self.failed_groups.fetch_add(1, Ordering::AcqRel);
    }

    /// Wakes whoever waits on the scope (it then checks
    /// [`is_cancelled`](HostScope::is_cancelled), so a spare wake is
    /// harmless).
    #[cfg(feature = "task-group")]
    pub(crate) fn wake(&self) {
        let waker = self.waker.lock().unwrap_or_else(|e| e.into_inner()).take();
        if let Some(waker) = waker {
            waker.wake();
        }
    }

    /// Withdraws one [`mark_cancelled`](HostScope::mark_cancelled): the group handed its
    /// failure over (to the acmgr body that joined it) or was dropped.
    #[cfg(feature = "task-group")]
    pub(crate) fn withdraw(&self) {
        self.failed_groups.fetch_sub(1, Ordering::AcqRel);
    }

    /// Whether the scope is cancelled: a bound group has a failure it has
    /// not handed over.
    #[inline]
    pub(crate) fn is_cancelled(&self) -> bool {
        self.failed_groups.load(Ordering::Acquire) > 0
    }

    /// Wakes `waker` when the scope is cancelled.
    pub(crate) fn register(&self, waker: &Waker) {
        let mut slot = self.waker.lock().unwrap_or_else(|e| e.into_inner());
        match &*slot {
            Some(current) if current.will_wake(waker) => {}
            _ => *slot = Some(waker.clone()),
        }
    }
}
