//! Stop-aware children of a `TaskGroup`: when the group is cancelled they
//! are asked to stop (through their `Stop`, or by `close` for a generator
//! child), may clean up with awaits within the group's grace period, and
//! are dropped only when it ends; an error returned while stopping joins
//! the `ErrorGroup`.
//!
//! Every child logs to a shared log and holds a guard that logs `drop
//! <name>` when its future is dropped; the order of events is fixed by
//! cause and effect (a child's cleanup starts only once a sibling failed,
//! `join` returns only once the cleanup is done), so the log is compared
//! whole. Waits are bounded by `timeout(NEVER_HANGS, ..)` so that a broken
//! group fails a test instead of hanging it; nothing asserts on durations.
//! What the group reports through `tracing` is tested in
//! `task_group_stop_reports.rs`.

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

mod common;

use std::future::pending;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::time::Duration;

use asyncgen::{AsyncContextManager, ErrorGroup, Stop, TaskGroup, acmgr, async_generator};
use common::Log;
use futures::stream::{self, BoxStream};
use futures::{FutureExt, StreamExt};
use tokio::runtime::{Handle, RuntimeFlavor};
use tokio::sync::{Notify, mpsc, oneshot};
use tokio::time::{sleep, timeout};

on_both_flavours!(
    a_stop_aware_child_cleans_up_before_join_returns,
    an_error_returned_while_stopping_joins_the_group_after_the_siblings,
    shutdown_waits_for_the_stop_and_returns_its_error,
    plain_children_are_dropped_while_stop_aware_ones_clean_up,
    a_child_ignoring_the_stop_is_dropped_when_the_grace_period_ends,
    a_zero_grace_period_still_lets_a_child_react_once,
    dropping_the_group_lets_a_stop_aware_child_finish_its_stop,
    dropping_the_group_drops_a_child_ignoring_the_stop_after_the_grace_period,
    a_panic_while_stopping_is_re_raised_by_join,
    a_generator_child_runs_its_awaiting_finally_on_cancel,
    a_generator_child_close_error_joins_the_group_after_the_siblings,
    a_generator_child_still_closing_when_the_grace_ends_is_dropped,
    a_generator_child_that_ends_or_fails_by_itself,
    a_producer_says_goodbye_when_the_acmgr_consumer_leaves_early,
    a_producer_finishes_its_stop_after_the_with_future_is_dropped,
);

/// Longer than any cleanup here needs, even on a loaded machine: a child
/// that cleans up is never cut short by it.
const GENEROUS_GRACE: Duration = Duration::from_secs(5);

/// For children that ignore the stop: the group drops them after this.
const SHORT_GRACE: Duration = Duration::from_millis(50);

/// Bounds every wait, so a broken group fails the test instead of hanging
/// it; longer than `GENEROUS_GRACE`.
const NEVER_HANGS: Duration = Duration::from_secs(10);

/// The await inside a cleanup: a tokio timer, as a Close handshake would be.
const HANDSHAKE: Duration = Duration::from_millis(5);

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

/// A stop-aware child, standing in for a websocket writer: logs `<name>
/// up` and tells `up`, waits for the stop, then logs `<name> stops`,
/// awaits a timer (its Close handshake), logs `<name> said goodbye` and
/// returns `cleanup`.
fn writer(
    log: &Log,
    name: &'static str,
    up: oneshot::Sender<()>,
    cleanup: Result<(), &'static str>,
) -> impl FnOnce(Stop) -> BoxedChild {
    let log = log.clone();
    move |stop| {
        async move {
            let _guard = log.guard(name);
            log.push(format!("{name} up"));
            let _ = up.send(());
            stop.requested().await;
            log.push(format!("{name} stops"));
            sleep(HANDSHAKE).await;
            log.push(format!("{name} said goodbye"));
            cleanup
        }
        .boxed()
    }
}

type BoxedChild = futures::future::BoxFuture<'static, Result<(), &'static str>>;

