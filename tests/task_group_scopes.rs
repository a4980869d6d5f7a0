//! A `TaskGroup` held across an `#[acmgr]`'s yield is bound to the
//! consumer's scope: a failing child cancels that scope promptly and its
//! error comes out of `with`; leaving the scope early (by returning, by
//! dropping the `with` future, by dropping or closing the stream form)
//! stops every child and never hangs.
//!
//! Each child owns a drop flag (set in its `Drop`, whether the child ran to
//! its end, was cancelled, or was never polled), so a test can check that
//! every child has stopped at a given point. The shared log holds the
//! events of the acmgr's body and of the consumer, whose order is fixed by
//! cause and effect; it is compared whole. Children's drops happen in their
//! own tasks, in an order that is the scheduler's business: they are checked
//! through the flags, against the points where they must have happened.
//!
//! Every scenario runs on a current-thread and on a multi-thread runtime,
//! except the one that needs two children failing at the same moment on two
//! worker threads.

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

mod common;

use std::future::pending;
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use asyncgen::{AsyncContextManager, AsyncGenerator, ErrorGroup, ScopeError, TaskGroup, acmgr};
use common::Log;
use futures::stream::{self, BoxStream};
use futures::{FutureExt, StreamExt};
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{sleep, timeout};

on_both_flavours!(
    a_failing_child_cancels_a_scope_waiting_on_something_unrelated,
    a_child_panic_reaches_the_caller_of_with_after_the_exit_ran,
    start_hands_the_ready_value_to_the_body_before_the_next_spawn,
    dropping_the_with_future_mid_scope_runs_the_exit_and_stops_every_child,
    a_stream_form_closed_after_two_items_stops_every_child,
    a_stream_form_dropped_after_two_items_stops_every_child,
    a_consumer_leaving_infinite_producers_early_returns_ok_promptly,
    a_producer_blocked_on_a_full_channel_is_cancelled_when_a_sibling_fails,
    a_child_failure_ends_the_stream_form_with_its_error,
    a_child_failure_cancels_a_scope_held_through_the_guard,
);

/// Far longer than any test may take: a scope waiting this long is only
/// ever ended by cancellation.
const FOREVER: Duration = Duration::from_secs(60);

/// A generous bound for "promptly": cancellation takes microseconds; this
/// only keeps a loaded CI machine from failing the test.
const PROMPTLY: Duration = Duration::from_millis(500);

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Boom(&'static str);

/// A child's name and whether its future was dropped.
type Flag = (&'static str, Arc<AtomicBool>);

/// One drop flag per child, by name.
#[derive(Clone, Default)]
struct Flags(Arc<Mutex<Vec<Flag>>>);

/// Sets its flag when dropped: when the child's future that owns it is
/// dropped.
struct DropFlag(Arc<AtomicBool>);

impl Drop for DropFlag {
    fn drop(&mut self) {
        self.0.store(true, Ordering::SeqCst);
    }
}

impl Flags {
    /// A new flag named `name`, to move into a child.
    fn arm(&self, name: &'static str) -> DropFlag {
        let flag = Arc::new(AtomicBool::new(false));
        self.0.lock().unwrap().push((name, flag.clone()));
        DropFlag(flag)
    }

    /// The children whose future has not been dropped yet.
    fn running(&self) -> Vec<&'static str> {
        let flags = self.0.lock().unwrap();
        flags
            .iter()
            .filter(|(_, flag)| !flag.load(Ordering::SeqCst))
            .map(|(name, _)| *name)
            .collect()
    }

    /// The names of every child.
    fn names(&self) -> Vec<&'static str> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|(name, _)| *name)
            .collect()
    }

    /// Waits (yielding to the runtime) until every child has stopped, for at
    /// most `PROMPTLY`; returns those still running then.
    async fn wait_until_all_stopped(&self) -> Vec<&'static str> {
        let deadline = Instant::now() + PROMPTLY;
        loop {
            let running = self.running();
            if running.is_empty() || Instant::now() >= deadline {
                return running;
            }
            sleep(Duration::from_millis(1)).await;
        }
    }
}

