//! `TaskGroup`: children fail together and end together. Each child holds a
//! guard that logs `drop <name>` when its future is dropped, so a test can
//! assert that a child stopped, and when, against the other events.
//!
//! Scenarios whose order does not depend on the scheduler run on both tokio
//! flavours; the exact interleaving of independent children is asserted on
//! the current-thread runtime only.

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

#[path = "support/capture.rs"]
mod capture;
mod common;

use std::future::pending;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use asyncgen::{ErrorGroup, NotStarted, TaskGroup};
use capture::Capture;
use common::Log;
use futures::FutureExt;
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::time::timeout;
use tracing::Level;

on_both_flavours!(
    spawn_and_join,
    a_failure_cancels_the_siblings,
    a_failure_cancels_a_producer_blocked_on_a_full_channel,
    a_panic_is_re_raised_in_the_joiner_after_the_siblings_stopped,
    start_hands_the_ready_value_over_before_the_parent_goes_on,
    start_without_readiness_is_not_started,
    cancel_then_join,
    shutdown_stops_infinite_producers,
    dropping_the_group_cancels_the_children,
);

const PROMPTLY: Duration = Duration::from_secs(2);

fn current_thread() -> bool {
    Handle::current().runtime_flavor() == RuntimeFlavor::CurrentThread
}

/// Asserts that `first` was logged before `then`.
fn assert_before(events: &[String], first: &str, then: &str) {
    let position = |event: &str| {
        events
            .iter()
            .position(|e| e == event)
            .unwrap_or_else(|| panic!("{event:?} not in {events:?}"))
    };
    assert!(
        position(first) < position(then),
        "{first:?} should come before {then:?} in {events:?}"
    );
}

/// A child that logs `<name> waits`, tells `up`, then waits forever.
fn waiting_child<E: Send + 'static>(
    log: &Log,
    name: &'static str,
    up: oneshot::Sender<()>,
) -> impl Future<Output = Result<(), E>> + Send + 'static {
    let log = log.clone();
    async move {
        let _guard = log.guard(name);
        log.push(format!("{name} waits"));
        let _ = up.send(());
        pending::<()>().await;
        log.push(format!("{name} resumed (not reached)"));
        Ok(())
    }
}

async fn spawn_and_join() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new();
    for name in ["a", "b", "c"] {
        let log = log.clone();
        group.spawn(async move {
            let _guard = log.guard(name);
            log.push(format!("{name} starts"));
            tokio::task::yield_now().await;
            log.push(format!("{name} ends"));
            Ok(())
        });
    }
    group.join().await.unwrap();
    log.push("joined");

    // The children run concurrently, in an order that is the scheduler's
    // business (a current-thread runtime included): cause and effect are
    // pinned, and that every child ended before `join` returned.
    let events = log.take();
    assert_eq!(events.len(), 10, "{events:?}");
    for name in ["a", "b", "c"] {
        assert_before(&events, &format!("{name} starts"), &format!("{name} ends"));
        assert_before(&events, &format!("{name} ends"), &format!("drop {name}"));
        assert_before(&events, &format!("drop {name}"), "joined");
    }
}

async fn a_failure_cancels_the_siblings() {
    let log = Log::new();
    let group = TaskGroup::new();
    let (up, is_up) = oneshot::channel();
    group.spawn(waiting_child(&log, "sibling", up));
    {
        let log = log.clone();
        group.spawn(async move {
            is_up.await.unwrap();
            log.push("child fails");
            Err("boom")
        });
    }
    let errors = group.join().await.unwrap_err();
    log.push("joined");

    assert_eq!(errors.into_vec(), ["boom"]);
    assert_eq!(
        log.take(),
        ["sibling waits", "child fails", "drop sibling", "joined"]
    );
}

async fn a_failure_cancels_a_producer_blocked_on_a_full_channel() {
    let log = Log::new();
    let group = TaskGroup::new();
    let (tx, rx) = mpsc::channel::<u32>(1);
    let (blocking, is_blocking) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn(async move {
            let _guard = log.guard("producer");
            tx.send(1).await.unwrap(); // fills the channel
            log.push("producer sends 2");
            let _ = blocking.send(());
            let _ = tx.send(2).await; // nobody receives: blocks until cancelled
            log.push("producer sent 2 (not reached)");
            Ok(())
        });
    }
    {
        let log = log.clone();
        group.spawn(async move {
            is_blocking.await.unwrap();
            log.push("sibling fails");
            Err("sibling failed")
        });
    }
    let errors = group.join().await.unwrap_err();
    log.push("joined");
    drop(rx); // alive until here: the producer did not stop for a closed channel

    assert_eq!(errors.into_vec(), ["sibling failed"]);
    assert_eq!(
        log.take(),
        [
            "producer sends 2",
            "sibling fails",
            "drop producer",
            "joined"
        ]
    );
}

