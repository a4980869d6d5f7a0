//! The state a group shares with its children's tasks: the stop signal, the
//! host scope it is bound to, and what the children left behind.

use std::any::Any;
use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::task::JoinError;

use super::errors::ErrorGroup;
use super::stop::Signal;
use crate::scope::HostScope;

/// A panic payload, as `catch_unwind` returns it.
pub(super) type Payload = Box<dyn Any + Send + 'static>;

/// How a child failed.
pub(super) enum Failure<E> {
    Error(E),
    Panic(Payload),
}

/// # Invariants
///
/// The host scope is marked cancelled (`host_cancelled` set) and released
/// only with `failures` locked, and never once `failures.orphaned` is set: a failure
/// that comes after the group was dropped cannot cancel a scope nobody will
/// release.
pub(super) struct Shared<E> {
    /// Shared with the children's [`Stop`](super::Stop) handles, which name
    /// no error type.
    signal: Arc<Signal>,
    host: Option<Arc<HostScope>>,
    /// Whether this group's failure is holding the host scope cancelled.
    host_cancelled: AtomicBool,
    failures: Mutex<Failures<E>>,
}

struct Failures<E> {
    errors: Vec<E>,
    /// The first panic; later ones are dropped (one payload can be re-raised).
    panic: Option<Payload>,
    /// The group was dropped: nobody will take failures any more, so a
    /// child stopping after that reports its failure itself.
    orphaned: bool,
}

impl<E> Shared<E> {
    pub(super) fn new(host: Option<Arc<HostScope>>) -> Self {
        Shared {
            signal: Arc::new(Signal::new()),
            host,
            host_cancelled: AtomicBool::new(false),
            failures: Mutex::new(Failures {
                errors: Vec::new(),
                panic: None,
                orphaned: false,
            }),
        }
    }

    pub(super) fn signal(&self) -> &Arc<Signal> {
        &self.signal
    }

    pub(super) fn is_cancelled(&self) -> bool {
        self.signal.is_requested()
    }

    pub(super) fn is_bound(&self) -> bool {
        self.host.is_some()
    }

    /// Tells every child to stop. Not a failure: the host scope is left
    /// alone.
    pub(super) fn cancel_children(&self) {
        self.signal.request();
    }

    /// Records a child's failure, then cancels its siblings and the host
    /// scope. Called from the failing child's own task, so this happens
    /// whether or not anyone polls the group. Once the group was dropped
    /// (a stop-aware child failing while it stops), the failure is reported
    /// instead.
    pub(super) fn fail(&self, failure: Failure<E>) {
        let mut later_panic = None;
        let host_to_wake = {
            let mut failures = self.failures();
            if failures.orphaned {
                drop(failures);
                report_orphaned(&failure);
                return;
            }
            match failure {
                Failure::Error(error) => failures.errors.push(error),
                // The first panic is the one `join` re-raises.
                Failure::Panic(payload) if failures.panic.is_none() => {
                    failures.panic = Some(payload);
                }
                Failure::Panic(payload) => later_panic = Some(payload),
            }
            self.cancel_host(&failures)
        };
        if let Some(payload) = later_panic {
            report_later_panic(payload.as_ref());
        }
        self.cancel_children();
        // Woken outside the lock: a waker may run code that reaches the group.
        if let Some(host) = host_to_wake {
            host.wake();
        }
    }

    /// Marks the host scope cancelled, once; returns it if it must be woken.
    /// Takes the lock's guard, which the invariant asks for.
    fn cancel_host(&self, _failures: &MutexGuard<'_, Failures<E>>) -> Option<&HostScope> {
        let host = self.host.as_deref()?;
        if self.host_cancelled.swap(true, Ordering::AcqRel) {
            return None;
        }
        host.mark_cancelled();
        Some(host)
    }

    /// The group's failures were handed over (`join`/`shutdown` returned
    /// them) or reported (the group was dropped): they no longer cancel the
    /// host scope. A failure handled during enter thus does not cancel the
    /// scope that follows.
    fn release_host(&self, _failures: &MutexGuard<'_, Failures<E>>) {
        if let Some(host) = &self.host {
            if self.host_cancelled.swap(false, Ordering::AcqRel) {
                host.withdraw();
            }
        }
    }

    fn failures(&self) -> MutexGuard<'_, Failures<E>> {
        self.failures.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Takes in what tokio reports for a finished task. The child wrapper
    /// catches the child's own panics, so a panic here escaped from dropping
    /// a child's future (when it was cancelled).
    pub(super) fn absorb(&self, result: Result<(), JoinError>) {
        if let Err(error) = result {
            if let Ok(payload) = error.try_into_panic() {
                self.fail(Failure::Panic(payload));
            }
        }
    }

    /// The group is dropped: reports the failures no `join` will return,
    /// releases the host scope, and has later failures reported as they come.
    pub(super) fn orphan(&self) {
        let mut failures = self.failures();
        failures.orphaned = true;
        self.release_host(&failures);
        if !failures.errors.is_empty() || failures.panic.is_some() {
            tracing::error!(
                target: "asyncgen",
                errors = failures.errors.len(),
                panicked = failures.panic.is_some(),
                error_type = std::any::type_name::<E>(),
                "a task group was dropped before `join` returned its children's failures; \
                 they are reported here and dropped"
            );
        }
    }

    /// What `join` returns once every child finished: re-raises the first
    /// panic, else the errors.
    pub(super) fn outcome(&self) -> Result<(), ErrorGroup<E>> {
        let (errors, panic) = {
            let mut failures = self.failures();
            self.release_host(&failures);
            (std::mem::take(&mut failures.errors), failures.panic.take())
        };
        if let Some(payload) = panic {
            if !errors.is_empty() {
                tracing::error!(
                    target: "asyncgen",
                    errors = errors.len(),
                    error_type = std::any::type_name::<E>(),
                    "a child of a task group panicked; the panic is re-raised in `join`, \
                     and the errors other children returned are dropped"
                );
            }
            drop(errors);
            panic::resume_unwind(payload);
        }
        ErrorGroup::new(errors).map_or(Ok(()), Err)
    }
}

/// Reports a child's panic after another child's: `join` re-raises the
/// first one only.
fn report_later_panic(payload: &(dyn std::any::Any + Send)) {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("(a payload that is not a string)");
    tracing::error!(
        target: "asyncgen",
        panic = message,
        "a child of a task group panicked after another child had; `join` re-raises the \
         first panic, this one is reported here and dropped"
    );
}

/// Reports a failure that came after its group was dropped.
fn report_orphaned<E>(failure: &Failure<E>) {
    tracing::error!(
        target: "asyncgen",
        panicked = matches!(failure, Failure::Panic(_)),
        error_type = std::any::type_name::<E>(),
        "a child of a dropped task group failed while stopping; \
         nobody can join it, so the failure is reported here and dropped"
    );
}
