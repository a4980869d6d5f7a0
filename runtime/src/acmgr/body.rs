//! [`AcmBody`]: an `#[acmgr]` body, as `with`, [`Guard`](super::Guard) and
//! [`AcmStream`](super::AcmStream) drive it. A trait, so that the body's
//! type can stay hidden (`Acmgr<impl AcmBody<..>>`).

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use crate::drop_policy::DropPolicy;
use crate::machine::{Detach, Gen};
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::report::ReportDropped;

/// What a step of an acmgr body gives: the resource, or the body's error.
pub(super) type AcmItem<M> = <<M as AcmBody>::Exit as BodyOutput<<M as AcmBody>::Resource>>::Item;

/// The body of an `#[acmgr]` function: what it yields, its
/// [`Resource`](AcmBody::Resource), and what it returns, its
/// [`Exit`](AcmBody::Exit). `#[acmgr]` functions return
/// `Acmgr<impl AcmBody<Resource = R, Exit = E>>`, which is how a signature
/// names one. Sealed: the macro makes the only implementations.
///
/// ```
/// use asyncgen::{acmgr, AcmBody, Acmgr, AsyncContextManager};
///
/// #[acmgr(yield = u32)]
/// async fn lease() {
///     let _outcome = yield_!(7);
/// }
///
/// // A library's own function returning what an `#[acmgr]` makes:
/// fn default_lease() -> Acmgr<impl AcmBody<Resource = u32, Exit = ()>> {
///     lease()
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// default_lease().with(async |id| assert_eq!(id, 7)).await;
/// # }
/// ```
pub trait AcmBody: sealed::Sealed {
    /// What the body's `yield_!` hands to the scope.
    type Resource;
    /// What the body returns: `()`, or `Result<(), E>`.
    type Exit: BodyOutput<Self::Resource>;

    /// Runs the body to its yield (enter) or, after `resume_with`, to its
    /// end (exit): `Some(item)` is the resource or an error, `None` the end.
    #[doc(hidden)]
    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<AcmItem<Self>>>;

    /// Leaves the body before its yield; its output if anything ran.
    #[doc(hidden)]
    fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Exit>>;

    /// Hands the body how the scope ended, for its next resume.
    #[doc(hidden)]
    fn resume_with(self: Pin<&mut Self>, outcome: Outcome);
}

/// An acmgr body broke the protocol by returning before its yield.
pub(super) fn no_yield() -> ! {
    panic!("an `#[acmgr]` body returned without yielding its resource; it must yield exactly once")
}

/// An acmgr body broke the protocol by yielding a second time.
pub(super) fn yielded_twice() -> ! {
    panic!("an `#[acmgr]` body yielded a second time; it must yield exactly once")
}

mod sealed {
    /// Only the generators the macro builds are acmgr bodies: the impls
    /// below, with the bounds of the types themselves.
    pub trait Sealed {}
}

impl<Y, F, P, R> sealed::Sealed for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
}

impl<Y, F, P, R> sealed::Sealed for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
}

impl<Y, F, P, R> AcmBody for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Resource = Y;
    type Exit = F::Output;

    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<AcmItem<Self>>> {
        self.poll_next(cx)
    }

    fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        Gen::poll_leave(self, cx)
    }

    fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        Gen::resume_with(self, outcome);
    }
}

impl<Y, F, P, R> AcmBody for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    type Resource = Y;
    type Exit = F::Output;

    fn poll_step(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<AcmItem<Self>>> {
        self.poll_next(cx)
    }

    fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        self.get_mut().generator().poll_leave(cx)
    }

    fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        self.get_mut().generator().resume_with(outcome);
    }
}
