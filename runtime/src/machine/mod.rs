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

use crate::co::{Co, Polled, Shared, Step, poll_body};
use crate::drop_policy::DropPolicy;
use crate::generator::AsyncGenerator;
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::report::ReportDropped;
use crate::unwind;

mod body;
mod detach;

use body::Body;
pub use detach::{Detach, needs_a_body_that_is_send_and_static};

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
    pub struct Gen<Y, F, P, R>
    where
        F: Future,
        F::Output: BodyOutput<Y>,
        P: DropPolicy,
        R: ReportDropped<F::Output>,
    {
        #[pin]
        body: Body<F>,
        shared: Shared,
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
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            let shared = &*this.shared;
            let mut body = this.body;
            // Never started, without cleanup, or in a droppable section:
            // nothing is pending, the body is simply dropped.
            if shared.started() && P::CLEANS_UP && !shared.in_droppable_section() {
                if let Some(future) = body.as_mut().future(shared) {
                    shared.start_leaving();
                    unwind::in_drop::<Y, F, P, R>(future, shared, this.report);
                }
            }
            body.finish(shared);
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
            shared: Shared::default(),
            report,
            marker: PhantomData,
        }
    }

    /// Polls the body once under a frame. A panic from the body finishes
    /// the generator (the body is dropped as the panic passes) and
    /// propagates to the caller.
    #[inline]
    fn step(
        body: Pin<&mut Body<F>>,
        shared: &Shared,
        cx: &mut Context<'_>,
    ) -> Option<Step<Y, F::Output>> {
        // Bodies without cleanup never look at `leaving`.
        let leaving = P::CLEANS_UP && shared.should_leave();
        // Dropped early (by `?` when the body is done: then a no-op, or by
        // a panic from the poll), the guard finishes the body.
        let mut guard = FinishOnUnwind { body, shared };
        let future = guard.body.as_mut().future(shared)?;
        let future: Pin<&mut Polled<'_, F>> = future;
        let step = poll_body::<Y, Polled<'_, F>>(future, shared, leaving, cx);
        match &step {
            Step::Done(_) => guard.body.as_mut().finish(shared),
            Step::Pending { parked } if P::SECTIONS => shared.record_park(*parked),
            Step::Item(_) if P::SECTIONS => shared.record_park(true),
            _ => {}
        }
        core::mem::forget(guard);
        Some(step)
    }

    /// Leaves the body and returns its raw output once it has unwound:
    /// `None` when there was nothing to run (never started, or finished).
    /// What `poll_close` does, before mapping the output.
    pub fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let this = self.project();
        let shared = &*this.shared;
        let mut body = this.body;
        if !shared.started() || !P::CLEANS_UP || shared.in_droppable_section() {
            // Nothing to clean up: never started (the body, with the
            // arguments it holds, is dropped here), no cleanup in the body,
            // or parked at an await the body cannot interrupt where none is
            // pending. Leaving is dropping the body.
            body.as_mut().finish(shared);
        }
        shared.start_leaving();
        loop {
            return match Self::step(body.as_mut(), shared, cx) {
                None => Poll::Ready(None),
                Some(Step::Done(output)) => Poll::Ready(Some(output)),
                // A yield reached while leaving (past an await the body
                // could not interrupt): nobody takes its value; resuming it
                // leaves.
                Some(Step::Item(value)) => {
                    drop(value);
                    continue;
                }
                Some(Step::Pending { .. }) => Poll::Pending,
            };
        }
    }

    /// What `drop` does in place, without the policy's last word: leaves
    /// the body and polls it as far as it goes without waiting. Returns
    /// whether its cleanup is still waiting; otherwise the body is finished
    /// (dropped). For [`Detach`], which then hands the rest to a task.
    pub(crate) fn unwind_in_place(self: Pin<&mut Self>) -> bool {
        let this = self.project();
        let shared = &*this.shared;
        let body = this.body;
        // Finishes the body if the in-place poll panics.
        let mut guard = FinishOnUnwind { body, shared };
        let mut waiting = false;
        if shared.started() && P::CLEANS_UP && !shared.in_droppable_section() {
            if let Some(future) = guard.body.as_mut().future(shared) {
                shared.start_leaving();
                waiting =
                    unwind::in_place::<Y, F, R>(future, shared, this.report, P::will_wait(), None);
            }
        }
        if waiting {
            core::mem::forget(guard);
        }
        waiting
    }

    /// Polls the leaving body towards its end, as `drop` does in place but
    /// with the caller's waker: a value yielded while leaving is dropped, an
    /// error the body ends with is reported. Ready once the body is
    /// finished (dropped). For [`Detach`]'s task.
    #[cfg(feature = "tokio")]
    pub(crate) fn poll_unwind(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.project();
        let shared = &*this.shared;
        if shared.is_done() {
            return Poll::Ready(());
        }
        shared.start_leaving();
        let mut guard = FinishOnUnwind {
            body: this.body,
            shared,
        };
        let pending = match guard.body.as_mut().future(shared) {
            Some(future) => {
                let mut leave = unwind::Leave::<Y, F, R>::new(future, shared, this.report);
                Pin::new(&mut leave).poll(cx).is_pending()
            }
            None => false,
        };
        if pending {
            core::mem::forget(guard);
            return Poll::Pending;
        }
        // Dropping the guard finishes the body.
        drop(guard);
        Poll::Ready(())
    }

    /// Abandons the rest of the cleanup: reports why, and drops the body.
    pub(crate) fn abandon(self: Pin<&mut Self>, why: &str) {
        let this = self.project();
        if !this.shared.is_done() {
            crate::drop_policy::report_abandoned(core::any::type_name::<F>(), why);
        }
        this.body.finish(this.shared);
    }

    /// An acmgr's resume value: how its scope ended, read by the body's
    /// `yield_!` on the next poll.
    pub fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        self.project().shared.set_outcome(outcome);
    }
}

/// Finishes the body (drops it in place) if a poll of it panics: the
/// body's locals are dropped as the panic passes, and the generator is
/// finished. Forgotten when the poll returns.
struct FinishOnUnwind<'a, F> {
    body: Pin<&'a mut Body<F>>,
    shared: &'a Shared,
}

impl<F> Drop for FinishOnUnwind<'_, F> {
    fn drop(&mut self) {
        self.body.as_mut().finish(self.shared);
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

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        match Self::step(this.body, this.shared, cx) {
            Some(Step::Item(value)) => Poll::Ready(Some(<F::Output as BodyOutput<Y>>::item(value))),
            Some(Step::Pending { .. }) => Poll::Pending,
            // Finished: an error return is the last item. A close abandoned
            // part-way and finished here also reports its error this way.
            Some(Step::Done(output)) => Poll::Ready(output.into_last_item()),
            None => Poll::Ready(None),
        }
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
        self.shared.is_done()
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
        self.shared.is_done()
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
        let state = if self.shared.is_done() {
            "finished"
        } else if !self.shared.started() {
            "not started"
        } else if self.shared.is_leaving() {
            "closing"
        } else {
            "running"
        };
        f.debug_struct("Gen").field("state", &state).finish()
    }
}
