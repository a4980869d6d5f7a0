//! [`Gen`]: the state machine behind every `#[async_generator]`.
//!
//! # Design
//!
//! The body is the compiler's own async state machine (an `async move`
//! block), built at once from the closure `Gen::new` is given. It holds no
//! pointer to the generator: each poll puts a frame on its own stack and
//! polls the body with a `Context` that leads to it (see [`co`](crate::co)),
//! so the generator can move freely until it is pinned.
//!
//! Close and drop set the shared "leave" flag and poll the body: the lowered
//! body sees the flag at its suspension point, returns from there through its
//! `finally!` blocks, and completes.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

use crate::co::{BodyFlags, Co};
use crate::drop_policy::DropPolicy;
use crate::generator::AsyncGenerator;
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::report::ReportDropped;
use crate::unwind;

mod body;
mod detach;
mod drive;
mod unwinding;

use body::Body;
pub(crate) use detach::Detach;
pub use detach::needs_a_body_that_is_send_and_static;
use unwinding::unwinding;

pin_project! {
    /// A generator: drives the body a closure built.
    ///
    /// `Y` is the yielded type, `P` the [`DropPolicy`] for cleanup that is
    /// still waiting when the generator is dropped.
    ///
    /// When a `Gen` is dropped mid-body, the body is resumed with the leave
    /// signal and polled in place: every `finally!` block that can finish
    /// without waiting has run before `drop` returns; `P` decides the rest.
    /// A generator dropped before its first poll drops its body unstarted.
    ///
    /// Hidden where it is defined, not only where it is re-exported, so that
    /// rustdoc leaves its impls out of the public traits' pages.
    #[doc(hidden)]
    pub struct Gen<Y, F, P, R>
    where
        F: Future,
        F::Output: BodyOutput<Y>,
        P: DropPolicy,
        R: ReportDropped<F::Output>,
    {
        #[pin]
        body: Body<F>,
        flags: BodyFlags,
        // Zero-sized in practice: a non-capturing closure made where the
        // error type is known, so its `Debug` can be used.
        report: R,
        marker: PhantomData<(fn() -> P, fn(Y) -> Y)>,
    }

    impl<Y, F, P, R> PinnedDrop for Gen<Y, F, P, R>
    where
        F: Future,
        F::Output: BodyOutput<Y>,
        P: DropPolicy,
        R: ReportDropped<F::Output>,
    {
        fn drop(mut this: Pin<&mut Self>) {
            // The constant first: a body without cleanup instantiates none
            // of this.
            if P::CLEANS_UP && drive::start_unwinding(this.as_mut().project().flags) {
                let will_wait = P::will_wait();
                let mut unwinding = unwinding(this.as_mut());
                unwind::cleanup_in_drop(
                    unwinding.erase(),
                    will_wait,
                    Some(P::finish),
                    core::any::type_name::<F>(),
                );
            }
            let this = this.project();
            this.body.erase().finish(this.flags);
        }
    }
}