/// A child that waits forever (until cancelled), holding its drop flag.
fn idle_child(
    flags: &Flags,
    name: &'static str,
) -> impl Future<Output = Result<(), Boom>> + 'static {
    let stopped = flags.arm(name);
    async move {
        let _stopped = stopped;
        pending::<()>().await;
        Ok(())
    }
}

/// A producer that sends `<name> <n>` for n = 0, 1, ... forever, `every`
/// apart (or as fast as the channel takes them), and ends when the channel
/// is closed (the consumer is gone: not a failure).
fn infinite_producer(
    flags: &Flags,
    name: &'static str,
    every: Duration,
    tx: mpsc::Sender<String>,
) -> impl Future<Output = Result<(), Boom>> + 'static {
    let stopped = flags.arm(name);
    async move {
        let _stopped = stopped;
        for n in 0.. {
            if !every.is_zero() {
                sleep(every).await;
            }
            if tx.send(format!("{name} {n}")).await.is_err() {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// A stream over a channel's receiver (no `tokio-stream` here).
fn receiver_stream<T: Send + 'static>(rx: mpsc::Receiver<T>) -> BoxStream<'static, T> {
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
    .boxed()
}

/// When something happened, to measure how fast cancellation is.
#[derive(Clone, Default)]
struct Moment(Arc<Mutex<Option<Instant>>>);

impl Moment {
    fn now(&self) {
        *self.0.lock().unwrap() = Some(Instant::now());
    }

    fn get(&self) -> Instant {
        self.0.lock().unwrap().expect("the moment happened")
    }
}

/// Marks a moment, and logs `drop <name>`, when dropped.
struct DropProbe {
    log: Log,
    name: &'static str,
    at: Moment,
}

impl Drop for DropProbe {
    fn drop(&mut self) {
        self.at.now();
        self.log.push(format!("drop {}", self.name));
    }
}

/// The child's error, out of a `with` on an acmgr whose exit propagated
/// the group's error.
fn exit_errors<T: std::fmt::Debug, S: std::fmt::Debug>(
    result: Result<T, ScopeError<S, ErrorGroup<Boom>>>,
) -> Vec<Boom> {
    match result {
        Err(ScopeError::Exit(group)) => group.into_vec(),
        other => panic!("expected the children's errors out of the exit, got {other:?}"),
    }
}

// --- a child fails while the scope waits on something unrelated ---------

#[acmgr(yield = oneshot::Sender<()>)]
async fn feeds_with_one_failing(
    log: Log,
    flags: Flags,
    failed_at: Moment,
) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let tg = TaskGroup::new();
    tg.spawn(idle_child(&flags, "news"));
    tg.spawn(idle_child(&flags, "sports"));
    let (scope_waits, is_waiting) = oneshot::channel();
    {
        let log = log.clone();
        let stopped = flags.arm("weather");
        tg.spawn(async move {
            let _stopped = stopped;
            is_waiting.await.expect("the scope starts waiting");
            log.push("weather fails");
            failed_at.now();
            Err(Boom("weather feed lost"))
        });
    }
    let outcome = yield_!(scope_waits);
    log.push(format!("exit {outcome:?}"));
    tg.join().await?;
    log.push("joined (not reached)");
    Ok(())
}

async fn a_failing_child_cancels_a_scope_waiting_on_something_unrelated() {
    let log = Log::new();
    let flags = Flags::default();
    let failed_at = Moment::default();
    let scope_dropped_at = Moment::default();
    let started = Instant::now();
    let result = feeds_with_one_failing(log.clone(), flags.clone(), failed_at.clone())
        .with(async |scope_waits| {
            let _probe = DropProbe {
                log: log.clone(),
                name: "scope",
                at: scope_dropped_at.clone(),
            };
            log.push("scope sleeps");
            scope_waits.send(()).unwrap();
            sleep(FOREVER).await;
            log.push("scope woke (not reached)");
            Ok::<_, Boom>(())
        })
        .await;
    let running_at_return = flags.running();
    let elapsed = started.elapsed();
    log.push("with returned");

    assert_eq!(exit_errors(result), [Boom("weather feed lost")]);
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope sleeps",
            "weather fails",
            // The scope's future is dropped (its sleep abandoned) ...
            "drop scope",
            // ... then the exit runs, told the scope was cancelled.
            "exit Cancelled",
            "with returned"
        ]
    );
    let cancelled_after = scope_dropped_at.get() - failed_at.get();
    assert!(
        cancelled_after < PROMPTLY,
        "the scope was cancelled {cancelled_after:?} after the failure"
    );
    assert!(elapsed < PROMPTLY, "`with` took {elapsed:?}");
    assert_eq!(flags.names(), ["news", "sports", "weather"]);
    assert!(
        running_at_return.is_empty(),
        "still running when `with` returned: {running_at_return:?}"
    );
}