/// A child that logs `<name> fails` and returns `Err(name)`.
fn failing(log: &Log, name: &'static str) -> BoxedChild {
    let log = log.clone();
    async move {
        log.push(format!("{name} fails"));
        Err(name)
    }
    .boxed()
}

/// Resolves when `gone`'s sender is dropped (with the future that held
/// it), within `NEVER_HANGS`.
async fn dropped(gone: oneshot::Receiver<()>, what: &str) {
    let _ = timeout(NEVER_HANGS, gone)
        .await
        .unwrap_or_else(|_| panic!("{what} was never dropped"));
}

// --- a sibling fails ----------------------------------------------------

async fn a_stop_aware_child_cleans_up_before_join_returns() {
    let log = Log::new();
    let group = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    group.spawn_with_stop(writer(&log, "writer", up, Ok(())));
    is_up.await.unwrap();
    group.spawn(failing(&log, "sibling"));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");
    log.push("joined");

    // `Ok(())` after the stop is not a failure: only the sibling's error.
    assert_eq!(joined.unwrap_err().into_vec(), ["sibling"]);
    assert_eq!(
        log.take(),
        [
            "writer up",
            "sibling fails",
            "writer stops",
            "writer said goodbye",
            "drop writer",
            "joined"
        ]
    );
}

async fn an_error_returned_while_stopping_joins_the_group_after_the_siblings() {
    let log = Log::new();
    let group = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    group.spawn_with_stop(writer(&log, "writer", up, Err("writer cleanup failed")));
    is_up.await.unwrap();
    group.spawn(failing(&log, "sibling"));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");

    // The error that caused the cancellation first, then the cleanup's.
    assert_eq!(
        joined.unwrap_err().into_vec(),
        ["sibling", "writer cleanup failed"]
    );
    assert_eq!(
        log.take(),
        [
            "writer up",
            "sibling fails",
            "writer stops",
            "writer said goodbye",
            "drop writer"
        ]
    );
}

/// trio's `as_safe_channel` case: both ends' cleanup errors come out
/// together, here from `shutdown` (no sibling failed).
async fn shutdown_waits_for_the_stop_and_returns_its_error() {
    let log = Log::new();
    let group = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    group.spawn_with_stop(writer(&log, "producer", up, Err("producer cleanup failed")));
    is_up.await.unwrap();
    let (up, is_up) = oneshot::channel();
    group.spawn_with_stop(writer(&log, "consumer", up, Err("consumer cleanup failed")));
    is_up.await.unwrap();
    log.push("shutting down");
    let shut = timeout(NEVER_HANGS, group.shutdown())
        .await
        .expect("shutdown never hangs");
    log.push("shut down");

    let mut errors = shut.unwrap_err().into_vec();
    errors.sort();
    assert_eq!(
        errors,
        ["consumer cleanup failed", "producer cleanup failed"]
    );
    let events = log.take();
    assert_eq!(events.len(), 10, "{events:?}");
    assert_eq!(events[..3], ["producer up", "consumer up", "shutting down"]);
    assert_eq!(events[9], "shut down");
    for name in ["producer", "consumer"] {
        assert_before(&events, "shutting down", &format!("{name} stops"));
        assert_before(
            &events,
            &format!("{name} stops"),
            &format!("{name} said goodbye"),
        );
        assert_before(
            &events,
            &format!("{name} said goodbye"),
            &format!("drop {name}"),
        );
    }
}

