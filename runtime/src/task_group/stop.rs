//! The stop request a group sends its children when it is cancelled, and the
//! grace period it gives the stop-aware ones to honour it.
//!
//! The signal carries no error type, so a child's [`Stop`] handle names no
//! `E` and can be stored or passed around freely.

use std::fmt;
use std::pin::pin;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::Duration;

use tokio::sync::Notify;
use tokio::time::Instant;

/// The grace period of a new group: long enough for a farewell over a
/// network, short enough that a stuck child does not hold a shutdown up.
pub(super) const DEFAULT_GRACE: Duration = Duration::from_secs(1);

/// # Invariants
///
/// `requested` only goes from `false` to `true`. `requested_at` is set, and
/// then `requested` stored, before `notify.notify_waiters()` is called: a
/// waiter that enabled its `Notified` before reading `false` is woken, and
/// one that reads `true` finds `requested_at` set.
#[derive(Debug)]
pub(super) struct Signal {
    requested: AtomicBool,
    notify: Notify,
    requested_at: OnceLock<Instant>,
    /// The grace period in nanoseconds (saturating): an atomic, so that
    /// [`TaskGroup::with_grace`](super::TaskGroup::with_grace) applies to
    /// children already spawned.
    grace_nanos: AtomicU64,
}

impl Signal {
    pub(super) fn new() -> Self {
        let signal = Signal {
            requested: AtomicBool::new(false),
            notify: Notify::new(),
            requested_at: OnceLock::new(),
            grace_nanos: AtomicU64::new(0),
        };
        signal.set_grace(DEFAULT_GRACE);
        signal
    }

    /// Asks every child to stop. Idempotent; the first call fixes the start
    /// of the grace period.
    pub(super) fn request(&self) {
        self.requested_at.get_or_init(Instant::now);
        self.requested.store(true, Ordering::Release);
        self.notify.notify_waiters();
    }

    pub(super) fn is_requested(&self) -> bool {
        self.requested.load(Ordering::Acquire)
    }

    /// Completes once [`request`](Self::request) was called.
    pub(super) async fn requested(&self) {
        let mut notified = pin!(self.notify.notified());
        // Registered before the flag is read: a request that comes after the
        // read wakes this waiter.
        notified.as_mut().enable();
        if self.is_requested() {
            return;
        }
        notified.await;
    }

    pub(super) fn grace(&self) -> Duration {
        Duration::from_nanos(self.grace_nanos.load(Ordering::Relaxed))
    }

    pub(super) fn set_grace(&self, grace: Duration) {
        let nanos = u64::try_from(grace.as_nanos()).unwrap_or(u64::MAX);
        self.grace_nanos.store(nanos, Ordering::Relaxed);
    }

    /// When the grace period ends, or `None` if it ends too far in the future
    /// for an `Instant` to hold (the wait is then unbounded, as asked).
    pub(super) fn deadline(&self) -> Option<Instant> {
        let start = self
            .requested_at
            .get()
            .copied()
            .unwrap_or_else(Instant::now);
        start.checked_add(self.grace())
    }
}

/// A child's view of its group's stop request: given to the child of
/// [`TaskGroup::spawn_with_stop`](super::TaskGroup::spawn_with_stop).
///
/// When the group is cancelled (a sibling failed, [`cancel`], [`shutdown`],
/// the group was dropped), it requests its children to stop. A child that
/// holds a `Stop` is not dropped then: it is woken, and keeps running until
/// it returns or the group's grace period ends. It should notice the request
/// ([`requested`](Self::requested) in a `tokio::select!`, or
/// [`is_requested`](Self::is_requested) between steps), finish what it must
/// (a websocket's Close frame, a flush) and return.
///
/// Cloning a `Stop` is cheap; every clone sees the same request. A `Stop`
/// kept after its group is gone still reports the request, which happened
/// at the latest when the group was dropped. Dropping a `Stop` has no
/// effect.
///
/// ```
/// use asyncgen::{Stop, TaskGroup};
///
/// // A child that works in steps, checking for the request between them.
/// async fn copy_in_steps(stop: Stop, steps: &mut Vec<u32>) {
///     for n in 0.. {
///         if stop.is_requested() {
///             steps.push(u32::MAX); // "flushed"
///             return;
///         }
///         steps.push(n);
///         tokio::task::yield_now().await;
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let group = TaskGroup::<std::convert::Infallible>::new();
/// let (done, steps) = tokio::sync::oneshot::channel();
/// group.spawn_with_stop(|stop| async move {
///     let mut steps = Vec::new();
///     copy_in_steps(stop, &mut steps).await;
///     let _ = done.send(steps);
///     Ok(())
/// });
/// tokio::task::yield_now().await; // let it take a step or two
/// group.shutdown().await.unwrap();
/// assert_eq!(steps.await.unwrap().last(), Some(&u32::MAX));
/// # }
/// ```
///
/// [`cancel`]: super::TaskGroup::cancel
/// [`shutdown`]: super::TaskGroup::shutdown
#[derive(Clone)]
pub struct Stop {
    signal: std::sync::Arc<Signal>,
}

impl Stop {
    pub(super) fn new(signal: std::sync::Arc<Signal>) -> Self {
        Stop { signal }
    }

    /// Whether the group has asked its children to stop. Once `true`, stays
    /// `true`.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new();
    /// let mut handle = None;
    /// group.spawn_with_stop(|stop| {
    ///     handle = Some(stop.clone());
    ///     async move { Ok(stop.requested().await) }
    /// });
    /// let stop = handle.unwrap();
    /// assert!(!stop.is_requested());
    /// group.cancel();
    /// assert!(stop.is_requested());
    /// # }
    /// ```
    pub fn is_requested(&self) -> bool {
        self.signal.is_requested()
    }

    /// Completes when the group asks its children to stop, at once if it
    /// already has.
    ///
    /// Cancel-safe: dropping the future (as `tokio::select!` drops the
    /// branches that lost) loses nothing, and a new call sees the request.
    ///
    /// ```
    /// use asyncgen::TaskGroup;
    /// use tokio::sync::oneshot;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new();
    /// let (said, goodbye) = oneshot::channel();
    /// group.spawn_with_stop(|stop| async move {
    ///     stop.requested().await; // idle until the group ends
    ///     let _ = said.send("goodbye");
    ///     Ok(())
    /// });
    /// tokio::task::yield_now().await; // the child starts waiting
    /// group.shutdown().await.unwrap();
    /// assert_eq!(goodbye.await, Ok("goodbye"));
    /// # }
    /// ```
    pub async fn requested(&self) {
        self.signal.requested().await;
    }

    /// The group's grace period: how long the child has, from the request,
    /// before it is dropped.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use asyncgen::TaskGroup;
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let group = TaskGroup::<std::io::Error>::new().with_grace(Duration::from_millis(200));
    /// let (tx, rx) = tokio::sync::oneshot::channel();
    /// group.spawn_with_stop(|stop| {
    ///     let _ = tx.send(stop.grace()); // e.g. to size a flush timeout
    ///     async { Ok(()) }
    /// });
    /// assert_eq!(rx.await, Ok(Duration::from_millis(200)));
    /// group.join().await.unwrap();
    /// # }
    /// ```
    pub fn grace(&self) -> Duration {
        self.signal.grace()
    }
}

impl fmt::Debug for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stop")
            .field("requested", &self.is_requested())
            .field("grace", &self.grace())
            .finish()
    }
}
