//! Promises the docs make about scopes, task groups and their nesting that
//! the other tests leave open:
//!
//! - a scope that fails while the acmgr holds a `TaskGroup`: the exit stops
//!   the children, and the group's error comes back beside the scope's
//!   (`ScopeError::Both`);
//! - a child failure nobody handled during enter (before the acmgr's
//!   yield): the scope is cancelled before it starts (never polled), and
//!   the exit sees `Cancelled`; the same for the stream form and the guard;
//! - `TaskGroup::start` and a child that panics before reporting: the
//!   caller gets `Err(NotStarted)`, the siblings are cancelled, and `join`
//!   re-raises the panic;
//! - `with` nested in another `with`'s scope, each acmgr holding a
//!   `TaskGroup`: an inner child's failure cancels the inner scope only, an
//!   outer child's failure cancels the outer scope and with it the inner
//!   `with`; and the same through an `#[async_generator]` between the two
//!   acmgrs (acmgr -> generator -> acmgr);
//! - an infallible acmgr (its body returns `()`) whose scope a child
//!   cancels: `with` panics, after the exit ran; the stream form ends
//!   after the exit ran, and the guard's `exit` returns `()`.
//!
//! Every test installs a subscriber that writes each `target: asyncgen`
//! event into the test's own log, so a report nobody expected fails the
//! comparison. It is thread-local: on a multi-thread runtime it sees the
//! events of the test's own thread (the `with` future and the acmgr bodies
//! it polls), not those of the children's tasks on the workers.
//!
//! Children's drops happen in their own tasks; where the order of such a
//! drop is not fixed by cause and effect, the child holds a `oneshot`
//! sender that the test awaits at a point where the drop must have happened,
//! and logs that instead.

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

#[path = "support/capture.rs"]
mod capture;
mod common;

use std::future::pending;
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::time::Duration;

use asyncgen::{
    AsyncContextManager, ErrorGroup, NotStarted, Outcome, ScopeError, Started, Stop, TaskGroup,
    acmgr, async_generator,
};
use capture::Capture;
use common::Log;
use futures::stream::{self, BoxStream};
use futures::{FutureExt, StreamExt};
use tokio::sync::{mpsc, oneshot};
use tokio::time::{sleep, timeout};

on_both_flavours!(
    a_failing_scope_comes_back_beside_the_error_a_child_returns_while_stopping,
    a_failing_scope_comes_back_beside_a_child_failure_during_the_exits_join,
    a_child_failure_during_enter_cancels_the_scope_before_it_is_polled,
    a_child_failure_during_enter_ends_the_stream_form_before_the_resource_is_polled,
    a_child_failure_during_enter_is_seen_by_the_guard,
    a_start_child_panicking_before_it_reports_is_not_started_and_join_re_raises,
    an_inner_child_failure_cancels_the_inner_scope_only,
    an_inner_child_failure_propagated_by_the_outer_scope_fails_it,
    an_outer_child_failure_cancels_the_outer_scope_and_the_inner_with_inside_it,
    an_inner_child_failure_inside_a_generator_ends_it_with_the_error,
    an_outer_child_failure_drops_the_generator_and_the_inner_with_inside_it,
);

/// Far longer than any test may take: a scope waiting this long is only
/// ever ended by cancellation.
const FOREVER: Duration = Duration::from_secs(60);

/// Longer than any cleanup here needs: no stop-aware child is cut short.
const GENEROUS_GRACE: Duration = Duration::from_secs(5);