/// A plain child is dropped at the cancellation, while a stop-aware sibling
/// is still cleaning up: the writer's cleanup waits for the plain child's
/// drop, so this deadlocks (and times out) unless the two are treated
/// differently.
async fn plain_children_are_dropped_while_stop_aware_ones_clean_up() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new().with_grace(GENEROUS_GRACE);
    let (plain_gone, plain_is_gone) = oneshot::channel::<()>();
    let (plain_up, plain_is_up) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn(async move {
            let _guard = log.guard("plain");
            let _gone = plain_gone;
            let _ = plain_up.send(());
            pending::<()>().await;
            Ok(())
        });
    }
    let (writer_up, writer_is_up) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            let _guard = log.guard("writer");
            let _ = writer_up.send(());
            stop.requested().await;
            log.push("writer stops");
            let _ = plain_is_gone.await;
            log.push("writer saw the plain child gone");
            Ok(())
        });
    }
    plain_is_up.await.unwrap();
    writer_is_up.await.unwrap();
    group.cancel();
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");
    assert_eq!(joined, Ok(()));
    let events = log.take();
    assert_before(&events, "drop plain", "writer saw the plain child gone");
    assert_before(&events, "writer stops", "writer saw the plain child gone");
    assert_before(&events, "writer saw the plain child gone", "drop writer");
}

// --- children that do not stop ------------------------------------------

async fn a_child_ignoring_the_stop_is_dropped_when_the_grace_period_ends() {
    let log = Log::new();
    let group = TaskGroup::new().with_grace(SHORT_GRACE);
    let (up, is_up) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn_with_stop(|_stop| async move {
            let _guard = log.guard("stubborn");
            log.push("stubborn up");
            let _ = up.send(());
            pending::<()>().await;
            log.push("stubborn resumed (not reached)");
            Ok(())
        });
    }
    is_up.await.unwrap();
    group.spawn(failing(&log, "sibling"));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("the grace period bounds join");
    log.push("joined");

    // Dropped at the deadline: not a failure.
    assert_eq!(joined.unwrap_err().into_vec(), ["sibling"]);
    assert_eq!(
        log.take(),
        ["stubborn up", "sibling fails", "drop stubborn", "joined"]
    );
}

/// With no grace at all, a child still gets the poll in which it sees the
/// request (enough to react without waiting), and is dropped at its first
/// wait.
async fn a_zero_grace_period_still_lets_a_child_react_once() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new().with_grace(Duration::ZERO);
    let (up, is_up) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            let _guard = log.guard("child");
            let _ = up.send(());
            stop.requested().await;
            log.push("child reacts");
            sleep(HANDSHAKE).await;
            log.push("child waited (not reached)");
            Ok(())
        });
    }
    is_up.await.unwrap();
    group.cancel();
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");
    assert_eq!(joined, Ok(()));
    assert_eq!(log.take(), ["child reacts", "drop child"]);
}

// --- the group is dropped -----------------------------------------------

async fn dropping_the_group_lets_a_stop_aware_child_finish_its_stop() {
    let log = Log::new();
    let group = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    let (gone, is_gone) = oneshot::channel::<()>();
    let child = writer(&log, "writer", up, Ok(()));
    group.spawn_with_stop(move |stop| {
        let child = child(stop);
        async move {
            let _gone = gone;
            child.await
        }
    });
    is_up.await.unwrap();
    drop(group);
    log.push("group dropped");
    dropped(is_gone, "the writer").await;

    let events = log.take();
    if current_thread() {
        // `drop` never waits: the whole stop runs after it, in the child's
        // task.
        assert_eq!(
            events,
            [
                "writer up",
                "group dropped",
                "writer stops",
                "writer said goodbye",
                "drop writer"
            ]
        );
    } else {
        assert_eq!(events.len(), 5, "{events:?}");
        assert_before(&events, "writer up", "writer stops");
        assert_before(&events, "writer stops", "writer said goodbye");
        assert_before(&events, "writer said goodbye", "drop writer");
        assert!(events.contains(&"group dropped".to_owned()), "{events:?}");
    }
}

async fn dropping_the_group_drops_a_child_ignoring_the_stop_after_the_grace_period() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new().with_grace(SHORT_GRACE);
    let (up, is_up) = oneshot::channel();
    let (gone, is_gone) = oneshot::channel::<()>();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            // Declared first, dropped last: the guard has logged by then.
            let _gone = gone;
            let _guard = log.guard("stubborn");
            let _ = up.send(());
            stop.requested().await;
            log.push("stubborn ignores the stop");
            pending::<()>().await;
            Ok(())
        });
    }
    is_up.await.unwrap();
    drop(group);
    dropped(is_gone, "the stubborn child").await;
    assert_eq!(log.take(), ["stubborn ignores the stop", "drop stubborn"]);
}

