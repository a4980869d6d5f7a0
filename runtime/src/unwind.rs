//! Driving a generator body's cleanup from `drop`.

use core::future::Future;
use core::pin::Pin;
use core::sync::atomic::{AtomicBool, Ordering};
use core::task::{Context, Poll, Waker};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::task::Wake;
use std::thread::{self, Thread};

use crate::co::{Shared, Step, poll_body};
use crate::drop_policy::DropPolicy;
use crate::output::BodyOutput;
use crate::report::ReportDropped;

/// How many times a cleanup that wakes itself synchronously is re-polled
/// before it counts as waiting.
const SYNC_REPOLLS: usize = 64;

/// How many of those re-polls happen even without a wake: some futures make
/// progress on every poll but defer their wake to a runtime tick this thread
/// is not running (tokio's `yield_now` inside a runtime).
const UNCONDITIONAL_REPOLLS: usize = 8;

/// Runs the leave-signalled body as far as it goes in place, then lets the
/// policy decide about the rest. Never panics while the thread is already
/// panicking; a panic from cleanup otherwise propagates from `drop`.
pub(crate) fn in_drop<Y, F, P, R>(body: Pin<&mut F>, shared: &Shared, report: &R)
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    let leave = Leave::<Y, F> {
        body,
        shared,
        marker: core::marker::PhantomData,
    };
    match panic::catch_unwind(AssertUnwindSafe(|| {
        drive::<Leave<'_, Y, F>, P>(leave, core::any::type_name::<F>())
    })) {
        Ok(Some(output)) if output.is_error() => report.report_dropped(&output),
        Ok(_) => {}
        Err(payload) if thread::panicking() => {
            drop(payload);
            tracing::error!(
                target: "asyncgen",
                generator = core::any::type_name::<F>(),
                "a generator's cleanup panicked while the thread was already \
                 panicking; the second panic was contained"
            );
        }
        Err(payload) => panic::resume_unwind(payload),
    }
}

thread_local! {
    static DROPPING: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// Whether this thread is polling a generator's cleanup from `drop`: code
/// that would wait for something that cannot matter any more (a task group
/// waiting for children it has cancelled and aborted) may stop waiting.
pub fn dropping() -> bool {
    DROPPING.with(core::cell::Cell::get)
}

/// The leaving body as a future: each poll goes through a frame, and a
/// value yielded while leaving (past an await the body could not
/// interrupt) is dropped, nobody takes it.
struct Leave<'a, Y, F> {
    body: Pin<&'a mut F>,
    shared: &'a Shared,
    marker: core::marker::PhantomData<fn() -> Y>,
}

impl<Y, F: Future> Future for Leave<'_, Y, F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let shared = self.shared;
        loop {
            match poll_body::<Y, F>(self.body.as_mut(), shared, shared.should_leave(), cx) {
                Step::Done(output) => return Poll::Ready(output),
                Step::Item(value) => drop(value),
                Step::Pending { .. } => return Poll::Pending,
            }
        }
    }
}

fn drive<F: Future + Unpin, P: DropPolicy>(body: F, generator: &'static str) -> Option<F::Output> {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DROPPING.with(|dropping| dropping.set(self.0));
        }
    }
    // A policy that will wait makes everything in the cleanup wait too.
    let _restore = Restore(DROPPING.with(|dropping| dropping.replace(!P::will_wait())));
    drive_in_place::<F, P>(body, generator)
}

fn drive_in_place<F: Future + Unpin, P: DropPolicy>(
    mut body: F,
    generator: &'static str,
) -> Option<F::Output> {
    let mut body = Pin::new(&mut body);
    // Most cleanup never waits: finish it without setting up a waker.
    if let Poll::Ready(output) = body.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        return Some(output);
    }
    let signal = Signal::new();
    let waker = Waker::from(signal.clone());
    let mut cx = Context::from_waker(&waker);
    for attempt in 0..SYNC_REPOLLS {
        if let Poll::Ready(output) = body.as_mut().poll(&mut cx) {
            return Some(output);
        }
        if !signal.take_woken() && attempt >= UNCONDITIONAL_REPOLLS {
            break;
        }
    }
    P::finish(body, generator)
}

/// A waker that records its wake and unparks the thread that made it.
#[derive(Debug)]
pub struct Signal {
    woken: AtomicBool,
    thread: Thread,
}

impl Signal {
    fn new() -> Arc<Self> {
        Arc::new(Signal {
            woken: AtomicBool::new(false),
            thread: thread::current(),
        })
    }

    fn take_woken(&self) -> bool {
        self.woken.swap(false, Ordering::AcqRel)
    }
}

impl Wake for Signal {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.woken.store(true, Ordering::Release);
        self.thread.unpark();
    }
}