/// Two children fail at the same time, each on its own worker thread,
/// already inside its poll (past the cancellation check) when the other
/// fails: both errors are kept.
#[tokio::test(flavor = "multi_thread", worker_threads = 3)]
async fn two_failures_are_both_in_the_error_group() {
    let log = Log::new();
    let group = TaskGroup::new();
    let (up, is_up) = oneshot::channel();
    group.spawn(waiting_child(&log, "sibling", up));
    is_up.await.unwrap();

    fail_together(&group, [|| Err("left"), || Err("right")]);
    let errors: ErrorGroup<&str> = group.join().await.unwrap_err();
    log.push("joined");

    assert_eq!(errors.len(), 2);
    assert_ne!(errors.iter().len(), 0);
    let first = *errors.first();
    let display = errors.to_string();
    let mut all = errors.into_vec();
    assert_eq!(all[0], first);
    assert_eq!(
        display,
        format!("2 child tasks failed: {}; {}", all[0], all[1])
    );
    all.sort_unstable();
    assert_eq!(all, ["left", "right"]);
    assert_eq!(log.take(), ["sibling waits", "drop sibling", "joined"]);
}

async fn a_panic_is_re_raised_in_the_joiner_after_the_siblings_stopped() {
    let log = Log::new();
    let group = TaskGroup::<()>::new();
    let (up, is_up) = oneshot::channel();
    group.spawn(waiting_child(&log, "sibling", up));
    {
        let log = log.clone();
        group.spawn(async move {
            is_up.await.unwrap();
            log.push("child panics");
            panic!("child panicked");
        });
    }
    let joined = AssertUnwindSafe(group.join()).catch_unwind().await;
    log.push("join panicked");

    let payload = joined.expect_err("join re-raises the child's panic");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"child panicked"));
    assert_eq!(
        log.take(),
        [
            "sibling waits",
            "child panics",
            "drop sibling",
            "join panicked"
        ]
    );
}

async fn start_hands_the_ready_value_over_before_the_parent_goes_on() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new();
    let (finish, finished) = oneshot::channel::<()>();

    let port = {
        let log = log.clone();
        group.start(|started| async move {
            let _guard = log.guard("server");
            log.push("server binds");
            tokio::task::yield_now().await;
            started.started(8080_u16);
            log.push("server serves");
            finished.await.unwrap();
            log.push("server ends");
            Ok(())
        })
    }
    .await
    .unwrap();
    log.push(format!("parent got {port}"));
    {
        let log = log.clone();
        group.spawn(async move {
            log.push("next child runs");
            finish.send(()).unwrap();
            Ok(())
        });
    }
    group.join().await.unwrap();
    log.push("joined");

    let events = log.take();
    if current_thread() {
        assert_eq!(
            events,
            [
                "server binds",
                "server serves",
                "parent got 8080",
                "next child runs",
                "server ends",
                "drop server",
                "joined"
            ]
        );
    } else {
        // The server goes on running after reporting, concurrently with the
        // parent; everything else is ordered by cause and effect.
        assert_eq!(events.len(), 7);
        for (first, then) in [
            ("server binds", "server serves"),
            ("server binds", "parent got 8080"),
            ("parent got 8080", "next child runs"),
            ("next child runs", "server ends"),
            ("server serves", "server ends"),
            ("server ends", "drop server"),
            ("drop server", "joined"),
        ] {
            assert_before(&events, first, then);
        }
    }
}