// --- a panic while stopping ---------------------------------------------

async fn a_panic_while_stopping_is_re_raised_by_join() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            let _guard = log.guard("writer");
            let _ = up.send(());
            stop.requested().await;
            sleep(HANDSHAKE).await;
            panic!("panicked while stopping");
        });
    }
    is_up.await.unwrap();
    group.cancel();
    let joined = timeout(NEVER_HANGS, AssertUnwindSafe(group.join()).catch_unwind())
        .await
        .expect("join never hangs");
    let payload = joined.expect_err("the panic is re-raised");
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"panicked while stopping")
    );
    assert_eq!(log.take(), ["drop writer"]);
}

// --- generator children -------------------------------------------------

/// A feed whose `finally!` awaits `cleanup_takes` on a tokio timer, logs,
/// then returns `cleanup` (through `?`).
#[async_generator(yield = ())]
async fn feed(
    log: Log,
    up: Arc<Notify>,
    cleanup_takes: Duration,
    cleanup: Result<(), &'static str>,
) -> Result<(), &'static str> {
    finally! {
        log.push("feed cleanup starts");
        sleep(cleanup_takes).await;
        log.push("feed cleanup done");
        cleanup?;
    }
    log.push("feed up");
    up.notify_one();
    loop {
        yield_!(());
        sleep(Duration::from_millis(1)).await;
    }
}

async fn a_generator_child_runs_its_awaiting_finally_on_cancel() {
    let log = Log::new();
    let up = Arc::new(Notify::new());
    let group = TaskGroup::new().with_grace(GENEROUS_GRACE);
    group.spawn_generator(feed(log.clone(), up.clone(), HANDSHAKE, Ok(())));
    up.notified().await;
    group.spawn(failing(&log, "sibling"));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");
    log.push("joined");

    assert_eq!(joined.unwrap_err().into_vec(), ["sibling"]);
    assert_eq!(
        log.take(),
        [
            "feed up",
            "sibling fails",
            "feed cleanup starts",
            "feed cleanup done",
            "joined"
        ]
    );
}

async fn a_generator_child_close_error_joins_the_group_after_the_siblings() {
    let log = Log::new();
    let up = Arc::new(Notify::new());
    let group = TaskGroup::new().with_grace(GENEROUS_GRACE);
    group.spawn_generator(feed(
        log.clone(),
        up.clone(),
        HANDSHAKE,
        Err("feed cleanup failed"),
    ));
    up.notified().await;
    group.spawn(failing(&log, "sibling"));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");

    assert_eq!(
        joined.unwrap_err().into_vec(),
        ["sibling", "feed cleanup failed"]
    );
    assert_eq!(
        log.take(),
        [
            "feed up",
            "sibling fails",
            "feed cleanup starts",
            "feed cleanup done"
        ]
    );
}

/// A `finally!` that would wait far longer than the grace period is cut
/// short: the generator is dropped (its drop policy, `report` here, deals
/// with the rest) and `join` returns.
async fn a_generator_child_still_closing_when_the_grace_ends_is_dropped() {
    let log = Log::new();
    let up = Arc::new(Notify::new());
    let group = TaskGroup::new().with_grace(SHORT_GRACE);
    group.spawn_generator(feed(log.clone(), up.clone(), NEVER_HANGS * 6, Ok(())));
    up.notified().await;
    group.cancel();
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("the grace period bounds join");
    log.push("joined");

    assert_eq!(joined, Ok(()));
    assert_eq!(log.take(), ["feed up", "feed cleanup starts", "joined"]);
}