// --- two children fail -------------------------------------------------

#[acmgr(yield = watch::Sender<bool>)]
async fn feeds_with_two_failing(log: Log, flags: Flags) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let tg = TaskGroup::new();
    tg.spawn(idle_child(&flags, "sibling"));
    let (go, wait_for_go) = watch::channel(false);
    // Both wait until the scope runs, then block their worker threads until
    // both are inside their poll, then fail: neither can be cancelled by the
    // other's failure before it fails too.
    let arrived = Arc::new(AtomicUsize::new(0));
    for (name, error) in [("left", Boom("left")), ("right", Boom("right"))] {
        let stopped = flags.arm(name);
        let mut wait_for_go = wait_for_go.clone();
        let arrived = arrived.clone();
        tg.spawn(async move {
            let _stopped = stopped;
            wait_for_go.wait_for(|go| *go).await.expect("go");
            arrived.fetch_add(1, Ordering::SeqCst);
            let deadline = Instant::now() + Duration::from_secs(5);
            while arrived.load(Ordering::SeqCst) < 2 {
                assert!(Instant::now() < deadline, "the other child never ran");
                std::thread::yield_now();
            }
            Err(error)
        });
    }
    let outcome = yield_!(go);
    log.push(format!("exit {outcome:?}"));
    tg.join().await?;
    Ok(())
}

/// Two children fail at the same time, each on its own worker thread: both
/// errors are in the `ErrorGroup` that comes out of `with`.
#[tokio::test(flavor = "multi_thread", worker_threads = 3)]
async fn two_failing_children_are_both_in_the_error_group() {
    let log = Log::new();
    let flags = Flags::default();
    let result = feeds_with_two_failing(log.clone(), flags.clone())
        .with(async |go| {
            let _probe = log.guard("scope");
            log.push("scope sleeps");
            go.send(true).unwrap();
            sleep(FOREVER).await;
            Ok::<_, Boom>(())
        })
        .await;
    let running_at_return = flags.running();
    log.push("with returned");

    let mut errors = exit_errors(result);
    errors.sort_unstable();
    assert_eq!(errors, [Boom("left"), Boom("right")]);
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope sleeps",
            "drop scope",
            "exit Cancelled",
            "with returned"
        ]
    );
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
}

// --- a child panics ----------------------------------------------------

#[acmgr(yield = oneshot::Sender<()>)]
async fn feeds_with_one_panicking(log: Log, flags: Flags) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let tg = TaskGroup::new();
    tg.spawn(idle_child(&flags, "news"));
    let (scope_waits, is_waiting) = oneshot::channel();
    {
        let log = log.clone();
        let stopped = flags.arm("weather");
        tg.spawn(async move {
            let _stopped = stopped;
            is_waiting.await.expect("the scope starts waiting");
            log.push("weather panics");
            panic!("weather child panicked");
        });
    }
    let outcome = yield_!(scope_waits);
    log.push(format!("exit {outcome:?}"));
    tg.join().await?; // re-raises the child's panic
    log.push("joined (not reached)");
    Ok(())
}

