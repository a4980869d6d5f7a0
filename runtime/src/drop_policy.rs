//! What happens to cleanup that is still waiting when a generator is dropped.
//!
//! `drop` cannot await. When a generator is dropped mid-body, its body is
//! resumed with the leave signal and polled in place: every `finally!` block
//! that can finish without waiting runs before `drop` returns. If the cleanup
//! then waits on something that is not ready (an `.await` that stays
//! pending), the generator's policy decides:
//!
//! - [`Report`] (the default): the rest of the cleanup is abandoned (the body
//!   is dropped, so its values' destructors still run) and a `WARN` event is
//!   emitted through `tracing` (target `asyncgen`) naming the generator.
//! - [`Block`] (`on_drop = block`): the dropping thread waits for the cleanup
//!   where that is known to be safe: on a tokio multi-thread runtime
//!   (through `block_in_place`, so the runtime keeps running). Elsewhere (a
//!   tokio current-thread runtime, another executor, no runtime), or while
//!   the thread is already panicking, blocking could deadlock or abort;
//!   there it falls back to [`Report`].
//!
//! Neither policy panics, and neither blocks where the thread could be the
//! one that would finish the cleanup.
//! Cleanup that must complete belongs in `close().await`.

use core::future::Future;
use core::pin::Pin;

/// A policy for cleanup still pending when a generator is dropped. Sealed:
/// [`Report`] or [`Block`].
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
    impl Sealed for super::Report {}
    impl Sealed for super::Block {}
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
pub struct Report;

/// Wait for the cleanup where blocking is safe; otherwise behave as
/// [`Report`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Block;

impl DropPolicy for Report {
    fn finish(_body: Pin<&mut (dyn Future<Output = ()> + '_)>, generator: &'static str) -> bool {
        report_abandoned(generator, "the generator's drop policy is `report`");
        false
    }
}

impl DropPolicy for Block {
    fn will_wait() -> bool {
        if std::thread::panicking() {
            return false;
        }
        #[cfg(feature = "tokio")]
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
        #[cfg(feature = "tokio")]
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            return match handle.runtime_flavor() {
                tokio::runtime::RuntimeFlavor::MultiThread => {
                    // Outside the worker's context, `block_on` drives the
                    // timers and I/O the cleanup waits on, and
                    // `tokio::task::yield_now` wakes at once instead of
                    // deferring to a scheduler tick this thread never reaches.
                    tokio::task::block_in_place(|| handle.block_on(body));
                    true
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
        #[cfg(not(feature = "tokio"))]
        let _abandoned = body;
        report_abandoned(
            generator,
            "outside a tokio multi-thread runtime, blocking could deadlock the executor that \
             would finish the cleanup",
        );
        false
    }
}

fn report_abandoned(generator: &str, why: &str) {
    tracing::warn!(
        target: "asyncgen",
        generator,
        "a generator was dropped while its cleanup was waiting; the rest of \
         the cleanup was abandoned ({why}); call `close().await` to await \
         cleanup"
    );
}
