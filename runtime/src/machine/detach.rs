//! [`Detach`]: a generator in its own allocation, whose cleanup still
//! waiting when it is dropped goes on in a task (`on_drop = spawn`).
//!
//! # Design
//!
//! `Gen` keeps its body inline, and `drop` only lends it (a policy's
//! `finish` sees a `Pin<&mut dyn Future>`): nothing can move it into a task.
//! So `on_drop = spawn` boxes the whole generator (body and flags together:
//! the body's token is bound as an offset from the flags, which must not
//! move apart) behind this wrapper. Its `drop` runs the in-place part of the
//! unwinding as `Gen`'s drop does, then, if the cleanup waits, moves the box
//! into a task on the current tokio runtime that polls the leaving body to
//! its end. Other policies never pay for the box.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context, Poll};
#[cfg(feature = "on-drop-spawn")]
use std::panic::{self, AssertUnwindSafe};

use futures_core::{FusedStream, Stream};

use super::Gen;
#[cfg(feature = "on-drop-spawn")]
use crate::detached::PendingGuard;
use crate::drop_policy::DropPolicy;
use crate::generator::AsyncGenerator;
use crate::output::BodyOutput;
use crate::report::ReportDropped;

/// The generator in its own allocation.
type Boxed<Y, F, P, R> = Pin<Box<Gen<Y, F, P, R>>>;

/// A generator declared with `on_drop = spawn`: the [`Gen`] in a box of its
/// own, so that the rest of its cleanup can be handed to a task.
///
/// When a `Detach` is dropped while its body's cleanup is pending, the
/// cleanup runs in place as far as it goes without waiting, before `drop`
/// returns; if it then waits, the rest runs to completion in a task spawned
/// on the current tokio runtime, counted by
/// [`detached::pending`](crate::detached::pending). Outside a tokio
/// runtime, the rest is abandoned and reported through `tracing`.
#[doc(hidden)] // as `Gen`: kept out of the public traits' pages
pub struct Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    /// `Some` until dropped.
    generator: Option<Boxed<Y, F, P, R>>,
}

impl<Y, F, P, R> Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    /// Boxes `generator`.
    pub fn new(generator: Gen<Y, F, P, R>) -> Self {
        Detach {
            generator: Some(Box::pin(generator)),
        }
    }

    #[inline]
    pub(crate) fn generator(&mut self) -> Pin<&mut Gen<Y, F, P, R>> {
        match &mut self.generator {
            Some(generator) => generator.as_mut(),
            None => unreachable!("a `Detach` is only emptied by its drop"),
        }
    }
}

impl<Y, F, P, R> Drop for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    fn drop(&mut self) {
        let Some(mut generator) = self.generator.take() else {
            return;
        };
        if !generator.as_mut().unwind_in_place() {
            return;
        }
        #[cfg(feature = "on-drop-spawn")]
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            // A runtime shutting down drops the task at once, inside
            // `spawn`: then `Gen`'s own drop reports the rest as abandoned
            // (`SpawnRest::finish`), and the guard goes with it. The rest of
            // the cleanup runs in the dropper's span, as its first part did,
            // so that what it logs is attributed to the same request.
            drop(handle.spawn(Cleanup {
                generator,
                span: tracing::Span::current(),
                _pending: PendingGuard::new(),
            }));
            return;
        }
        generator.as_mut().abandon(
            "outside a tokio runtime, `on_drop = spawn` has no runtime to hand the rest of the \
             cleanup to",
        );
    }
}

/// The task that finishes a detached cleanup.
#[cfg(feature = "on-drop-spawn")]
struct Cleanup<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    generator: Pin<Box<Gen<Y, F, P, R>>>,
    /// The span current where the generator was dropped.
    span: tracing::Span,
    _pending: PendingGuard,
}

#[cfg(feature = "on-drop-spawn")]
impl<Y, F, P, R> Future for Cleanup<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let _in_span = this.span.enter();
        let generator = this.generator.as_mut();
        match panic::catch_unwind(AssertUnwindSafe(|| generator.poll_unwind(cx))) {
            Ok(poll) => poll,
            // The body is finished (dropped) as the panic passes.
            Err(payload) => {
                drop(payload);
                tracing::error!(
                    target: "asyncgen",
                    generator = core::any::type_name::<F>(),
                    "a generator's detached cleanup panicked; the rest of it was abandoned"
                );
                Poll::Ready(())
            }
        }
    }
}

impl<Y, F, P, R> Stream for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    type Item = <F::Output as BodyOutput<Y>>::Item;

    #[inline]
    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.generator().poll_next(cx)
    }
}

impl<Y, F, P, R> FusedStream for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    fn is_terminated(&self) -> bool {
        self.generator.as_ref().is_none_or(|g| g.is_terminated())
    }
}

impl<Y, F, P, R> AsyncGenerator for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    type Closed = <F::Output as BodyOutput<Y>>::Closed;

    fn poll_close(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Closed> {
        self.generator().poll_close(cx)
    }

    fn is_finished(&self) -> bool {
        self.generator.as_ref().is_none_or(|g| g.is_finished())
    }
}

impl<Y, F, P, R> core::fmt::Debug for Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match &self.generator {
            Some(generator) => core::fmt::Debug::fmt(generator, f),
            None => f.write_str("Detach"),
        }
    }
}

/// `on_drop = spawn`'s generator, boxed. Named for the compile error a body
/// that is not `Send + 'static` gets ("required by a bound in
/// `needs_a_body_that_is_send_and_static`"). Not public API.
#[doc(hidden)]
pub fn needs_a_body_that_is_send_and_static<Y, F, P, R>(
    generator: Gen<Y, F, P, R>,
) -> Detach<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
    Gen<Y, F, P, R>: Send + 'static,
{
    Detach::new(generator)
}