async fn start_without_readiness_is_not_started() {
    // The child fails first: `start` says so without anyone joining, and the
    // error comes out of `join`.
    let group = TaskGroup::new();
    let not_started = group
        .start(|_started: asyncgen::Started<u16>| async { Err("no port") })
        .await;
    assert_eq!(not_started, Err(NotStarted));
    assert_eq!(group.join().await.unwrap_err().into_vec(), ["no port"]);

    // The child ends without reporting: not started, and not a failure.
    let group = TaskGroup::<&str>::new();
    let not_started = group
        .start(|_started: asyncgen::Started<u16>| async { Ok(()) })
        .await;
    assert_eq!(not_started, Err(NotStarted));
    group.join().await.unwrap();

    // The group is cancelled before the child reports.
    let group = TaskGroup::<&str>::new();
    group.cancel();
    let not_started = group
        .start(|started| async move {
            started.started(1_u8);
            Ok(())
        })
        .await;
    assert_eq!(not_started, Err(NotStarted));
    group.join().await.unwrap();
}

async fn cancel_then_join() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new();
    let (a_up, a_is_up) = oneshot::channel();
    let (b_up, b_is_up) = oneshot::channel();
    group.spawn(waiting_child(&log, "a", a_up));
    group.spawn(waiting_child(&log, "b", b_up));
    a_is_up.await.unwrap();
    b_is_up.await.unwrap();

    assert!(!group.is_cancelled());
    group.cancel();
    assert!(group.is_cancelled());
    log.push("cancel returned");
    {
        // Spawned into a cancelled group: dropped before its first poll.
        let log = log.clone();
        let guard = log.guard("late");
        group.spawn(async move {
            let _guard = guard;
            log.push("late runs (not reached)");
            Ok(())
        });
    }
    group.join().await.unwrap();
    log.push("joined");

    let events = log.take();
    if current_thread() {
        // Nothing stops inside `cancel`: the children stop once this task
        // yields (in the scheduler's order), all before `join` returns.
        assert_eq!(events[..3], ["a waits", "b waits", "cancel returned"]);
        let mut stopped = events[3..6].to_vec();
        stopped.sort();
        assert_eq!(stopped, ["drop a", "drop b", "drop late"]);
        assert_eq!(events[6..], ["joined"]);
    } else {
        assert_eq!(events.len(), 7);
        for name in ["a", "b", "late"] {
            assert_before(&events, &format!("drop {name}"), "joined");
        }
        assert_before(&events, "cancel returned", "drop late");
    }
}

async fn shutdown_stops_infinite_producers() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new();
    let (tx, mut rx) = mpsc::channel(2);
    for name in ["news", "weather"] {
        // Moved into the future before its first poll: a producer that
        // never ran logs its drop all the same.
        let guard = log.guard(name);
        let tx = tx.clone();
        group.spawn(async move {
            let _guard = guard;
            loop {
                if tx.send(name).await.is_err() {
                    return Ok(()); // the consumer is gone: not a failure
                }
            }
        });
    }
    drop(tx);
    for _ in 0..3 {
        rx.recv().await.unwrap();
    }
    log.push("consumer stops");

    // The receiver is still alive: the producers are blocked on a full
    // channel, and only the cancellation stops them.
    let started = Instant::now();
    timeout(PROMPTLY, group.shutdown())
        .await
        .expect("shutdown never hangs")
        .unwrap();
    assert!(started.elapsed() < PROMPTLY);
    log.push("shut down");
    drop(rx);

    let events = log.take();
    assert_eq!(events.len(), 4, "{events:?}");
    assert_eq!(events[0], "consumer stops");
    assert_eq!(events[3], "shut down");
    let mut stopped = events[1..3].to_vec();
    stopped.sort();
    assert_eq!(stopped, ["drop news", "drop weather"]);
}

async fn dropping_the_group_cancels_the_children() {
    struct NotifyOnDrop(Arc<Notify>);
    impl Drop for NotifyOnDrop {
        fn drop(&mut self) {
            self.0.notify_one();
        }
    }

    let log = Log::new();
    let stopped = Arc::new(Notify::new());
    let group = TaskGroup::<&str>::new();
    let (up, is_up) = oneshot::channel();
    {
        let child = waiting_child(&log, "child", up);
        let stopped = NotifyOnDrop(stopped.clone());
        group.spawn(async move {
            let _stopped = stopped;
            child.await
        });
    }
    is_up.await.unwrap();

    drop(group);
    log.push("group dropped");
    timeout(PROMPTLY, stopped.notified())
        .await
        .expect("the child stops shortly after the group is dropped");

    let events = log.take();
    if current_thread() {
        // Nothing of the child runs inside `drop`: its future is dropped on
        // the runtime's next tick.
        assert_eq!(events, ["child waits", "group dropped", "drop child"]);
    } else {
        let mut events = events;
        events.sort();
        assert_eq!(events, ["child waits", "drop child", "group dropped"]);
    }
}

