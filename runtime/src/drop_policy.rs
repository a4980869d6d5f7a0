//! What happens to cleanup that is still waiting when a generator is dropped.
//!
//! `drop` cannot await. When a generator is dropped mid-body, its body is
//! resumed with the leave signal and polled in place: every `finally!` block
//! that can finish without waiting runs before `drop` returns. If the cleanup
//! then waits on something that is not ready (an `.await` that stays
//! pending), the generator's policy decides:
//!
//! - [`ReportAbandoned`] (the default): the rest of the cleanup is abandoned (the body
//!   is dropped, so its values' destructors still run) and a `WARN` event is
//!   emitted through `tracing` (target `asyncgen`) naming the generator.
//! - [`BlockInPlace`] (`on_drop = block`): the dropping thread waits for the cleanup
//!   where that is known to be safe: on a tokio multi-thread runtime that is
//!   not shutting down (through `block_in_place`, so the runtime keeps
//!   running). Elsewhere (a tokio current-thread runtime, another executor,
//!   no runtime, a runtime shutting down), or while the thread is already
//!   panicking, blocking could deadlock or abort; there it falls back to
//!   [`ReportAbandoned`]. A runtime that starts shutting down while the thread waits
//!   ends the wait the same way: the rest is abandoned and reported.
//! - [`SpawnRest`] (`on_drop = spawn`): the generator lives in its own
//!   allocation ([`Detach`](crate::machine::Detach)); after the in-place part, the
//!   rest of the cleanup runs to completion in a task spawned on the
//!   current tokio runtime (either flavour), counted by
//!   [`detached::pending`](crate::detached::pending) until it is done.
//!   Outside a tokio runtime it falls back to [`ReportAbandoned`]; so does a cleanup
//!   task that is dropped before it finishes (spawned onto a runtime that is
//!   shutting down, which drops it at once, or dropped by the shutdown).
//!
//! No policy panics, and none blocks where the thread could be the one that
//! would finish the cleanup.
//! Cleanup that must complete belongs in `close().await`.

use core::future::Future;
use core::pin::Pin;

/// A policy for cleanup still pending when a generator is dropped. Sealed:
/// [`ReportAbandoned`], [`BlockInPlace`] or [`SpawnRest`].
pub trait DropPolicy: sealed::Sealed {
    /// Whether the body has cleanup to run when it is left; without, a close
    /// or drop simply drops the body.
    #[doc(hidden)]
    const CLEANS_UP: bool = true;

    /// Whether the body has sections (another macro's calls whose awaits the
    /// lowering could not wrap): then the generator records where each poll
    /// left the body.
    #[doc(hidden)]
    const SECTIONS: bool = false;

    /// Whether, here and now, this policy will wait for pending cleanup: then
    /// code that stops waiting inside a drop (a task group's `shutdown`)
    /// waits instead.
    #[doc(hidden)]
    fn will_wait() -> bool {
        false
    }

    /// Called from `drop` after the body was polled in place and is still
    /// pending. Returns whether the policy drove it to the end. Not generic
    /// over the body, so that it is compiled once, here.
    #[doc(hidden)]
    fn finish(body: Pin<&mut (dyn Future<Output = ()> + '_)>, generator: &'static str) -> bool;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::ReportAbandoned {}
    impl Sealed for super::BlockInPlace {}
    impl Sealed for super::SpawnRest {}
    impl Sealed for super::NoCleanup {}
    impl<P: super::DropPolicy> Sealed for super::Sections<P> {}
}

/// The policy `P` for a body with sections: the generator records, after
/// each poll, whether the body is parked at an await the lowering could not
/// see, so that a close arriving there drops the body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Sections<P>(P);

impl<P: DropPolicy> DropPolicy for Sections<P> {
    const CLEANS_UP: bool = P::CLEANS_UP;
    const SECTIONS: bool = true;

    fn will_wait() -> bool {
        P::will_wait()
    }

    fn finish(body: Pin<&mut (dyn Future<Output = ()> + '_)>, generator: &'static str) -> bool {
        P::finish(body, generator)
    }
}

/// For a body with no `finally!` (nor `own!`, `yield_from!`): leaving it is
/// dropping it, so close and drop run nothing but destructors, and its yields
/// and awaits need not watch for the leave signal.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoCleanup;

impl DropPolicy for NoCleanup {
    const CLEANS_UP: bool = false;