async fn a_child_panic_reaches_the_caller_of_with_after_the_exit_ran() {
    let log = Log::new();
    let flags = Flags::default();
    let with = feeds_with_one_panicking(log.clone(), flags.clone()).with(async |scope_waits| {
        let _probe = log.guard("scope");
        log.push("scope sleeps");
        scope_waits.send(()).unwrap();
        sleep(FOREVER).await;
        Ok::<_, Boom>(())
    });
    let caught = AssertUnwindSafe(with).catch_unwind().await;
    let running_at_return = flags.running();
    log.push("with panicked");

    let payload = caught.expect_err("the child's panic reaches the caller of `with`");
    assert_eq!(
        payload.downcast_ref::<&str>(),
        Some(&"weather child panicked")
    );
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope sleeps",
            "weather panics",
            "drop scope",
            "exit Cancelled",
            "with panicked"
        ]
    );
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
}

// --- start() -----------------------------------------------------------

#[acmgr(yield = (u16, oneshot::Receiver<()>))]
async fn server_then_client(log: Log, flags: Flags) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let tg = TaskGroup::new();
    let port = {
        let log = log.clone();
        let stopped = flags.arm("server");
        tg.start(|started| async move {
            let _stopped = stopped;
            log.push("server binds");
            tokio::task::yield_now().await;
            started.started(8080_u16);
            pending::<()>().await; // serves until cancelled
            Ok(())
        })
    }
    .await
    .expect("the server reports that it started");
    log.push(format!("body got port {port}"));
    let (connected, has_connected) = oneshot::channel();
    {
        let log = log.clone();
        let stopped = flags.arm("client");
        tg.spawn(async move {
            let _stopped = stopped;
            log.push(format!("client connects to {port}"));
            let _ = connected.send(());
            Ok(())
        });
    }
    let outcome = yield_!((port, has_connected));
    log.push(format!("exit {outcome:?}"));
    tg.shutdown().await?;
    log.push("shut down");
    Ok(())
}

async fn start_hands_the_ready_value_to_the_body_before_the_next_spawn() {
    let log = Log::new();
    let flags = Flags::default();
    let port = server_then_client(log.clone(), flags.clone())
        .with(async |(port, has_connected)| {
            has_connected.await.expect("the client ran");
            log.push(format!("scope serves on {port}"));
            Ok::<_, Boom>(port)
        })
        .await
        .unwrap();
    let running_at_return = flags.running();

    assert_eq!(port, 8080);
    assert_eq!(
        log.take(),
        [
            "enter",
            "server binds",
            // `start` returned the server's value before the body went on
            // to spawn the client, which was given that value.
            "body got port 8080",
            "client connects to 8080",
            "scope serves on 8080",
            "exit Completed",
            "shut down"
        ]
    );
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
}

// --- the `with` future is dropped mid-scope ----------------------------

#[acmgr(yield = ())]
async fn idle_feeds(log: Log, flags: Flags) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let tg = TaskGroup::new();
    tg.spawn(idle_child(&flags, "news"));
    tg.spawn(idle_child(&flags, "weather"));
    let outcome = yield_!(());
    log.push(format!("exit {outcome:?}"));
    tg.shutdown().await?;
    log.push("shut down");
    Ok(())
}