impl<Y, F, P, R> Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    /// A generator whose body `start` builds, at once, from the token it is
    /// handed; `report` reports an error its cleanup returns while it is
    /// dropped.
    ///
    /// Safe: the body can yield only after binding its token
    /// ([`Slot::bind`](crate::Slot::bind), an `unsafe fn`); a body that never binds yields
    /// nothing (a yield panics).
    #[inline]
    pub fn new<C>(start: C, report: R) -> Self
    where
        C: FnOnce(Co<Y>) -> F,
    {
        Gen {
            body: Body::new(start(Co::new())),
            flags: BodyFlags::default(),
            report,
            marker: PhantomData,
        }
    }

    /// Leaves the body and returns its raw output once it has unwound:
    /// `None` when there was nothing to run (never started, or finished),
    /// or when it ended with success. What `poll_close` does, before
    /// mapping the output.
    ///
    /// Through `poll_next`, as the drop path: the body's poll keeps one
    /// caller (see `unwinding`).
    pub fn poll_leave(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        {
            let this = self.as_mut().project();
            if !(P::CLEANS_UP && drive::runs_cleanup(this.flags)) {
                // Nothing to clean up: never started (the body, with the
                // arguments it holds, is dropped here), no cleanup in the
                // body, or parked at an await the body cannot interrupt
                // where none is pending. Leaving is dropping the body.
                this.body.erase().finish(this.flags);
            }
            this.flags.start_leaving();
        }
        unwinding::poll_to_end(self, cx)
    }

    /// What `drop` does in place, without the policy's last word: leaves
    /// the body and polls it as far as it goes without waiting. Returns
    /// whether its cleanup is still waiting; otherwise the body is finished
    /// (dropped). For [`Detach`], which then hands the rest to a task.
    pub(crate) fn unwind_in_place(mut self: Pin<&mut Self>) -> bool {
        let waiting = P::CLEANS_UP && drive::start_unwinding(self.as_mut().project().flags) && {
            let will_wait = P::will_wait();
            let mut unwinding = unwinding(self.as_mut());
            unwind::cleanup_in_drop(
                unwinding.erase(),
                will_wait,
                None,
                core::any::type_name::<F>(),
            )
        };
        if !waiting {
            let this = self.project();
            this.body.erase().finish(this.flags);
        }
        waiting
    }

    /// Polls the leaving body towards its end, as `drop` does in place but
    /// with the caller's waker: a value yielded while leaving is dropped, an
    /// error the body ends with is reported. Ready once the body is
    /// finished (dropped). For [`Detach`]'s task.
    #[cfg(feature = "on-drop-spawn")]
    pub(crate) fn poll_unwind(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        self.as_mut().project().flags.start_leaving();
        let mut unwinding = unwinding(self);
        Pin::new(&mut unwinding).poll(cx)
    }

    /// Abandons the rest of the cleanup: reports why, and drops the body.
    pub(crate) fn abandon(self: Pin<&mut Self>, why: &str) {
        let this = self.project();
        if !this.flags.is_done() {
            crate::drop_policy::report_abandoned(core::any::type_name::<F>(), why);
        }
        this.body.erase().finish(this.flags);
    }

    /// An acmgr's resume value: how its scope ended, read by the body's
    /// `yield_!` on the next poll.
    pub fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        self.project().flags.set_outcome(outcome);
    }
}

impl<Y, F, P, R> Stream for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Item = <F::Output as BodyOutput<Y>>::Item;

    // Not `#[inline]`: an inline generic is copied into the code-generation
    // unit of each caller, so every generator and its consumer landed in
    // one unit, optimised serially. Without it, release builds of
    // compile_time.sh's 200-generator crates took about 25% less time, and
    // the poll still inlines into the consumer with LTO (with the release
    // defaults a call through it costs 2 instructions more per item;
    // BENCHMARKS.md "Compile time").
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        drive::as_poll(drive::step::<Y, _, P>(this.body.erase(), this.flags, cx))
    }
}

impl<Y, F, P, R> FusedStream for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    fn is_terminated(&self) -> bool {
        self.flags.is_done()
    }
}

impl<Y, F, P, R> AsyncGenerator for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Closed = <F::Output as BodyOutput<Y>>::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Closed> {
        self.poll_leave(cx).map(|output| match output {
            Some(output) => output.into_closed(),
            None => <F::Output as BodyOutput<Y>>::success().into_closed(),
        })
    }

    fn is_finished(&self) -> bool {
        self.flags.is_done()
    }
}

impl<Y, F, P, R> core::fmt::Debug for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = if self.flags.is_done() {
            "finished"
        } else if !self.flags.started() {
            "not started"
        } else if self.flags.is_leaving() {
            "closing"
        } else {
            "running"
        };
        f.debug_struct("Gen").field("state", &state).finish()
    }
}
