//! [`AcmMachine`]: the generator machine of an acmgr body, as `with`,
//! [`Guard`](super::Guard) and [`AcmStream`](super::AcmStream) drive it.
//! A trait, so that the types stay usable behind `impl AsyncContextManager`.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use crate::drop_policy::DropPolicy;
use crate::machine::{Detach, Gen};
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::report::ReportDropped;

/// The item of an acmgr machine: the resource, or the body's error.
pub(super) type Step<M> =
    <<M as AcmMachine>::Exit as BodyOutput<<M as AcmMachine>::Resource>>::Item;

/// An acmgr body's machine. Not public API.
#[doc(hidden)]
pub trait AcmMachine {
    /// What the body yields.
    type Resource;
    /// What the body returns.
    type Exit: BodyOutput<Self::Resource>;

    /// Runs the body to its yield (enter) or, after `resume_with`, to its
    /// end (exit): `Some(item)` is the resource or an error, `None` the end.
    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Step<Self>>>;

    /// Leaves the body before its yield; its output if anything ran.
    fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Exit>>;

    /// Hands the body how the scope ended, for its next resume.
    fn resume_with(self: Pin<&mut Self>, outcome: Outcome);
}

impl<Y, F, P, R> AcmMachine for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Resource = Y;
    type Exit = F::Output;

    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Step<Self>>> {
        self.poll_next(cx)
    }

    fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        Gen::poll_leave(self, cx)
    }

    fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        Gen::resume_with(self, outcome);
    }
}

impl<Y, F, P, R> AcmMachine for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    type Resource = Y;
    type Exit = F::Output;

    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Step<Self>>> {
        self.poll_next(cx)
    }

    fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        self.get_mut().generator().poll_leave(cx)
    }

    fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        self.get_mut().generator().resume_with(outcome);
    }
}