async fn dropping_the_with_future_mid_scope_runs_the_exit_and_stops_every_child() {
    let log = Log::new();
    let flags = Flags::default();
    let with = idle_feeds(log.clone(), flags.clone()).with(async |()| {
        let _probe = log.guard("scope");
        log.push("scope sleeps");
        sleep(FOREVER).await;
        Ok::<_, Boom>(())
    });
    let timed_out = timeout(Duration::from_millis(20), with).await;
    assert!(timed_out.is_err());
    // Synchronous inside the drop of the `with` future: the scope's future
    // is dropped, then the exit runs to its end; its `shutdown` cancels and
    // aborts the children without waiting for them.
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope sleeps",
            "drop scope",
            "exit Cancelled",
            "shut down"
        ]
    );
    // The children's futures are dropped by the runtime on its next tick.
    let still_running = flags.wait_until_all_stopped().await;
    assert!(
        still_running.is_empty(),
        "not stopped within {PROMPTLY:?} of the drop: {still_running:?}"
    );
    assert_eq!(flags.names(), ["news", "weather"]);
}

// --- the stream form, left after two items -----------------------------

#[acmgr(yield = BoxStream<'static, String>)]
async fn news_and_weather(log: Log, flags: Flags) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let (tx, rx) = mpsc::channel(1);
    let tg = TaskGroup::new();
    tg.spawn(infinite_producer(
        &flags,
        "news",
        Duration::ZERO,
        tx.clone(),
    ));
    tg.spawn(infinite_producer(&flags, "weather", Duration::ZERO, tx));
    let outcome = yield_!(receiver_stream(rx));
    log.push(format!("exit {outcome:?}"));
    tg.shutdown().await?;
    log.push("shut down");
    Ok(())
}

/// Each item is `news <n>` or `weather <n>`, each producer's numbers
/// counting up from 0.
fn assert_well_formed(items: &[String]) {
    for name in ["news", "weather"] {
        let numbers: Vec<usize> = items
            .iter()
            .filter_map(|item| item.strip_prefix(&format!("{name} ")))
            .map(|n| n.parse().unwrap())
            .collect();
        let expected: Vec<usize> = (0..numbers.len()).collect();
        assert_eq!(numbers, expected, "{items:?}");
    }
    assert!(
        items
            .iter()
            .all(|item| item.starts_with("news ") || item.starts_with("weather ")),
        "{items:?}"
    );
}

async fn a_stream_form_closed_after_two_items_stops_every_child() {
    let log = Log::new();
    let flags = Flags::default();
    let mut body = pin!(news_and_weather(log.clone(), flags.clone()).into_stream());
    let mut items = Vec::new();
    for _ in 0..2 {
        let item = body.next().await.expect("an item").expect("not an error");
        items.push(item);
    }
    log.push("consumer stops after 2 items");
    let closed = timeout(PROMPTLY, body.as_mut().close())
        .await
        .expect("closing never hangs");
    let running_at_return = flags.running();
    log.push("closed");

    assert!(closed.is_ok(), "no child error: {closed:?}");
    assert_well_formed(&items);
    assert_eq!(
        log.take(),
        [
            "enter",
            "consumer stops after 2 items",
            "exit Cancelled",
            "shut down",
            "closed"
        ]
    );
    // `close` awaited the exit, whose `shutdown` waited for the children.
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
    assert!(body.next().await.is_none());
}

async fn a_stream_form_dropped_after_two_items_stops_every_child() {
    let log = Log::new();
    let flags = Flags::default();
    let items: Vec<Result<String, ErrorGroup<Boom>>> = news_and_weather(log.clone(), flags.clone())
        .into_stream()
        .take(2)
        .collect()
        .await;
    log.push("consumer dropped the stream after 2 items");

    let items: Vec<String> = items.into_iter().map(|item| item.unwrap()).collect();
    assert_eq!(items.len(), 2);
    assert_well_formed(&items);
    // The exit ran inside the drop, to its end; `shutdown` there does not
    // wait for the children ...
    assert_eq!(
        log.take(),
        [
            "enter",
            "exit Cancelled",
            "shut down",
            "consumer dropped the stream after 2 items"
        ]
    );
    // ... which the runtime drops on its next tick.
    let still_running = flags.wait_until_all_stopped().await;
    assert!(still_running.is_empty(), "{still_running:?}");
    assert_eq!(flags.names(), ["news", "weather"]);
}