#[test]
fn error_group_of_one() {
    #[derive(Debug)]
    struct Fail;
    impl std::fmt::Display for Fail {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("fail")
        }
    }
    impl std::error::Error for Fail {}

    // An `E` converts into a group of one, so `?` works on both.
    fn fails() -> Result<(), ErrorGroup<Fail>> {
        Err(Fail)?;
        Ok(())
    }
    let group = fails().unwrap_err();
    assert_eq!(group.len(), 1);
    assert_ne!(group.iter().len(), 0);
    assert_eq!(group.to_string(), "a child task failed: fail");
    assert_eq!(format!("{group:?}"), "ErrorGroup { errors: [Fail] }");
    // The message is in the `Display`, so not also the `source`.
    assert!(std::error::Error::source(&group).is_none());
    assert_eq!(group.iter().count(), 1);
    assert_eq!((&group).into_iter().count(), 1);
    assert_eq!(group.into_iter().count(), 1);
    assert_eq!(
        NotStarted.to_string(),
        "the child task ended before reporting that it started"
    );
}

/// A user error with `From<ErrorGroup<E>>` takes `?` on `join`.
#[tokio::test(flavor = "current_thread")]
async fn question_mark_on_join_into_a_user_error() {
    #[derive(Debug, PartialEq)]
    enum AppError {
        Children(Vec<&'static str>),
    }
    impl From<ErrorGroup<&'static str>> for AppError {
        fn from(group: ErrorGroup<&'static str>) -> Self {
            AppError::Children(group.into_vec())
        }
    }

    async fn run() -> Result<(), AppError> {
        let group = TaskGroup::new();
        group.spawn(async { Err("feed closed") });
        group.join().await?;
        Ok(())
    }
    assert_eq!(run().await, Err(AppError::Children(vec!["feed closed"])));
}

/// The `ERROR` events of target `asyncgen`, as `name=value` fields.
fn reported(capture: &Capture) -> Vec<String> {
    capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == Level::ERROR)
        .map(|event| event.fields)
        .collect()
}

/// Spawns two children that block their worker threads until both are
/// inside their poll, then end with `outcome` (so neither can be cancelled
/// before it fails).
fn fail_together<E: Send + 'static>(group: &TaskGroup<E>, outcomes: [fn() -> Result<(), E>; 2]) {
    let arrived = Arc::new(AtomicUsize::new(0));
    for outcome in outcomes {
        let arrived = arrived.clone();
        group.spawn(async move {
            arrived.fetch_add(1, Ordering::SeqCst);
            let deadline = Instant::now() + Duration::from_secs(5);
            while arrived.load(Ordering::SeqCst) < 2 {
                assert!(Instant::now() < deadline, "the other child never ran");
                std::thread::yield_now();
            }
            outcome()
        });
    }
}

/// A panic and an error at once: the panic is re-raised, the error is not
/// lost silently.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_wins_over_errors_which_are_reported() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let group = TaskGroup::<&str>::new();
    fail_together(&group, [|| Err("failed"), || panic!("panicked")]);
    let joined = AssertUnwindSafe(group.join()).catch_unwind().await;
    let payload = joined.expect_err("the panic is re-raised");
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"panicked"));
    let reports = reported(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].contains("errors=1"), "{}", reports[0]);
}

/// A group dropped with a failure nobody joined reports it.
#[tokio::test(flavor = "current_thread")]
async fn dropping_a_group_with_unjoined_failures_reports_them() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let group = TaskGroup::<&str>::new();
    let (failed, has_failed) = oneshot::channel::<()>();
    group.spawn(async move {
        let _failed = failed; // dropped when the child ends
        Err("nobody joins this")
    });
    let _ = has_failed.await;
    tokio::task::yield_now().await;
    assert!(group.is_cancelled());
    drop(group);
    let reports = reported(&capture);
    assert_eq!(reports.len(), 1, "{reports:?}");
    assert!(reports[0].contains("errors=1"), "{}", reports[0]);
    assert!(reports[0].contains("panicked=false"), "{}", reports[0]);

    // Joined to the end, nothing is reported.
    let group = TaskGroup::<&str>::new();
    group.spawn(async { Err("joined") });
    assert_eq!(group.join().await.unwrap_err().into_vec(), ["joined"]);
    assert_eq!(reported(&capture).len(), 1);
}
