//! `with`: enter, the scope, exit.

use core::future::Future;
use core::pin::{Pin, pin};
use core::task::{Context, Poll};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;

use pin_project_lite::pin_project;

use super::body::AcmBody;
use super::body::no_yield;
use super::in_scope;
use super::scope_result::ScopeResult;
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::scope::HostScope;

/// How the scope ended.
enum Ended<R> {
    Value(R),
    Cancelled,
    Panicked(Box<dyn Any + Send>),
}

pub(super) async fn with<M, S, R>(machine: M, scope: S) -> R::Output
where
    M: AcmBody,
    S: AsyncFnOnce(M::Resource) -> R,
    R: ScopeResult<M::Exit>,
{
    let host = HostScope::new();
    let mut machine = pin!(machine);
    let resource = match in_scope::next(&host, machine.as_mut()).await {
        Some(item) => match <M::Exit as BodyOutput<M::Resource>>::split_item(item) {
            Ok(resource) => resource,
            Err(enter_error) => return R::enter_failed(enter_error),
        },
        None => no_yield(),
    };
    let ended = Race {
        host: &host,
        scope: scope(resource),
    }
    .await;
    let outcome = match &ended {
        Ended::Value(value) if value.failed() => Outcome::Failed,
        Ended::Value(_) => Outcome::Completed,
        Ended::Cancelled => Outcome::Cancelled,
        Ended::Panicked(_) => Outcome::Failed,
    };
    machine.as_mut().resume_with(outcome);
    let exit = in_scope::exit_value::<M>(in_scope::next(&host, machine.as_mut()).await);
    match ended {
        Ended::Value(value) => R::finish(Some(value), exit),
        Ended::Cancelled => R::finish(None, exit),
        Ended::Panicked(payload) => {
            if exit.is_error() {
                tracing::error!(
                    target: "asyncgen",
                    error_type = core::any::type_name::<M::Exit>(),
                    "an acmgr's exit failed while its scope's panic was propagating; the panic \
                     continues, the exit's error is reported here"
                );
            }
            resume_unwind(payload)
        }
    }
}

pin_project! {
    /// The scope, raced against the host scope's cancellation; a panic in it
    /// is caught so the exit can run before it resumes.
    struct Race<'a, Fut> {
        host: &'a Arc<HostScope>,
        #[pin]
        scope: Fut,
    }
}

impl<Fut: Future> Future for Race<'_, Fut> {
    type Output = Ended<Fut::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        if this.host.is_cancelled() {
            return Poll::Ready(Ended::Cancelled);
        }
        let scope = this.scope;
        match catch_unwind(AssertUnwindSafe(|| scope.poll(cx))) {
            Ok(Poll::Ready(value)) => Poll::Ready(Ended::Value(value)),
            Ok(Poll::Pending) => {
                // Registered after the poll, then checked again: a
                // cancellation that came in between is not missed.
                this.host.register(cx.waker());
                if this.host.is_cancelled() {
                    Poll::Ready(Ended::Cancelled)
                } else {
                    Poll::Pending
                }
            }
            Err(payload) => Poll::Ready(Ended::Panicked(payload)),
        }
    }
}