// --- two infinite producers, a consumer that takes three items ----------

async fn a_consumer_leaving_infinite_producers_early_returns_ok_promptly() {
    let log = Log::new();
    let flags = Flags::default();
    let started = Instant::now();
    let with = news_and_weather(log.clone(), flags.clone()).with(async |feed| {
        let items: Vec<String> = feed.take(3).collect().await;
        log.push("scope took 3 items");
        Ok::<_, Boom>(items)
    });
    let items = timeout(PROMPTLY, with)
        .await
        .expect("leaving early never hangs")
        .expect("no child error is reported");
    let running_at_return = flags.running();
    let elapsed = started.elapsed();

    assert_eq!(items.len(), 3);
    assert_well_formed(&items);
    assert_eq!(
        log.take(),
        ["enter", "scope took 3 items", "exit Completed", "shut down"]
    );
    assert!(elapsed < PROMPTLY, "`with` took {elapsed:?}");
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
    assert_eq!(flags.names(), ["news", "weather"]);
}

// --- a producer blocked on a full channel while a sibling fails ---------

#[acmgr(yield = ())]
async fn blocked_producer_and_failing_sibling(
    log: Log,
    flags: Flags,
) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    // The body keeps the receiver until after the group is joined: the only
    // thing that can stop the blocked producer is the cancellation (not a
    // closed channel).
    let (tx, rx) = mpsc::channel::<u32>(1);
    let tg = TaskGroup::new();
    let (blocked, is_blocked) = oneshot::channel();
    {
        let log = log.clone();
        let stopped = flags.arm("producer");
        tg.spawn(async move {
            let _stopped = stopped;
            tx.send(1).await.expect("the channel has room for one");
            log.push("producer blocks on a full channel");
            let _ = blocked.send(());
            let sent = tx.send(2).await; // nobody receives: blocks until cancelled
            log.push(format!("producer's send returned {sent:?} (not reached)"));
            Ok(())
        });
    }
    {
        let log = log.clone();
        let stopped = flags.arm("sibling");
        tg.spawn(async move {
            let _stopped = stopped;
            is_blocked.await.expect("the producer blocks");
            log.push("sibling fails");
            Err(Boom("sibling failed"))
        });
    }
    let outcome = yield_!(());
    log.push(format!("exit {outcome:?}"));
    let joined = tg.join().await;
    drop(rx);
    log.push("receiver dropped");
    joined?;
    Ok(())
}

async fn a_producer_blocked_on_a_full_channel_is_cancelled_when_a_sibling_fails() {
    let log = Log::new();
    let flags = Flags::default();
    let result = blocked_producer_and_failing_sibling(log.clone(), flags.clone())
        .with(async |()| {
            let _probe = log.guard("scope");
            sleep(FOREVER).await;
            Ok::<_, Boom>(())
        })
        .await;
    let running_at_return = flags.running();
    log.push("with returned");

    assert_eq!(exit_errors(result), [Boom("sibling failed")]);
    assert_eq!(
        log.take(),
        [
            "enter",
            "producer blocks on a full channel",
            "sibling fails",
            "drop scope",
            "exit Cancelled",
            "receiver dropped",
            "with returned"
        ]
    );
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
}

// --- a child failure in the stream form and under the guard protocol ----

#[acmgr(yield = BoxStream<'static, String>)]
async fn news_and_failing_weather(log: Log, flags: Flags) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let (tx, rx) = mpsc::channel(1);
    let tg = TaskGroup::new();
    tg.spawn(infinite_producer(
        &flags,
        "news",
        Duration::from_millis(1),
        tx.clone(),
    ));
    {
        let log = log.clone();
        let stopped = flags.arm("weather");
        tg.spawn(async move {
            let _stopped = stopped;
            tx.send("weather 0".to_owned()).await.ok();
            sleep(Duration::from_millis(5)).await;
            log.push("weather fails");
            Err(Boom("weather feed lost"))
        });
    }
    let outcome = yield_!(receiver_stream(rx));
    log.push(format!("exit {outcome:?}"));
    tg.shutdown().await?;
    log.push("shut down (not reached)");
    Ok(())
}