#[async_generator(yield = u32)]
async fn countdown(log: Log, fail: bool) -> Result<(), &'static str> {
    finally! { log.push("countdown cleanup"); }
    for n in (1..=3).rev() {
        yield_!(n);
    }
    if fail {
        return Err("countdown failed");
    }
    Ok(())
}

/// Not cancelled: a generator child runs to its end, and its error (its
/// last item) is a failure like any child's.
async fn a_generator_child_that_ends_or_fails_by_itself() {
    let log = Log::new();
    let group = TaskGroup::new();
    group.spawn_generator(countdown(log.clone(), false));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");
    assert_eq!(joined, Ok(()));
    assert_eq!(log.take(), ["countdown cleanup"]);

    let group = TaskGroup::new();
    group.spawn_generator(countdown(log.clone(), true));
    let joined = timeout(NEVER_HANGS, group.join())
        .await
        .expect("join never hangs");
    assert_eq!(joined.unwrap_err().into_vec(), ["countdown failed"]);
    assert_eq!(log.take(), ["countdown cleanup"]);
}

// --- through an `#[acmgr]` whose consumer leaves early -------------------

/// A stream over a channel's receiver (no `tokio-stream` here).
fn receiver_stream<T: Send + 'static>(rx: mpsc::Receiver<T>) -> BoxStream<'static, T> {
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
    .boxed()
}

/// A producer over a connection that stays open until the group says stop
/// (so its goodbye can only come from the stop): it sends 0, 1, 2, ...;
/// once the consumer is gone it waits for the stop; then it logs,
/// awaits its Close handshake and logs again. Its future's drop closes
/// `gone`.
async fn producer(
    log: Log,
    tx: mpsc::Sender<u32>,
    stop: Stop,
    gone: oneshot::Sender<()>,
) -> Result<(), &'static str> {
    let _gone = gone;
    let mut n = 0;
    loop {
        tokio::select! {
            _ = stop.requested() => break,
            sent = tx.send(n) => {
                if sent.is_err() {
                    stop.requested().await;
                    break;
                }
            }
        }
        n += 1;
    }
    log.push("producer stops");
    sleep(HANDSHAKE).await;
    log.push("producer closed the connection");
    Ok(())
}

#[acmgr(yield = BoxStream<'static, u32>)]
async fn ticks(log: Log, gone: oneshot::Sender<()>) -> Result<(), ErrorGroup<&'static str>> {
    log.push("enter");
    let (tx, rx) = mpsc::channel(1);
    let tg = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let producer_log = log.clone();
    tg.spawn_with_stop(move |stop| producer(producer_log, tx, stop, gone));
    let outcome = yield_!(receiver_stream(rx));
    log.push(format!("exit {outcome:?}"));
    tg.shutdown().await?;
    log.push("shut down");
    Ok(())
}

async fn a_producer_says_goodbye_when_the_acmgr_consumer_leaves_early() {
    let log = Log::new();
    let (gone, _is_gone) = oneshot::channel();
    let with = ticks(log.clone(), gone).with(async |feed| {
        let items: Vec<u32> = feed.take(3).collect().await;
        log.push("scope took 3 items");
        Ok::<_, &'static str>(items)
    });
    let items = timeout(NEVER_HANGS, with)
        .await
        .expect("leaving early never hangs")
        .expect("no error");

    assert_eq!(items, [0, 1, 2]);
    // The exit's `shutdown` asked the producer to stop and waited for its
    // goodbye.
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope took 3 items",
            "exit Completed",
            "producer stops",
            "producer closed the connection",
            "shut down"
        ]
    );
}