/// Bounds every wait, so a broken group fails the test instead of hanging
/// it; longer than `GENEROUS_GRACE`.
const NEVER_HANGS: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Failed(&'static str);

impl std::fmt::Display for Failed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// A panic payload that is neither `&str` nor `String`: it comes back as
/// the same value, or not at all.
#[derive(Debug, PartialEq, Eq)]
struct Payload(&'static str);

/// What a fallible acmgr holding a group of `Failed` children returns
/// from `with`, for a scope failing with `Failed`.
type WithResult<T> = Result<T, ScopeError<Failed, ErrorGroup<Failed>>>;

// --- reports through `tracing`, in the log -------------------------------

/// The events of target `asyncgen`: each pushes `<LEVEL> asyncgen` into
/// the log as it comes, and keeps its fields (`name=value`) for the test to
/// read. Built on `support/capture.rs`.
struct Reports(Capture);

impl Reports {
    /// Installs a subscriber writing into `log` on this thread, for as long
    /// as the returned guard lives.
    fn install(log: &Log) -> (Self, tracing::subscriber::DefaultGuard) {
        let log = log.clone();
        let capture = Capture::calling(move |event| {
            if event.target == "asyncgen" {
                log.push(format!("{} asyncgen", event.level));
            }
        });
        let guard = tracing::subscriber::set_default(capture.clone());
        (Reports(capture), guard)
    }

    /// The fields of every report so far, in order.
    fn fields(&self) -> Vec<String> {
        self.0
            .events()
            .into_iter()
            .filter(|event| event.target == "asyncgen")
            .map(|event| event.fields)
            .collect()
    }
}

// --- 1. a failing scope, a group held by the acmgr -----------------------

/// A reader (plain child) and a writer (stop-aware child) that, asked to
/// stop, waits until the reader is gone and then fails to say goodbye. The
/// body waits until both children run before it yields; its exit shuts the
/// group down and propagates the group's error.
#[acmgr(yield = ())]
async fn reader_and_writer(log: Log) -> Result<(), ErrorGroup<Failed>> {
    log.push("enter");
    let tg = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (reader_up, is_reader_up) = oneshot::channel();
    let (writer_up, is_writer_up) = oneshot::channel();
    let (reader_gone, is_reader_gone) = oneshot::channel::<()>();
    {
        let guard = log.guard("reader");
        tg.spawn(async move {
            let _gone = reader_gone; // declared first, dropped last
            let _guard = guard;
            let _ = reader_up.send(());
            pending::<()>().await;
            Ok(())
        });
    }
    {
        let log = log.clone();
        tg.spawn_with_stop(|stop| async move {
            let _ = writer_up.send(());
            stop.requested().await;
            let _ = is_reader_gone.await;
            log.push("writer's goodbye fails");
            Err(Failed("goodbye"))
        });
    }
    is_reader_up.await.expect("the reader runs");
    is_writer_up.await.expect("the writer runs");
    log.push("children up");
    let outcome = yield_!(());
    log.push(format!("exit {outcome:?}"));
    let shut = tg.shutdown().await;
    log.push(format!("exit shut down {shut:?}"));
    shut?;
    Ok(())
}

/// `with`: "The scope returns `()` or a `Result`; an `Err` ... is reported
/// to the exit as `Outcome::Failed`", and it returns "`Result<T,
/// ScopeError<S, A>>` carrying every error that happened (enter's; the
/// scope's, the exit's, or both ...)"; `ScopeError::Both`: "Both the scope
/// and the exit failed"; `TaskGroup::shutdown`: "Cancels every child, then
/// waits until they have finished", and "Errors that children returned
/// before the cancellation still count, and so do those stop-aware
/// children return while stopping"; SPEC: "when the scope and the exit
/// both fail, neither error is lost".
///
/// The scope fails; the exit, told `Failed`, shuts the group down: the
/// plain reader is dropped, the stop-aware writer is asked to stop and
/// fails while stopping; the group's error comes back beside the scope's.
async fn a_failing_scope_comes_back_beside_the_error_a_child_returns_while_stopping() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let with = reader_and_writer(log.clone()).with(async |()| {
        let _probe = log.guard("scope");
        log.push("scope fails");
        Err::<u32, _>(Failed("scope"))
    });
    let result: WithResult<u32> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");

    let error = result.expect_err("the scope failed");
    assert_eq!(
        error,
        ScopeError::Both {
            scope: Failed("scope"),
            exit: ErrorGroup::from(Failed("goodbye")),
        }
    );
    assert_eq!(error.scope(), Some(&Failed("scope")));
    assert_eq!(error.acmgr(), Some(&ErrorGroup::from(Failed("goodbye"))));
    assert_eq!(
        error.to_string(),
        "the scope failed, and exiting the context manager failed too"
    );
    assert_eq!(
        log.take(),
        [
            "enter",
            "children up",
            "scope fails",
            "drop scope",
            "exit Failed",
            // `shutdown` cancels: the plain child is dropped, the stop-aware
            // one is asked to stop (it waits for the reader to be gone) ...
            "drop reader",
            "writer's goodbye fails",
            // ... and `shutdown` returns once both have finished.
            "exit shut down Err(ErrorGroup { errors: [Failed(\"goodbye\")] })",
            "with returned"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// A child that fails once the exit runs, and an idle sibling that the
/// failure cancels. The exit joins the group (it does not cancel it).
#[acmgr(yield = ())]
async fn fails_when_the_exit_runs(log: Log) -> Result<(), ErrorGroup<Failed>> {
    log.push("enter");
    let tg = TaskGroup::new();
    let (sibling_gone, is_sibling_gone) = oneshot::channel::<()>();
    let (exit_runs, exit_is_running) = oneshot::channel::<()>();
    tg.spawn(async move {
        let _gone = sibling_gone;
        pending::<()>().await;
        Ok(())
    });
    {
        let log = log.clone();
        tg.spawn(async move {
            exit_is_running.await.expect("the exit runs");
            log.push("child fails");
            Err(Failed("feed lost"))
        });
    }
    let outcome = yield_!(());
    log.push(format!("exit {outcome:?}"));
    exit_runs.send(()).unwrap();
    let joined = tg.join().await;
    let _ = is_sibling_gone.await;
    log.push("exit: the sibling is gone");
    log.push(format!("exit joined {joined:?}"));
    joined?;
    Ok(())
}

/// The same promises as above, with `join` in the exit: a child failing
/// after the scope failed (while the exit joins) cancels its siblings
/// ("The first failure cancels the siblings", README), `join` "waits for
/// every child and returns ... an `ErrorGroup` with every child error", and
/// that error comes back beside the scope's (`ScopeError::Both`).
async fn a_failing_scope_comes_back_beside_a_child_failure_during_the_exits_join() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let with = fails_when_the_exit_runs(log.clone()).with(async |()| {
        let _probe = log.guard("scope");
        log.push("scope fails");
        Err::<(), _>(Failed("scope"))
    });
    let result: WithResult<()> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");

    assert_eq!(
        result,
        Err(ScopeError::Both {
            scope: Failed("scope"),
            exit: ErrorGroup::from(Failed("feed lost")),
        })
    );
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope fails",
            "drop scope",
            "exit Failed",
            "child fails",
            "exit: the sibling is gone",
            "exit joined Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
            "with returned"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

// --- 2. a child failure during enter ---------------------------------------

/// A body whose child fails during enter: it waits until the failure has
/// cancelled the group (a stop-aware watcher is asked to stop) and yields
/// without handling it. The resource logs its drop and any poll.
#[acmgr(yield = BoxStream<'static, u32>)]
async fn fails_during_enter(log: Log) -> Result<(), ErrorGroup<Failed>> {
    log.push("enter");
    let tg = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (watcher_up, is_watcher_up) = oneshot::channel();
    let (watcher_stopped, has_watcher_stopped) = oneshot::channel();
    {
        let log = log.clone();
        tg.spawn_with_stop(|stop| async move {
            let _ = watcher_up.send(());
            stop.requested().await;
            log.push("watcher asked to stop");
            let _ = watcher_stopped.send(());
            Ok(())
        });
    }
    {
        let log = log.clone();
        tg.spawn(async move {
            is_watcher_up.await.expect("the watcher runs");
            log.push("child fails");
            Err(Failed("feed lost"))
        });
    }
    has_watcher_stopped
        .await
        .expect("the failure stops the watcher");
    log.push("enter yields, the failure not handled");
    let resource = {
        let guard = log.guard("resource");
        let log = log.clone();
        stream::poll_fn(move |_| {
            let _ = &guard;
            log.push("resource polled (not reached)");
            std::task::Poll::Ready(Some(1))
        })
        .boxed()
    };
    let outcome = yield_!(resource);
    log.push(format!("exit {outcome:?}"));
    let joined = tg.join().await;
    log.push(format!("exit joined {joined:?}"));
    joined?;
    Ok(())
}

/// `TaskGroup`: "A child that returns `Err` or panics has *failed*: its
/// task records the failure and at once cancels every other child and,
/// when the group was created inside an `#[acmgr]` body, the consumer's
/// scope of that acmgr"; `TaskGroup::new`: "a child failure cancels that
/// scope, so `with` drops the consumer's future and runs the exit with
/// \"cancelled\", and the child's error comes out of the exit's `join`"
/// (and, `Shared::release_host`, only "a failure handled during enter ...
/// does not cancel the scope that follows").
///
/// A failure during enter that the body did not hand over cancels the scope
/// before it starts: `with` never polls it (its future, holding the
/// resource, is dropped unpolled), the exit sees `Cancelled`, and the
/// group's error comes out of `with` as the exit's.
async fn a_child_failure_during_enter_cancels_the_scope_before_it_is_polled() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let with = fails_during_enter(log.clone()).with(async |mut resource| {
        log.push("scope runs (not reached)");
        let _ = resource.next().await;
        Ok::<_, Failed>(())
    });
    let result: WithResult<()> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");

    assert_eq!(
        result,
        Err(ScopeError::Exit(ErrorGroup::from(Failed("feed lost"))))
    );
    assert_eq!(
        log.take(),
        [
            "enter",
            "child fails",
            "watcher asked to stop",
            "enter yields, the failure not handled",
            // The scope's future is dropped unpolled, with the resource ...
            "drop resource",
            // ... then the exit runs, told the scope was cancelled.
            "exit Cancelled",
            "exit joined Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
            "with returned"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// `AcmStream`: "A task group child failing cancels it like a scope: it
/// stops reading the resource and exits; the exit's error is the last
/// item." A failure during enter that the body did not hand over: the
/// stream form never reads the resource; its only item is the exit's
/// error, then the end.
async fn a_child_failure_during_enter_ends_the_stream_form_before_the_resource_is_polled() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let stream = fails_during_enter(log.clone()).into_stream();
    let items: Vec<Result<u32, ErrorGroup<Failed>>> = timeout(NEVER_HANGS, stream.collect())
        .await
        .expect("never hangs");
    log.push(format!("stream ended with {items:?}"));

    assert_eq!(
        log.take(),
        [
            "enter",
            "child fails",
            "watcher asked to stop",
            "enter yields, the failure not handled",
            "drop resource",
            "exit Cancelled",
            "exit joined Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
            "stream ended with [Err(ErrorGroup { errors: [Failed(\"feed lost\")] })]"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// `Guard::is_cancelled`: "Whether a task group created in the acmgr's
/// body has cancelled the scope (a child failed): the caller should stop
/// using the resource and exit with `Outcome::Cancelled`." After an enter
/// during which a child failed, unhandled, the guard says so at once.
async fn a_child_failure_during_enter_is_seen_by_the_guard() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (resource, guard) = timeout(NEVER_HANGS, fails_during_enter(log.clone()).enter())
        .await
        .expect("never hangs")
        .expect("enter succeeds");
    log.push(format!("entered, cancelled: {}", guard.is_cancelled()));
    drop(resource);
    let exited = timeout(NEVER_HANGS, guard.exit(Outcome::Cancelled))
        .await
        .expect("never hangs");
    log.push(format!("exited {exited:?}"));

    assert_eq!(
        log.take(),
        [
            "enter",
            "child fails",
            "watcher asked to stop",
            "enter yields, the failure not handled",
            "entered, cancelled: true",
            "drop resource",
            "exit Cancelled",
            "exit joined Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
            "exited Err(ErrorGroup { errors: [Failed(\"feed lost\")] })"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

// --- 3. `start` and a child that panics before reporting -------------------

/// `TaskGroup::start`: "The future resolves to `Err(NotStarted)` if the
/// child ends, fails, panics or is cancelled before reporting; its error,
/// if any, comes out of `join` as usual"; `TaskGroup`: a child that panics
/// "has *failed*: its task records the failure and at once cancels every
/// other child"; `join`: "If a child panicked, re-raises its panic (the
/// first one, with its original payload) after every child has finished."
///
/// The caller of `start` gets `Err(NotStarted)` (not the panic), the idle
/// sibling is cancelled, and `join` re-raises the child's payload.
async fn a_start_child_panicking_before_it_reports_is_not_started_and_join_re_raises() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let group = TaskGroup::<Failed>::new();
    let (sibling_gone, is_sibling_gone) = oneshot::channel::<()>();
    group.spawn(async move {
        let _gone = sibling_gone;
        pending::<()>().await;
        Ok(())
    });
    let (go, told_to_go) = oneshot::channel::<()>();
    let ready = {
        let log = log.clone();
        group.start(|started: Started<u16>| async move {
            let _started = started; // held, never reported
            told_to_go.await.expect("told to go");
            log.push("child panics before reporting");
            std::panic::panic_any(Payload("bind failed"));
        })
    };
    log.push("start called");
    go.send(()).unwrap();
    let ready = timeout(NEVER_HANGS, ready).await.expect("never hangs");
    log.push(format!("start returned {ready:?}"));
    if let Err(not_started) = &ready {
        log.push(format!("  which says: {not_started}"));
    }
    timeout(NEVER_HANGS, is_sibling_gone)
        .await
        .expect("the panic cancels the sibling")
        .unwrap_err();
    log.push("sibling gone");
    let joined = timeout(NEVER_HANGS, AssertUnwindSafe(group.join()).catch_unwind())
        .await
        .expect("never hangs");
    log.push("join panicked");

    assert_eq!(ready, Err(NotStarted));
    let payload = joined.expect_err("join re-raises the child's panic");
    assert_eq!(
        payload.downcast_ref::<Payload>(),
        Some(&Payload("bind failed"))
    );
    assert_eq!(
        log.take(),
        [
            "start called",
            "child panics before reporting",
            "start returned Err(NotStarted)",
            "  which says: the child task ended before reporting that it started",
            "sibling gone",
            "join panicked"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

// --- 4. nested scopes ------------------------------------------------------

/// What the outer acmgr hands its scope: a way to check that its child is
/// still running (a ping it answers), and a way to make that child fail.
struct Outer {
    pings: mpsc::Sender<oneshot::Sender<()>>,
    fail: oneshot::Sender<()>,
}

impl Outer {
    /// Whether the outer child answers a ping.
    async fn child_answers(&self) -> bool {
        let (reply, replied) = oneshot::channel();
        self.pings.send(reply).await.is_ok() && replied.await.is_ok()
    }
}

/// The outer acmgr's child: answers pings until asked to stop (then
/// returns `Ok`), or fails when told to.
async fn outer_child(
    log: Log,
    stop: Stop,
    mut pinged: mpsc::Receiver<oneshot::Sender<()>>,
    told_to_fail: oneshot::Receiver<()>,
) -> Result<(), Failed> {
    let mut told_to_fail = Some(told_to_fail);
    loop {
        tokio::select! {
            () = stop.requested() => {
                log.push("outer child stops");
                return Ok(());
            }
            Some(reply) = pinged.recv() => {
                let _ = reply.send(());
            }
            told = async { told_to_fail.as_mut().expect("still armed").await },
                if told_to_fail.is_some() =>
            {
                told_to_fail = None;
                if told.is_ok() {
                    log.push("outer child fails");
                    return Err(Failed("outer feed lost"));
                }
            }
        }
    }
}

#[acmgr(yield = Outer)]
async fn outer_feed(log: Log) -> Result<(), ErrorGroup<Failed>> {
    log.push("outer enter");
    let tg = TaskGroup::new().with_grace(GENEROUS_GRACE);
    let (pings, pinged) = mpsc::channel(1);
    let (fail, told_to_fail) = oneshot::channel();
    {
        let log = log.clone();
        tg.spawn_with_stop(|stop| outer_child(log, stop, pinged, told_to_fail));
    }
    let outcome = yield_!(Outer { pings, fail });
    log.push(format!("outer exit {outcome:?}"));
    let shut = tg.shutdown().await;
    log.push(format!("outer shut down {shut:?}"));
    shut?;
    Ok(())
}

/// The inner acmgr: one child, which fails once the inner scope says it
/// waits (when `fail`), or else waits until cancelled. It holds `gone`,
/// dropped with its future. The resource is that "the scope waits" signal.
#[acmgr(yield = oneshot::Sender<()>)]
async fn inner_feed(
    log: Log,
    fail: bool,
    gone: oneshot::Sender<()>,
) -> Result<(), ErrorGroup<Failed>> {
    log.push("inner enter");
    let tg = TaskGroup::new();
    let (scope_waits, is_waiting) = oneshot::channel::<()>();
    {
        let log = log.clone();
        tg.spawn(async move {
            let _gone = gone;
            let waited = is_waiting.await;
            if fail && waited.is_ok() {
                log.push("inner child fails");
                return Err(Failed("inner feed lost"));
            }
            pending::<()>().await;
            Ok(())
        });
    }
    let outcome = yield_!(scope_waits);
    log.push(format!("inner exit {outcome:?}"));
    let shut = tg.shutdown().await;
    log.push(format!("inner shut down {shut:?}"));
    shut?;
    Ok(())
}

/// The inner `with`'s scope: says it waits (to the inner child, and, when
/// given `fail_outer`, to the outer child, which then fails), then waits
/// until cancelled.
async fn inner_scope(
    log: &Log,
    scope_waits: oneshot::Sender<()>,
    fail_outer: Option<oneshot::Sender<()>>,
) -> Result<&'static str, Failed> {
    let _probe = log.guard("inner scope");
    log.push("inner scope waits");
    scope_waits.send(()).unwrap();
    if let Some(fail_outer) = fail_outer {
        fail_outer.send(()).unwrap();
    }
    sleep(FOREVER).await;
    log.push("inner scope woke (not reached)");
    Ok("inner scope done")
}

/// `TaskGroup::new`: "Called while an `#[acmgr]` body is being polled by
/// `with` (that is, from the body itself), the group is bound to the
/// consumer's scope of that acmgr: a child failure cancels that scope, so
/// `with` drops the consumer's future and runs the exit with
/// \"cancelled\", and the child's error comes out of the exit's `join`"
/// (crate docs: "A `TaskGroup` created in the acmgr's body binds to that
/// scope").
///
/// With one `with` inside another's scope, each acmgr holding a group, the
/// inner group is bound to the inner scope only: its failing child cancels
/// the inner scope, the inner `with` returns the error to the outer scope
/// as a value (`ScopeError::Exit`), and the outer scope goes on (its
/// group's child still answers) and completes; the outer exit sees
/// `Completed`.
async fn an_inner_child_failure_cancels_the_inner_scope_only() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (inner_gone, is_inner_gone) = oneshot::channel();
    let with = outer_feed(log.clone()).with(async |outer| {
        let _probe = log.guard("outer scope");
        log.push(format!(
            "outer child answers: {}",
            outer.child_answers().await
        ));
        let inner: WithResult<&str> = inner_feed(log.clone(), true, inner_gone)
            .with(async |scope_waits| inner_scope(&log, scope_waits, None).await)
            .await;
        log.push(format!("outer scope got {inner:?}"));
        log.push(format!(
            "outer child answers: {}",
            outer.child_answers().await
        ));
        Ok::<_, Failed>("outer scope done")
    });
    let result: WithResult<&str> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");
    let _ = timeout(NEVER_HANGS, is_inner_gone)
        .await
        .expect("the inner child ended");

    assert_eq!(result, Ok("outer scope done"));
    assert_eq!(
        log.take(),
        [
            "outer enter",
            "outer child answers: true",
            "inner enter",
            "inner scope waits",
            "inner child fails",
            "drop inner scope",
            "inner exit Cancelled",
            "inner shut down Err(ErrorGroup { errors: [Failed(\"inner feed lost\")] })",
            "outer scope got Err(Exit(ErrorGroup { errors: [Failed(\"inner feed lost\")] }))",
            // The outer scope was not cancelled, nor its group's child.
            "outer child answers: true",
            "drop outer scope",
            "outer exit Completed",
            "outer child stops",
            "outer shut down Ok(())",
            "with returned"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// As above, but the outer scope propagates the inner `with`'s error with
/// `?`: the outer scope has failed, so the outer exit sees `Failed` ("an
/// `Err` ... is reported to the exit as `Outcome::Failed`") and stops the
/// outer child, and the outer `with` returns the inner error as the
/// scope's (`ScopeError::Scope`), the outer exit having succeeded.
async fn an_inner_child_failure_propagated_by_the_outer_scope_fails_it() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (inner_gone, is_inner_gone) = oneshot::channel();
    let with = outer_feed(log.clone()).with(async |_outer| {
        let _probe = log.guard("outer scope");
        let inner: &str = inner_feed(log.clone(), true, inner_gone)
            .with(async |scope_waits| inner_scope(&log, scope_waits, None).await)
            .await?;
        log.push(format!("outer scope got {inner:?} (not reached)"));
        Ok::<_, ScopeError<Failed, ErrorGroup<Failed>>>(())
    });
    let result = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");
    let _ = timeout(NEVER_HANGS, is_inner_gone)
        .await
        .expect("the inner child ended");

    assert_eq!(
        result,
        Err(ScopeError::Scope(ScopeError::Exit(ErrorGroup::from(
            Failed("inner feed lost")
        ))))
    );
    assert_eq!(
        log.take(),
        [
            "outer enter",
            "inner enter",
            "inner scope waits",
            "inner child fails",
            "drop inner scope",
            "inner exit Cancelled",
            "inner shut down Err(ErrorGroup { errors: [Failed(\"inner feed lost\")] })",
            "drop outer scope",
            "outer exit Failed",
            "outer child stops",
            "outer shut down Ok(())",
            "with returned"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// The other way round: the outer group's child fails while the outer
/// scope is inside the inner `with`. The outer scope is cancelled ("its
/// future is dropped at once and the exit runs with `Outcome::Cancelled`",
/// `with`), which drops the inner `with` future mid-scope: "the scope
/// future is dropped first, then the exit runs with `Cancelled` as a
/// generator's cleanup runs on drop: in place", where `shutdown` "returns
/// once the children are cancelled, with the failures seen so far, instead
/// of waiting" (`TaskGroup::shutdown`). Then the outer exit runs, and the
/// outer child's error comes out of the outer `with`. The inner child is
/// dropped by the runtime afterwards (`TaskGroup`, Drop: "never inside
/// `drop` itself").
async fn an_outer_child_failure_cancels_the_outer_scope_and_the_inner_with_inside_it() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (inner_gone, is_inner_gone) = oneshot::channel();
    let with = outer_feed(log.clone()).with(async |outer| {
        let _probe = log.guard("outer scope");
        let Outer { pings, fail } = outer;
        let inner: WithResult<&str> = inner_feed(log.clone(), false, inner_gone)
            .with(async |scope_waits| inner_scope(&log, scope_waits, Some(fail)).await)
            .await;
        log.push(format!("outer scope got {inner:?} (not reached)"));
        drop(pings);
        Ok::<_, Failed>("outer scope done")
    });
    let result: WithResult<&str> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");
    let _ = timeout(NEVER_HANGS, is_inner_gone)
        .await
        .expect("the inner child is dropped");
    log.push("inner child gone");

    assert_eq!(
        result,
        Err(ScopeError::Exit(ErrorGroup::from(Failed(
            "outer feed lost"
        ))))
    );
    assert_eq!(
        log.take(),
        [
            "outer enter",
            "inner enter",
            "inner scope waits",
            "outer child fails",
            // The outer scope's future is dropped: first the inner `with`
            // inside it, whose scope goes first and whose exit runs in place ...
            "drop inner scope",
            "inner exit Cancelled",
            "inner shut down Ok(())",
            // ... then the rest of the outer scope; then the outer exit.
            "drop outer scope",
            "outer exit Cancelled",
            "outer shut down Err(ErrorGroup { errors: [Failed(\"outer feed lost\")] })",
            "with returned",
            "inner child gone"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

// --- 4'. acmgr -> generator -> acmgr ----------------------------------------

/// A generator whose body yields one reading, then runs the inner acmgr's
/// `with` and yields what its scope returned, or ends with its error.
#[async_generator(yield = &'static str)]
async fn readings(
    log: Log,
    fail_inner: bool,
    fail_outer: Option<oneshot::Sender<()>>,
    inner_gone: oneshot::Sender<()>,
) -> Result<(), ScopeError<Failed, ErrorGroup<Failed>>> {
    finally! { log.push("generator finally"); }
    yield_!("first reading");
    let reading = inner_feed(log.clone(), fail_inner, inner_gone)
        .with(async |scope_waits| inner_scope(&log, scope_waits, fail_outer).await)
        .await?;
    yield_!(reading);
    Ok(())
}

/// The crate docs: "An acmgr can [cancel the scope]: ... the consumer's
/// scope runs *inside* the acmgr, as the `with` future. A `TaskGroup`
/// created in the acmgr's body binds to that scope"; `TaskGroup::new`:
/// "Called anywhere else, the group is bound to nothing." A generator
/// (consumed in the outer scope) whose body runs the inner `with`: the
/// inner group is bound to the inner scope, which its failing child
/// cancels through the generator; the inner error ends the generator
/// ("`?` ... yield[s] one `Err(e)` and end[s] the stream, after the
/// `finally!` blocks ran"), and the outer scope and its group go on.
async fn an_inner_child_failure_inside_a_generator_ends_it_with_the_error() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (inner_gone, is_inner_gone) = oneshot::channel();
    let with = outer_feed(log.clone()).with(async |outer| {
        let _probe = log.guard("outer scope");
        let mut readings = pin!(readings(log.clone(), true, None, inner_gone));
        while let Some(reading) = readings.next().await {
            log.push(format!("outer scope got {reading:?}"));
        }
        log.push("outer scope: the generator ended");
        log.push(format!(
            "outer child answers: {}",
            outer.child_answers().await
        ));
        Ok::<_, Failed>("outer scope done")
    });
    let result: WithResult<&str> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");
    let _ = timeout(NEVER_HANGS, is_inner_gone)
        .await
        .expect("the inner child ended");

    assert_eq!(result, Ok("outer scope done"));
    assert_eq!(
        log.take(),
        [
            "outer enter",
            "outer scope got Ok(\"first reading\")",
            "inner enter",
            "inner scope waits",
            "inner child fails",
            "drop inner scope",
            "inner exit Cancelled",
            "inner shut down Err(ErrorGroup { errors: [Failed(\"inner feed lost\")] })",
            "generator finally",
            "outer scope got Err(Exit(ErrorGroup { errors: [Failed(\"inner feed lost\")] }))",
            "outer scope: the generator ended",
            "outer child answers: true",
            "drop outer scope",
            "outer exit Completed",
            "outer child stops",
            "outer shut down Ok(())",
            "with returned"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// The outer child fails while the generator, in the outer scope, waits in
/// the inner `with`: the outer scope's future is dropped, and with it the
/// generator, whose drop abandons the await ("the await is abandoned (its
/// future dropped) and the unwinding starts there, as with drop"): the
/// inner `with` future is dropped (inner scope, then the inner exit in
/// place, told `Cancelled`), then the generator's `finally!` runs, then
/// the outer exit, told `Cancelled`; the outer child's error comes out.
async fn an_outer_child_failure_drops_the_generator_and_the_inner_with_inside_it() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (inner_gone, is_inner_gone) = oneshot::channel();
    let with = outer_feed(log.clone()).with(async |outer| {
        let _probe = log.guard("outer scope");
        let Outer { pings, fail } = outer;
        let mut readings = pin!(readings(log.clone(), false, Some(fail), inner_gone));
        while let Some(reading) = readings.next().await {
            log.push(format!("outer scope got {reading:?}"));
        }
        log.push("outer scope: the generator ended (not reached)");
        drop(pings);
        Ok::<_, Failed>("outer scope done")
    });
    let result: WithResult<&str> = timeout(NEVER_HANGS, with).await.expect("never hangs");
    log.push("with returned");
    let _ = timeout(NEVER_HANGS, is_inner_gone)
        .await
        .expect("the inner child is dropped");
    log.push("inner child gone");

    assert_eq!(
        result,
        Err(ScopeError::Exit(ErrorGroup::from(Failed(
            "outer feed lost"
        ))))
    );
    assert_eq!(
        log.take(),
        [
            "outer enter",
            "outer scope got Ok(\"first reading\")",
            "inner enter",
            "inner scope waits",
            "outer child fails",
            "drop inner scope",
            "inner exit Cancelled",
            "inner shut down Ok(())",
            "generator finally",
            "drop outer scope",
            "outer exit Cancelled",
            "outer shut down Err(ErrorGroup { errors: [Failed(\"outer feed lost\")] })",
            "with returned",
            "inner child gone"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

// --- 5. an infallible acmgr whose scope a child cancels --------------------

/// What `with` panics with when an infallible acmgr's scope was cancelled
/// (`acmgr/scope_result.rs`, `cancelled_infallible`).
const CANCELLED_INFALLIBLE: &str = "the scope of an infallible `#[acmgr]` was cancelled (a task \
     group child failed), but the acmgr cannot return the error; make its body return \
     `Result<(), E>` and propagate the group's error from its exit";

/// An infallible acmgr (its body returns `()`) holding a group whose child
/// fails once the scope waits; its exit joins the group, and can only drop
/// the error.
#[acmgr(yield = oneshot::Sender<()>)]
async fn infallible_feed(log: Log) {
    log.push("enter");
    let tg = TaskGroup::new();
    let (scope_waits, is_waiting) = oneshot::channel::<()>();
    {
        let log = log.clone();
        tg.spawn(async move {
            is_waiting.await.expect("the scope waits");
            log.push("child fails");
            Err(Failed("feed lost"))
        });
    }
    let outcome = yield_!(scope_waits);
    log.push(format!("exit {outcome:?}"));
    let joined = tg.join().await;
    log.push(format!("exit cannot return {joined:?}"));
}

/// `with`: "for an infallible acmgr, the scope's value"; "If a task group
/// created in the acmgr's body has a failing child, the scope is
/// cancelled: its future is dropped at once and the exit runs with
/// `Outcome::Cancelled`". A cancelled scope has no value to return, and the
/// infallible acmgr has no error to return: `with` panics, once the exit
/// ran, with the message of `cancelled_infallible` (a `&'static str`
/// payload), for a scope returning `()` and for one returning a `Result`
/// alike. Nothing is reported through `tracing`. (The public docs do not
/// mention this panic: the promise pinned here is the runtime's own
/// message, `cancelled_infallible` in `acmgr/scope_result.rs`.)
#[tokio::test(flavor = "current_thread")]
async fn an_infallible_acmgr_whose_scope_a_child_cancels_panics_after_the_exit() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);

    // A scope returning `()`.
    let with = infallible_feed(log.clone()).with(async |scope_waits| {
        let _probe = log.guard("scope");
        log.push("scope waits");
        scope_waits.send(()).unwrap();
        sleep(FOREVER).await;
        log.push("scope woke (not reached)");
    });
    let caught = timeout(NEVER_HANGS, AssertUnwindSafe(with).catch_unwind())
        .await
        .expect("never hangs");
    log.push("with panicked");

    let payload = caught.expect_err("`with` panics");
    assert_eq!(
        payload.downcast_ref::<&'static str>(),
        Some(&CANCELLED_INFALLIBLE)
    );
    let expected = [
        "enter",
        "scope waits",
        "child fails",
        "drop scope",
        "exit Cancelled",
        "exit cannot return Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
        "with panicked",
    ];
    assert_eq!(log.take(), expected);

    // A scope returning a `Result`.
    let with = infallible_feed(log.clone()).with(async |scope_waits| {
        let _probe = log.guard("scope");
        log.push("scope waits");
        scope_waits.send(()).unwrap();
        sleep(FOREVER).await;
        log.push("scope woke (not reached)");
        Ok::<u32, Failed>(1)
    });
    let caught = timeout(NEVER_HANGS, AssertUnwindSafe(with).catch_unwind())
        .await
        .expect("never hangs");
    log.push("with panicked");

    let payload = caught.expect_err("`with` panics");
    assert_eq!(
        payload.downcast_ref::<&'static str>(),
        Some(&CANCELLED_INFALLIBLE)
    );
    assert_eq!(log.take(), expected);
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// The same infallible acmgr as [`infallible_feed`], its resource a stream:
/// one item, then nothing until the scope ends.
#[acmgr(yield = BoxStream<'static, u32>)]
async fn infallible_items(log: Log, fail_now: oneshot::Receiver<()>) {
    log.push("enter");
    let tg = TaskGroup::new();
    {
        let log = log.clone();
        tg.spawn(async move {
            fail_now.await.expect("the test triggers the failure");
            log.push("child fails");
            Err(Failed("feed lost"))
        });
    }
    let outcome = yield_!(stream::iter([1]).chain(stream::pending()).boxed());
    log.push(format!("exit {outcome:?}"));
    let joined = tg.join().await;
    log.push(format!("exit cannot return {joined:?}"));
}

/// `into_stream`: "A task group child failing cancels it like a scope: it
/// stops reading the resource and exits". An infallible acmgr's exit has no
/// error to give, and the stream form, unlike `with`, has no scope value it
/// cannot produce: the stream ends after the exit ran (the body saw the
/// child's error from `join`), with no panic and no report.
#[tokio::test(flavor = "current_thread")]
async fn an_infallible_acmgr_whose_stream_a_child_cancels_ends_after_the_exit() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (fail, fail_now) = oneshot::channel();
    let mut items = pin!(infallible_items(log.clone(), fail_now).into_stream());

    let first = items.next().await;
    log.push(format!("item {first:?}"));
    fail.send(()).unwrap();
    let next = timeout(NEVER_HANGS, items.next())
        .await
        .expect("never hangs");
    log.push(format!("item {next:?}"));

    assert_eq!(
        log.take(),
        [
            "enter",
            "item Some(1)",
            "child fails",
            "exit Cancelled",
            "exit cannot return Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
            "item None",
        ]
    );
    assert!(futures::stream::FusedStream::is_terminated(&*items));
    assert_eq!(items.next().await, None);
    assert_eq!(reports.fields(), Vec::<String>::new());
}

/// `Guard`: the caller chooses the outcome and is told of a cancellation by
/// `is_cancelled`; `exit` returns what the body's exit returned (`()` for an
/// infallible acmgr), with no panic: the guard has no scope value to make.
#[tokio::test(flavor = "current_thread")]
async fn an_infallible_acmgr_whose_guard_a_child_cancels_exits_with_unit() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let (scope_waits, guard) = infallible_feed(log.clone()).enter().await;
    scope_waits.send(()).unwrap();
    timeout(NEVER_HANGS, async {
        while !guard.is_cancelled() {
            tokio::task::yield_now().await;
        }
    })
    .await
    .expect("never hangs");
    log.push("guard is cancelled");
    let exited: () = guard.exit(Outcome::Cancelled).await;
    log.push(format!("exit returned {exited:?}"));

    assert_eq!(
        log.take(),
        [
            "enter",
            "child fails",
            "guard is cancelled",
            "exit Cancelled",
            "exit cannot return Err(ErrorGroup { errors: [Failed(\"feed lost\")] })",
            "exit returned ()",
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}