async fn a_child_failure_ends_the_stream_form_with_its_error() {
    let log = Log::new();
    let flags = Flags::default();
    let items: Vec<Result<String, ErrorGroup<Boom>>> = timeout(PROMPTLY, {
        news_and_failing_weather(log.clone(), flags.clone())
            .into_stream()
            .collect()
    })
    .await
    .expect("a failure ends the stream promptly");
    let running_at_end = flags.running();
    log.push("stream ended");

    // The items read before the failure, then the error as the last item.
    let (last, read) = items.split_last().expect("at least the error");
    assert_eq!(last, &Err(ErrorGroup::from(Boom("weather feed lost"))));
    assert!(read.iter().all(Result::is_ok), "{items:?}");
    assert_eq!(
        log.take(),
        ["enter", "weather fails", "exit Cancelled", "stream ended"]
    );
    assert!(running_at_end.is_empty(), "{running_at_end:?}");
}

async fn a_child_failure_cancels_a_scope_held_through_the_guard() {
    let log = Log::new();
    let flags = Flags::default();
    let (mut feed, guard) = news_and_failing_weather(log.clone(), flags.clone())
        .enter()
        .await
        .expect("enter succeeds");
    // A framework without a closure polls the guard's `is_cancelled`; here,
    // between items, until the failure has cancelled the scope.
    let deadline = Instant::now() + PROMPTLY;
    while !guard.is_cancelled() {
        assert!(Instant::now() < deadline, "the scope was never cancelled");
        let _ = timeout(Duration::from_millis(1), feed.next()).await;
    }
    log.push("guard says cancelled");
    drop(feed);
    let exited = guard.exit(asyncgen::Outcome::Cancelled).await;
    let running_at_return = flags.running();

    assert_eq!(exited, Err(ErrorGroup::from(Boom("weather feed lost"))));
    assert_eq!(
        log.take(),
        [
            "enter",
            "weather fails",
            "guard says cancelled",
            "exit Cancelled"
        ]
    );
    assert!(running_at_return.is_empty(), "{running_at_return:?}");
}

/// A group whose failure the acmgr body handled during enter (it joined the
/// group and took the error) does not cancel the scope that follows: only a
/// failure not yet handed over cancels it.
mod handled_during_enter {
    use std::convert::Infallible;
    use std::sync::{Arc, Mutex};

    use asyncgen::{AsyncContextManager, TaskGroup, acmgr};

    async fn probe() -> bool {
        let group = TaskGroup::<&'static str>::new();
        group.spawn(async { Err("probe failed") });
        group.join().await.is_ok()
    }

    #[acmgr(yield = bool)]
    async fn checks_first(log: Arc<Mutex<Vec<String>>>) {
        let healthy = probe().await;
        log.lock()
            .unwrap()
            .push(format!("enter: probe healthy = {healthy}"));
        let outcome = yield_!(healthy);
        log.lock().unwrap().push(format!("exit {outcome:?}"));
    }

    #[tokio::test]
    async fn the_scope_runs_and_completes() {
        let log = Arc::new(Mutex::new(Vec::new()));
        let scope_log = log.clone();
        let value = checks_first(log.clone())
            .with(async |healthy| {
                scope_log
                    .lock()
                    .unwrap()
                    .push(format!("scope: healthy = {healthy}"));
                Ok::<_, Infallible>(healthy)
            })
            .await;
        assert_eq!(value, Ok(false));
        assert_eq!(
            *log.lock().unwrap(),
            [
                "enter: probe healthy = false",
                "scope: healthy = false",
                "exit Completed"
            ]
        );
    }
}