/// The `with` future is dropped mid-scope: its exit runs inside that drop,
/// where `shutdown` cannot wait; the producer finishes its stop in its own
/// task afterwards, within the grace period.
async fn a_producer_finishes_its_stop_after_the_with_future_is_dropped() {
    let log = Log::new();
    let (gone, is_gone) = oneshot::channel();
    let (took_one, has_taken_one) = oneshot::channel();
    let with = ticks(log.clone(), gone).with(async |mut feed| {
        let first = feed.next().await;
        let _ = took_one.send(first);
        pending::<()>().await;
        Ok::<_, &'static str>(())
    });
    let mut with = Box::pin(with);
    tokio::select! {
        _ = with.as_mut() => panic!("the scope never ends by itself"),
        first = has_taken_one => assert_eq!(first.unwrap(), Some(0)),
    }
    drop(with);
    log.push("with dropped");
    dropped(is_gone, "the producer").await;

    let events = log.take();
    if current_thread() {
        assert_eq!(
            events,
            [
                "enter",
                "exit Cancelled",
                "shut down",
                "with dropped",
                "producer stops",
                "producer closed the connection"
            ]
        );
    } else {
        // The producer's task may start stopping on another worker while
        // the exit is still running.
        assert_eq!(events.len(), 6, "{events:?}");
        assert_before(&events, "enter", "exit Cancelled");
        assert_before(&events, "exit Cancelled", "shut down");
        assert_before(&events, "shut down", "with dropped");
        assert_before(&events, "exit Cancelled", "producer stops");
        assert_before(&events, "producer stops", "producer closed the connection");
    }
}

// --- the `Stop` handle ----------------------------------------------------

fn assert_clone_send_sync<T: Clone + Send + Sync + std::fmt::Debug + 'static>(_: &T) {}

#[tokio::test(flavor = "current_thread")]
async fn stop_reports_the_request_to_every_clone() {
    let group = TaskGroup::<&str>::new().with_grace(Duration::from_millis(250));
    assert_eq!(group.grace(), Duration::from_millis(250));
    let mut seen = None;
    group.spawn_with_stop(|stop| {
        seen = Some(stop.clone());
        async move {
            stop.requested().await;
            Ok(())
        }
    });
    let stop = seen.expect("the closure ran at the spawn");
    assert_clone_send_sync(&stop);
    assert!(!stop.is_requested());
    assert_eq!(stop.grace(), Duration::from_millis(250));
    assert_eq!(
        format!("{stop:?}"),
        "Stop { requested: false, grace: 250ms }"
    );

    group.cancel();
    assert!(stop.is_requested());
    // A new wait after the request completes at once.
    timeout(NEVER_HANGS, stop.requested())
        .await
        .expect("the request is seen");
    assert_eq!(timeout(NEVER_HANGS, group.join()).await, Ok(Ok(())));
    assert!(stop.clone().is_requested());
}

/// The default grace period is documented as one second.
#[test]
fn the_default_grace_period_is_one_second() {
    assert_eq!(TaskGroup::<()>::new().grace(), Duration::from_secs(1));
}

/// A stop-aware child spawned into a cancelled group has started nothing:
/// it is dropped unpolled, like a plain child.
#[tokio::test(flavor = "current_thread")]
async fn spawning_into_a_cancelled_group_drops_the_child_unpolled() {
    let log = Log::new();
    let group = TaskGroup::<&str>::new();
    group.cancel();
    {
        let log = log.clone();
        group.spawn_with_stop(|_stop| {
            let guard = log.guard("late");
            async move {
                let _guard = guard;
                log.push("late runs (not reached)");
                Ok(())
            }
        });
    }
    assert_eq!(timeout(NEVER_HANGS, group.join()).await, Ok(Ok(())));
    assert_eq!(log.take(), ["drop late"]);
}

/// The grace period needs tokio's timers: a runtime without them is told at
/// the spawn, not later from inside the group.
#[test]
fn spawn_with_stop_on_a_runtime_without_timers_panics_at_the_call() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _enter = runtime.enter();
    let group = TaskGroup::<()>::new();
    let spawned = std::panic::catch_unwind(AssertUnwindSafe(|| {
        group.spawn_with_stop(|_stop| async { Ok(()) });
    }));
    let payload = spawned.expect_err("no timers: a panic at the call");
    let message = payload
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| payload.downcast_ref::<&str>().copied())
        .unwrap_or_default();
    assert!(message.contains("timers are disabled"), "{message}");
}
