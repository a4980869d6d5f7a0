//! Detached cleanups: the rest of a generator's cleanup that
//! `on_drop = spawn` handed to a task when the generator was dropped, and
//! how a server waits for them at shutdown.
//!
//! # Design
//!
//! One process-wide count. A `PendingGuard` is made when a cleanup task is
//! spawned and lives inside that task's future: the count goes down when the
//! future is dropped, whether the cleanup finished, panicked, was aborted,
//! or was dropped by a runtime shutting down (then it was abandoned and
//! reported). Waiters register their waker under a lock that the last
//! decrement also takes, so no wake is lost.

use core::future::Future;
use core::pin::Pin;
use core::sync::atomic::{AtomicUsize, Ordering};
use core::task::{Context, Poll, Waker};
use std::sync::Mutex;

static PENDING: AtomicUsize = AtomicUsize::new(0);
static WAITERS: Mutex<Vec<Waker>> = Mutex::new(Vec::new());

/// How many detached cleanups (the rest of the cleanup of a generator
/// declared with `on_drop = spawn`, dropped while its cleanup was waiting)
/// are still running, process-wide.
///
/// A cleanup counts from the moment its task is spawned until the task's
/// future is dropped: it finished, panicked, was aborted, or was dropped by
/// a runtime shutting down.
///
/// ```
/// use asyncgen::{async_generator, detached};
/// use futures::StreamExt;
/// use tokio::sync::oneshot;
///
/// #[async_generator(yield = u32, on_drop = spawn)]
/// async fn rows(release: oneshot::Receiver<()>) {
///     finally! { let _ = release.await; } // waits: runs on in a task
///     yield_!(1);
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let (release, rx) = oneshot::channel();
/// let mut stream = Box::pin(rows(rx));
/// assert_eq!(stream.next().await, Some(1));
/// drop(stream); // a client disconnected mid-stream
/// assert!(detached::pending() >= 1); // process-wide: ours at least
/// release.send(()).unwrap();
/// detached::wait_all().await;
/// # }
/// ```
pub fn pending() -> usize {
    PENDING.load(Ordering::Acquire)
}

/// Completes when no detached cleanup is running ([`pending`] is zero):
/// for a graceful shutdown, after the server stopped accepting work and
/// before the runtime is dropped.
///
/// Cleanups detached while it waits are waited for too. It needs no
/// particular executor; the cleanups themselves run on the tokio runtime
/// they were spawned on, so that runtime must keep running.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicBool, Ordering};
///
/// use asyncgen::{async_generator, detached};
/// use futures::StreamExt;
///
/// #[async_generator(yield = u32, on_drop = spawn)]
/// async fn feed(rolled_back: Arc<AtomicBool>) {
///     finally! {
///         tokio::time::sleep(std::time::Duration::from_millis(1)).await;
///         rolled_back.store(true, Ordering::SeqCst);
///     }
///     yield_!(1);
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let rolled_back = Arc::new(AtomicBool::new(false));
/// let mut stream = Box::pin(feed(rolled_back.clone()));
/// stream.next().await;
/// drop(stream); // the rest of the cleanup goes to a task
/// detached::wait_all().await; // at shutdown, before dropping the runtime
/// assert!(rolled_back.load(Ordering::SeqCst));
/// # }
/// ```
pub fn wait_all() -> impl Future<Output = ()> + Send + Sync + Unpin + 'static {
    WaitAll(())
}

/// The future [`wait_all`] returns.
struct WaitAll(());

impl Future for WaitAll {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if pending() == 0 {
            return Poll::Ready(());
        }
        let mut waiters = WAITERS
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // Checked again under the lock: the last decrement wakes the
        // waiters after it, under the same lock.
        if pending() == 0 {
            return Poll::Ready(());
        }
        if !waiters.iter().any(|waiter| waiter.will_wake(cx.waker())) {
            waiters.push(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// Counts one detached cleanup for as long as it lives.
#[cfg(feature = "on-drop-spawn")]
#[derive(Debug)]
pub(crate) struct PendingGuard(());

#[cfg(feature = "on-drop-spawn")]
impl PendingGuard {
    pub(crate) fn new() -> Self {
        PENDING.fetch_add(1, Ordering::AcqRel);
        PendingGuard(())
    }
}

#[cfg(feature = "on-drop-spawn")]
impl Drop for PendingGuard {
    fn drop(&mut self) {
        if PENDING.fetch_sub(1, Ordering::AcqRel) == 1 {
            let waiters = core::mem::take(
                &mut *WAITERS
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()),
            );
            for waiter in waiters {
                waiter.wake();
            }
        }
    }
}

#[cfg(all(test, feature = "on-drop-spawn"))]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::AtomicBool;
    use std::task::Wake;

    struct Flag(AtomicBool);

    impl Wake for Flag {
        fn wake(self: Arc<Self>) {
            self.0.store(true, Ordering::SeqCst);
        }
    }

    /// The count follows the guards; the last drop wakes a waiter, which
    /// then completes. (The only test in this crate that makes guards.)
    #[test]
    fn wait_all_completes_when_the_last_guard_goes() {
        let flag = Arc::new(Flag(AtomicBool::new(false)));
        let waker = Waker::from(flag.clone());
        let mut cx = Context::from_waker(&waker);
        let mut wait = wait_all();
        assert!(Pin::new(&mut wait).poll(&mut cx).is_ready());

        let first = PendingGuard::new();
        let second = PendingGuard::new();
        assert_eq!(pending(), 2);
        assert!(Pin::new(&mut wait).poll(&mut cx).is_pending());
        assert!(Pin::new(&mut wait).poll(&mut cx).is_pending());
        drop(first);
        assert!(!flag.0.load(Ordering::SeqCst));
        drop(second);
        assert!(flag.0.load(Ordering::SeqCst));
        assert_eq!(pending(), 0);
        assert!(Pin::new(&mut wait).poll(&mut cx).is_ready());
    }
}
