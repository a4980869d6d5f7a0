//! One step of a generator's body: the poll every path goes through (the
//! consumer's, a close's, a drop's).
//!
//! Written over a [`Body<B>`] with `B: ?Sized`, for the erased body
//! [`Body::erase`] gives: in debug builds one instance serves every
//! generator of the same item, output and policy types, where a method of
//! the generic [`Gen`](super::Gen) would be compiled once per generator; in
//! optimised builds `B` is the body's own type and the body's poll inlines
//! into it. Generic over the policy, so that its constants stay constants.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use super::body::Body;
use crate::co::{BodyFlags, Step, poll_body};
use crate::drop_policy::DropPolicy;
use crate::output::BodyOutput;

/// Whether leaving a body with cleanup in this state means running it: it
/// started, and is not parked in a section where none is pending. Callers
/// test `P::CLEANS_UP` first, themselves: a constant condition, so that a
/// body without cleanup never instantiates the code behind it.
#[inline]
pub(super) fn runs_cleanup(flags: &BodyFlags) -> bool {
    flags.started() && !flags.in_droppable_section()
}

/// Whether leaving a body with cleanup means running it ([`runs_cleanup`],
/// and not finished); then marks it leaving. For the drop path, after its
/// own test of `P::CLEANS_UP`.
pub(super) fn start_unwinding(flags: &BodyFlags) -> bool {
    let runs = runs_cleanup(flags) && !flags.is_done();
    if runs {
        flags.start_leaving();
    }
    runs
}

/// Finishes the body (drops it in place) if a poll of it panics: the
/// body's locals are dropped as the panic passes, and the generator is
/// finished. Forgotten when the poll returns.
struct FinishOnUnwind<'a, B: ?Sized> {
    body: Pin<&'a mut Body<B>>,
    flags: &'a BodyFlags,
}

impl<B: ?Sized> Drop for FinishOnUnwind<'_, B> {
    fn drop(&mut self) {
        self.body.as_mut().finish(self.flags);
    }
}

/// Polls the body once under a frame; `None` once it has finished. A panic
/// from the body finishes the generator (the body is dropped as the panic
/// passes) and propagates to the caller.
#[inline]
pub(super) fn step<Y, B: Future + ?Sized, P: DropPolicy>(
    body: Pin<&mut Body<B>>,
    flags: &BodyFlags,
    cx: &mut Context<'_>,
) -> Option<Step<Y, B::Output>> {
    // Bodies without cleanup never look at `leaving`.
    let leaving = P::CLEANS_UP && flags.should_leave();
    // Dropped early (by `?` when the body is done: then a no-op, or by a
    // panic from the poll), the guard finishes the body.
    let mut guard = FinishOnUnwind { body, flags };
    let future = guard.body.as_mut().future(flags)?;
    let step = poll_body::<Y, B>(future, flags, leaving, cx);
    match &step {
        Step::Done(_) => guard.body.as_mut().finish(flags),
        Step::Pending { parked } if P::SECTIONS => flags.record_park(*parked),
        Step::Item(_) if P::SECTIONS => flags.record_park(true),
        _ => {}
    }
    core::mem::forget(guard);
    Some(step)
}

/// A step as a stream's poll. Apart from `poll_next`, so that debug builds
/// compile it once per item and output type. (Folding `step` in here too
/// made the 200-generator `finally!` crate take 60% more CPU time to build
/// in release, measured; so `poll_next` calls both.)
#[inline]
pub(super) fn as_poll<Y, O: BodyOutput<Y>>(step: Option<Step<Y, O>>) -> Poll<Option<O::Item>> {
    match step {
        Some(Step::Item(value)) => Poll::Ready(Some(O::item(value))),
        Some(Step::Pending { .. }) => Poll::Pending,
        // Finished: an error return is the last item. A close abandoned
        // part-way and finished here also reports its error this way.
        Some(Step::Done(output)) => Poll::Ready(output.into_last_item()),
        None => Poll::Ready(None),
    }
}
