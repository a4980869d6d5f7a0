//! Driving a generator body's cleanup from `drop`.

use core::future::Future;
use core::pin::Pin;
use core::sync::atomic::{AtomicBool, Ordering};
use core::task::{Context, Waker};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::task::Wake;
use std::thread;

/// How many times a cleanup that wakes itself synchronously is re-polled
/// before it counts as waiting.
const SYNC_REPOLLS: usize = 64;

/// How many of those re-polls happen even without a wake: some futures make
/// progress on every poll but defer their wake to a runtime tick this thread
/// is not running (tokio's `yield_now` inside a runtime).
const UNCONDITIONAL_REPOLLS: usize = 8;

/// A policy's last word on a body still waiting: drives it to the end
/// (`true`) or abandons it, reported.
pub(crate) type Finish = fn(Pin<&mut (dyn Future<Output = ()> + '_)>, &'static str) -> bool;

thread_local! {
    static DROPPING: core::cell::Cell<bool> = const { core::cell::Cell::new(false) };
}

/// Whether this thread is polling a generator's cleanup from `drop`: code
/// that would wait for something that cannot matter any more (a task group
/// waiting for children it has cancelled) may stop waiting.
#[cfg(feature = "task-group")]
pub(crate) fn dropping() -> bool {
    DROPPING.with(core::cell::Cell::get)
}

/// Polls `body` (a generator being left, see `machine::unwinding`) as
/// far as it goes in place, then lets the policy decide about the rest:
/// `finish` is the policy's last word on a body still waiting, or `None` to
/// leave it waiting (the caller takes it over: `on_drop = spawn`). Returns
/// whether the body is still waiting (never, after a `finish`, which drives
/// it to the end or leaves it to be dropped). Never panics while the thread
/// is already panicking; a panic from cleanup otherwise propagates from
/// `drop`.
///
/// Not generic: the driving, the catching and the policy are compiled once,
/// in this crate.
pub(crate) fn cleanup_in_drop(
    body: Pin<&mut (dyn Future<Output = ()> + '_)>,
    will_wait: bool,
    finish: Option<Finish>,
    generator: &'static str,
) -> bool {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DROPPING.with(|dropping| dropping.set(self.0));
        }
    }
    // A policy that will wait makes everything in the cleanup wait too.
    let _restore = Restore(DROPPING.with(|dropping| dropping.replace(!will_wait)));
    match panic::catch_unwind(AssertUnwindSafe(|| drive_in_place(body, finish, generator))) {
        Ok(waiting) => waiting,
        Err(payload) if thread::panicking() => {
            drop(payload);
            tracing::error!(
                target: "asyncgen",
                generator,
                "a generator's cleanup panicked while the thread was already \
                 panicking; the second panic was contained"
            );
            // The body panicked: it must not be polled again.
            false
        }
        Err(payload) => panic::resume_unwind(payload),
    }
}

fn drive_in_place(
    mut body: Pin<&mut (dyn Future<Output = ()> + '_)>,
    finish: Option<Finish>,
    generator: &'static str,
) -> bool {
    // Most cleanup never waits: finish it without setting up a waker.
    if body
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
        .is_ready()
    {
        return false;
    }
    let woken = WokenFlag::new();
    let waker = Waker::from(woken.clone());
    let mut cx = Context::from_waker(&waker);
    for attempt in 0..SYNC_REPOLLS {
        if body.as_mut().poll(&mut cx).is_ready() {
            return false;
        }
        if !woken.take() && attempt >= UNCONDITIONAL_REPOLLS {
            break;
        }
    }
    match finish {
        Some(finish) => {
            finish(body, generator);
            false
        }
        None => true,
    }
}

/// A waker that only records that it was woken: the in-place loop re-polls
/// while the cleanup keeps waking itself, and never parks the thread.
#[derive(Debug)]
struct WokenFlag(AtomicBool);

impl WokenFlag {
    fn new() -> Arc<Self> {
        Arc::new(WokenFlag(AtomicBool::new(false)))
    }

    /// Whether it was woken since the last call.
    fn take(&self) -> bool {
        self.0.swap(false, Ordering::AcqRel)
    }
}

impl Wake for WokenFlag {
    fn wake(self: Arc<Self>) {
        self.wake_by_ref();
    }

    fn wake_by_ref(self: &Arc<Self>) {
        self.0.store(true, Ordering::Release);
    }
}