    fn finish(_body: Pin<&mut (dyn Future<Output = ()> + '_)>, _generator: &'static str) -> bool {
        false
    }
}

/// Abandon cleanup that would wait, and report it through `tracing`.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportAbandoned;

/// Wait for the cleanup where blocking is safe; otherwise behave as
/// [`ReportAbandoned`].
#[derive(Debug, Clone, Copy, Default)]
pub struct BlockInPlace;

impl DropPolicy for ReportAbandoned {
    fn finish(_body: Pin<&mut (dyn Future<Output = ()> + '_)>, generator: &'static str) -> bool {
        report_abandoned(generator, "the generator's drop policy is `report`");
        false
    }
}

/// Hand the rest of the cleanup to a task on the current tokio runtime;
/// outside one, behave as [`ReportAbandoned`]. Used with `Detach`,
/// which owns the generator and spawns the task; this policy's own last
/// word is for a cleanup task dropped before it finished.
#[derive(Debug, Clone, Copy, Default)]
pub struct SpawnRest;

impl DropPolicy for SpawnRest {
    fn will_wait() -> bool {
        // Inside a runtime the rest will be waited for, in a task.
        #[cfg(feature = "on-drop-spawn")]
        if tokio::runtime::Handle::try_current().is_ok() {
            return true;
        }
        false
    }

    fn finish(_body: Pin<&mut (dyn Future<Output = ()> + '_)>, generator: &'static str) -> bool {
        report_abandoned(
            generator,
            "the task running the detached cleanup was dropped before the cleanup finished: \
             the runtime is shutting down, or the task was aborted",
        );
        false
    }
}

impl DropPolicy for BlockInPlace {
    fn will_wait() -> bool {
        if std::thread::panicking() {
            return false;
        }
        #[cfg(feature = "on-drop-block")]
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            return handle.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread;
        }
        false
    }

    fn finish(body: Pin<&mut (dyn Future<Output = ()> + '_)>, generator: &'static str) -> bool {
        if std::thread::panicking() {
            report_abandoned(
                generator,
                "the thread is panicking, so `on_drop = block` does not block",
            );
            return false;
        }
        #[cfg(feature = "on-drop-block")]
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            return match handle.runtime_flavor() {
                tokio::runtime::RuntimeFlavor::MultiThread => {
                    block_unless_shutdown(&handle, body, generator)
                }
                _ => {
                    report_abandoned(
                        generator,
                        "blocking a tokio current-thread runtime would deadlock it",
                    );
                    false
                }
            };
        }
        // Outside a tokio multi-thread runtime nothing says blocking is safe:
        // the executor that would complete the cleanup may be this thread.
        #[cfg(not(feature = "on-drop-block"))]
        let _abandoned = body;
        report_abandoned(
            generator,
            "outside a tokio multi-thread runtime, blocking could deadlock the executor that \
             would finish the cleanup",
        );
        false
    }
}

/// Blocks on `body` unless the runtime is shutting down, before or during
/// the wait: a shutting-down runtime no longer drives the timers and I/O the
/// cleanup waits on, and waits for this very thread, so the wait would
/// never end.
///
/// Tokio tells no one that it is shutting down, but it drops every task it
/// holds when it does, and drops at once a task spawned onto it from then
/// on. So a sentinel task, parked forever, holds one end of a channel: its
/// drop ends the wait.
#[cfg(feature = "on-drop-block")]
fn block_unless_shutdown(
    handle: &tokio::runtime::Handle,
    body: Pin<&mut (dyn Future<Output = ()> + '_)>,
    generator: &'static str,
) -> bool {
    let (alive, mut shutdown) = tokio::sync::oneshot::channel::<core::convert::Infallible>();
    let sentinel = handle.spawn(async move {
        let _alive = alive;
        core::future::pending::<()>().await;
    });
    if shutdown.try_recv() == Err(tokio::sync::oneshot::error::TryRecvError::Closed) {
        report_abandoned(
            generator,
            "the tokio runtime is shutting down and no longer drives the cleanup, so \
             `on_drop = block` does not block",
        );
        return false;
    }
    let mut body = body;
    // Outside the worker's context, `block_on` drives the timers and I/O the
    // cleanup waits on, and `tokio::task::yield_now` wakes at once instead of
    // deferring to a scheduler tick this thread never reaches.
    let finished = tokio::task::block_in_place(|| {
        handle.block_on(core::future::poll_fn(|cx| {
            // The shutdown first: once it began, the body must not be
            // polled again (a tokio timer panics when its driver is gone).
            if Pin::new(&mut shutdown).poll(cx).is_ready() {
                return core::task::Poll::Ready(false);
            }
            body.as_mut().poll(cx).map(|()| true)
        }))
    });
    sentinel.abort();
    if !finished {
        report_abandoned(
            generator,
            "the tokio runtime started shutting down while `on_drop = block` waited for the \
             cleanup",
        );
    }
    finished
}

pub(crate) fn report_abandoned(generator: &str, why: &str) {
    tracing::warn!(
        target: "asyncgen",
        generator,
        "a generator was dropped while its cleanup was waiting; the rest of \
         the cleanup was abandoned ({why}); call `close().await` to await \
         cleanup"
    );
}
