//! What a generator does to its body: step it, leave it, unwind it when
//! dropped.
//!
//! Written over a [`Body<B>`] with `B: ?Sized`, for the erased body
//! [`Body::erase`] gives: in debug builds one instance of each function
//! serves every generator of the same item, output and policy types, where
//! methods of the generic [`Gen`](super::Gen) would be compiled once per
//! generator; in optimised builds `B` is the body's own type and everything
//! inlines. Generic over the policy, so that its constants stay constants:
//! a body without cleanup never instantiates the drop path.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use super::body::Body;
use crate::co::{Shared, Step, poll_body};
use crate::drop_policy::DropPolicy;
use crate::output::BodyOutput;
use crate::report::ReportDropped;
use crate::unwind;

/// Whether leaving a body with cleanup in this state means running it: it
/// started, and is not parked in a section where none is pending. Callers
/// test `P::CLEANS_UP` first, themselves: a constant condition, so that a
/// body without cleanup never instantiates the code behind it.
#[inline]
fn runs_cleanup(shared: &Shared) -> bool {
    shared.started() && !shared.in_droppable_section()
}

/// Finishes the body (drops it in place) if a poll of it panics: the
/// body's locals are dropped as the panic passes, and the generator is
/// finished. Forgotten when the poll returns.
struct FinishOnUnwind<'a, B: ?Sized> {
    body: Pin<&'a mut Body<B>>,
    shared: &'a Shared,
}

impl<B: ?Sized> Drop for FinishOnUnwind<'_, B> {
    fn drop(&mut self) {
        self.body.as_mut().finish(self.shared);
    }
}

/// Polls the body once under a frame; `None` once it has finished. A panic
/// from the body finishes the generator (the body is dropped as the panic
/// passes) and propagates to the caller.
#[inline]
pub(super) fn step<Y, B: Future + ?Sized, P: DropPolicy>(
    body: Pin<&mut Body<B>>,
    shared: &Shared,
    cx: &mut Context<'_>,
) -> Option<Step<Y, B::Output>> {
    // Bodies without cleanup never look at `leaving`.
    let leaving = P::CLEANS_UP && shared.should_leave();
    // Dropped early (by `?` when the body is done: then a no-op, or by a
    // panic from the poll), the guard finishes the body.
    let mut guard = FinishOnUnwind { body, shared };
    let future = guard.body.as_mut().future(shared)?;
    let step = poll_body::<Y, B>(future, shared, leaving, cx);
    match &step {
        Step::Done(_) => guard.body.as_mut().finish(shared),
        Step::Pending { parked } if P::SECTIONS => shared.record_park(*parked),
        Step::Item(_) if P::SECTIONS => shared.record_park(true),
        _ => {}
    }
    core::mem::forget(guard);
    Some(step)
}

/// Leaves the body and returns its raw output once it has unwound: `None`
/// when there was nothing to run (never started, or finished). What
/// `poll_close` does, before mapping the output.
pub(super) fn leave<Y, B: Future + ?Sized, P: DropPolicy>(
    mut body: Pin<&mut Body<B>>,
    shared: &Shared,
    cx: &mut Context<'_>,
) -> Poll<Option<B::Output>> {
    if !(P::CLEANS_UP && runs_cleanup(shared)) {
        // Nothing to clean up: never started (the body, with the arguments
        // it holds, is dropped here), no cleanup in the body, or parked at
        // an await the body cannot interrupt where none is pending. Leaving
        // is dropping the body.
        body.as_mut().finish(shared);
    }
    shared.start_leaving();
    loop {
        return match step::<Y, B, P>(body.as_mut(), shared, cx) {
            None => Poll::Ready(None),
            Some(Step::Done(output)) => Poll::Ready(Some(output)),
            // A yield reached while leaving (past an await the body could
            // not interrupt): nobody takes its value; resuming it leaves.
            Some(Step::Item(value)) => {
                drop(value);
                continue;
            }
            Some(Step::Pending { .. }) => Poll::Pending,
        };
    }
}

/// What `drop` does: leaves the body, polls it as far as it goes without
/// waiting, lets the policy decide about the rest, and drops the body.
/// `generator` names it in reports.
#[inline]
pub(super) fn drop_body<Y, B, R, P>(
    mut body: Pin<&mut Body<B>>,
    shared: &Shared,
    report: &R,
    generator: &'static str,
) where
    B: Future + ?Sized,
    B::Output: BodyOutput<Y>,
    R: ReportDropped<B::Output> + ?Sized,
    P: DropPolicy,
{
    if P::CLEANS_UP && runs_cleanup(shared) {
        if let Some(future) = body.as_mut().future(shared) {
            shared.start_leaving();
            let will_wait = P::will_wait();
            unwind::in_place::<Y, B, R>(
                future,
                shared,
                report,
                will_wait,
                Some(P::finish),
                generator,
            );
        }
    }
    body.finish(shared);
}

/// What `drop` does in place, without the policy's last word: leaves the
/// body and polls it as far as it goes without waiting. Returns whether its
/// cleanup is still waiting; otherwise the body is finished (dropped). For
/// [`Detach`](super::Detach), which then hands the rest to a task.
pub(super) fn unwind_in_place<Y, B, R, P>(
    body: Pin<&mut Body<B>>,
    shared: &Shared,
    report: &R,
    generator: &'static str,
) -> bool
where
    B: Future + ?Sized,
    B::Output: BodyOutput<Y>,
    R: ReportDropped<B::Output> + ?Sized,
    P: DropPolicy,
{
    // Finishes the body if the in-place poll panics.
    let mut guard = FinishOnUnwind { body, shared };
    let mut waiting = false;
    if P::CLEANS_UP && runs_cleanup(shared) {
        if let Some(future) = guard.body.as_mut().future(shared) {
            shared.start_leaving();
            let will_wait = P::will_wait();
            waiting =
                unwind::in_place::<Y, B, R>(future, shared, report, will_wait, None, generator);
        }
    }
    if waiting {
        core::mem::forget(guard);
    }
    waiting
}

/// Polls the leaving body towards its end, as `drop` does in place but with
/// the caller's waker: a value yielded while leaving is dropped, an error
/// the body ends with is reported. Ready once the body is finished
/// (dropped). For [`Detach`](super::Detach)'s task.
#[cfg(feature = "tokio")]
pub(super) fn poll_unwind<Y, B, R>(
    body: Pin<&mut Body<B>>,
    shared: &Shared,
    report: &R,
    cx: &mut Context<'_>,
) -> Poll<()>
where
    B: Future + ?Sized,
    B::Output: BodyOutput<Y>,
    R: ReportDropped<B::Output> + ?Sized,
{
    if shared.is_done() {
        return Poll::Ready(());
    }
    shared.start_leaving();
    let mut guard = FinishOnUnwind { body, shared };
    let pending = match guard.body.as_mut().future(shared) {
        Some(future) => {
            let mut leave = unwind::Leave::<Y, B, R>::new(future, shared, report);
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
