//! The drop path: a generator being left, polled through its own
//! `poll_next`.
//!
//! Not through a second poll of the body: in optimised builds each caller
//! of the body's poll gets its own inlined copy for the optimiser to work
//! through, and a body with cleanup is polled by its consumer and by its
//! drop. Going through `poll_next` (which is not `#[inline]`) leaves the
//! body one caller, so one copy (compile_time.sh's release `finally!`
//! crate: BENCHMARKS.md "Compile time").

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use super::Gen;
use crate::drop_policy::DropPolicy;
use crate::output::BodyOutput;
use crate::report::ReportDropped;

/// A generator as its drop path sees it (behind `dyn` in debug builds).
pub(super) trait Unwindable<Y, O: BodyOutput<Y>> {
    /// The generator's `poll_next`.
    fn poll_item(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ItemOf<Y, O>>>;
    /// Reports an error the body ended with while nobody takes it.
    fn report_dropped(self: Pin<&mut Self>, output: &O);
}

type ItemOf<Y, O> = <O as BodyOutput<Y>>::Item;

impl<Y, F, P, R> Unwindable<Y, F::Output> for Gen<Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    #[inline]
    fn poll_item(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<ItemOf<Y, F::Output>>> {
        self.poll_next(cx)
    }

    fn report_dropped(self: Pin<&mut Self>, output: &F::Output) {
        self.project().report.report_dropped(output);
    }
}

/// The leaving generator as a future: [`poll_to_end`], and an error the body
/// ends with is reported (nobody takes it). `Unpin`: it holds the generator by
/// `Pin<&mut _>`.
///
/// `G` is the generator behind `dyn` in debug builds, so that the drop path
/// is compiled once per item and output type (compile time); its own type
/// in optimised builds, where `dyn` cost 27 instructions per creation with
/// fat LTO (see [`unwinding`]).
pub(super) struct Unwinding<'a, Y, O, G: ?Sized> {
    generator: Pin<&'a mut G>,
    marker: PhantomData<fn() -> (Y, O)>,
}

/// The drop path's view of `generator`: see [`Unwinding`].
#[cfg(debug_assertions)]
#[inline]
pub(super) fn unwinding<'a, Y, F, P, R>(
    generator: Pin<&'a mut Gen<Y, F, P, R>>,
) -> Unwinding<'a, Y, F::Output, dyn Unwindable<Y, F::Output> + 'a>
where
    F: Future + 'a,
    F::Output: BodyOutput<Y>,
    P: DropPolicy + 'a,
    R: ReportDropped<F::Output> + 'a,
    Y: 'a,
{
    Unwinding {
        generator,
        marker: PhantomData,
    }
}

/// See the debug-build definition.
#[cfg(not(debug_assertions))]
#[inline]
pub(super) fn unwinding<'a, Y, F, P, R>(
    generator: Pin<&'a mut Gen<Y, F, P, R>>,
) -> Unwinding<'a, Y, F::Output, Gen<Y, F, P, R>>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    Unwinding {
        generator,
        marker: PhantomData,
    }
}

impl<'a, Y, O, G> Unwinding<'a, Y, O, G>
where
    O: BodyOutput<Y>,
    G: Unwindable<Y, O> + ?Sized,
{
    /// As the `dyn Future` the drop path's driver takes.
    pub(super) fn erase(&mut self) -> Pin<&mut (dyn Future<Output = ()> + '_)> {
        let this: Pin<&mut Self> = Pin::new(self);
        this
    }
}

impl<Y, O, G> Future for Unwinding<'_, Y, O, G>
where
    O: BodyOutput<Y>,
    G: Unwindable<Y, O> + ?Sized,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let generator = &mut self.get_mut().generator;
        if let Some(error) = core::task::ready!(poll_to_end(generator.as_mut(), cx)) {
            generator.as_mut().report_dropped(&error);
        }
        Poll::Ready(())
    }
}

/// Polls a leaving generator to its end: a value yielded while leaving
/// (past an await the body could not interrupt) is dropped, nobody takes
/// it. Ready with the error the body ended with, if any, once the body is
/// finished (dropped). For the drop path and for a close.
pub(super) fn poll_to_end<Y, O, G>(
    mut generator: Pin<&mut G>,
    cx: &mut Context<'_>,
) -> Poll<Option<O>>
where
    O: BodyOutput<Y>,
    G: Unwindable<Y, O> + ?Sized,
{
    loop {
        return match generator.as_mut().poll_item(cx) {
            Poll::Ready(Some(item)) => match O::split_item(item) {
                Ok(value) => {
                    drop(value);
                    continue;
                }
                // The body's error, its last item: it has finished.
                Err(error) => Poll::Ready(Some(error)),
            },
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        };
    }
}
