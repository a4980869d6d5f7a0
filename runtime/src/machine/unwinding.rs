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
use core::pin::Pin;
use core::task::{Context, Poll};

use futures_core::Stream;

use super::Gen;
use crate::drop_policy::DropPolicy;
use crate::output::BodyOutput;
use crate::report::ReportDropped;

/// The leaving generator as a future: a value yielded while leaving (past
/// an await the body could not interrupt) is dropped, nobody takes it; an
/// error the body ends with is reported, nobody takes it either. Ready once
/// the body is finished (dropped).
pub(super) struct Unwinding<'a, Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    pub(super) generator: Pin<&'a mut Gen<Y, F, P, R>>,
}

impl<'a, Y, F, P, R> Unwinding<'a, Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    /// As the `dyn Future` the drop path's driver takes (`Unwinding` is
    /// `Unpin`: it holds the generator by `Pin<&mut _>`).
    pub(super) fn erase(&mut self) -> Pin<&mut (dyn Future<Output = ()> + 'a)> {
        let this: Pin<&mut Self> = Pin::new(self);
        this
    }
}

impl<Y, F, P, R> Future for Unwinding<'_, Y, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let generator = &mut self.get_mut().generator;
        loop {
            match generator.as_mut().poll_next(cx) {
                Poll::Ready(Some(item)) => match F::Output::split_item(item) {
                    Ok(value) => drop(value),
                    // The body's error, its last item: it has finished.
                    Err(output) => {
                        generator.as_mut().report_dropped(&output);
                        return Poll::Ready(());
                    }
                },
                Poll::Ready(None) => return Poll::Ready(()),
                Poll::Pending => return Poll::Pending,
            }
        }
    }
}
