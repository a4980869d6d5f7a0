//! The state a group shares with its children's tasks: the cancellation
//! signal, the host scope it is bound to, and what the children left behind.

use std::any::Any;
use std::panic;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

use tokio::sync::Notify;
use tokio::task::JoinError;

use super::errors::ErrorGroup;
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
/// `cancelled` only goes from `false` to `true`, and is stored before
/// `notify.notify_waiters()` is called: a child that enabled its `Notified`
/// before reading `false` is woken.
pub(super) struct Shared<E> {
    cancelled: AtomicBool,
    notify: Notify,
    host: Option<Arc<HostScope>>,
    /// Whether this group's failure is holding the host scope cancelled.
    host_cancelled: AtomicBool,
    failures: Mutex<Failures<E>>,
}

struct Failures<E> {
    errors: Vec<E>,
    /// The first panic; later ones are dropped (one payload can be re-raised).
    panic: Option<Payload>,
}

impl<E> Shared<E> {
    pub(super) fn new(host: Option<Arc<HostScope>>) -> Self {
        Shared {
            cancelled: AtomicBool::new(false),
            notify: Notify::new(),
            host,
            host_cancelled: AtomicBool::new(false),
            failures: Mutex::new(Failures {
                errors: Vec::new(),
                panic: None,
            }),
        }
    }

    pub(super) fn notify(&self) -> &Notify {
        &self.notify
    }

    pub(super) fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Acquire)
    }

    pub(super) fn is_bound(&self) -> bool {
        self.host.is_some()
    }

    /// Tells every child to stop. Not a failure: the host scope is left
    /// alone.
    pub(super) fn cancel_children(&self) {
        self.cancelled.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }

    /// Records a child's failure, then cancels its siblings and the host
    /// scope. Called from the failing child's own task, so this happens
    /// whether or not anyone polls the group.
    pub(super) fn fail(&self, failure: Failure<E>) {
        {
            let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
            match failure {
                Failure::Error(error) => failures.errors.push(error),
                Failure::Panic(payload) => {
                    failures.panic.get_or_insert(payload);
                }
            }
        }
        self.cancel_children();
        if let Some(host) = &self.host {
            if !self.host_cancelled.swap(true, Ordering::AcqRel) {
                host.cancel();
            }
        }
    }

    /// The group's failures were handed over (`join`/`shutdown` returned
    /// them) or reported (the group was dropped): they no longer cancel the
    /// host scope. A failure handled during enter thus does not cancel the
    /// scope that follows.
    pub(super) fn release_host(&self) {
        if let Some(host) = &self.host {
            if self.host_cancelled.swap(false, Ordering::AcqRel) {
                host.withdraw();
            }
        }
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

    /// Reports the failures no `join` will return: the group is dropped
    /// without having been joined to the end.
    pub(super) fn report_unjoined(&self) {
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
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
        self.release_host();
        let (errors, panic) = {
            let mut failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
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
