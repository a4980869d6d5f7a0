//! Promises the docs make about `#[acmgr]` and `TaskGroup` that the other
//! tests leave open:
//!
//! - `with` and a scope that panics: the exit is told `Failed` and runs,
//!   then the panic resumes with its payload; an exit failing meanwhile is
//!   reported through `tracing` (`AsyncContextManager::with`, `with.rs`);
//! - `ScopeError::Cancelled`: the scope was cancelled (a task group child
//!   failed) and the exit reported no error;
//! - `into_stream()`: closed before its first poll, nothing runs; a
//!   fallible body failing before its yield makes its error the stream's
//!   last (only) item;
//! - `TaskGroup::join` re-raises the first of two panics, once every child
//!   has finished;
//! - `join` and `shutdown` futures dropped before they finished: the group
//!   is dropped, its children are cancelled (plain ones after the dropping
//!   task yields, never inside `drop`), failures nobody will return are
//!   reported through `tracing`.
//!
//! The tests that look at reports install a subscriber that writes every
//! `target: asyncgen` event into the test's own log, so a report's place
//! among the other events is pinned, and a report nobody expected fails the
//! comparison. They run on a current-thread runtime, where every event is
//! emitted on the test's thread (a thread-local subscriber sees only its
//! own thread).

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

#[path = "support/capture.rs"]
mod capture;
mod common;

use std::convert::Infallible;
use std::future::pending;
use std::panic::AssertUnwindSafe;
use std::pin::pin;
use std::time::Duration;

use asyncgen::{AsyncContextManager, AsyncGenerator, ErrorGroup, ScopeError, TaskGroup, acmgr};
use capture::Capture;
use common::Log;
use futures::stream::{self, Iter};
use futures::{FutureExt, StreamExt, poll};
use tokio::sync::oneshot;
use tokio::time::{sleep, timeout};

on_both_flavours!(
    a_panicking_scope_is_failed_for_the_exit_then_resumes_with_its_payload,
    a_cancelled_scope_whose_exit_absorbed_the_failure_is_scope_error_cancelled,
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

// --- `with`: a scope that panics -----------------------------------------

#[acmgr(yield = u32)]
async fn resource(log: Log) {
    log.push("enter");
    finally! { log.push("finally"); }
    let outcome = yield_!(7);
    tokio::task::yield_now().await; // the exit may await before the panic resumes
    log.push(format!("exit {outcome:?}"));
}

/// `with`: "A scope that panics is reported to the exit as `Failed`; the
/// panic resumes after the exit ran" (`AsyncContextManager::with`), with its
/// payload: the very value the scope panicked with.
async fn a_panicking_scope_is_failed_for_the_exit_then_resumes_with_its_payload() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let with = resource(log.clone()).with(async |id| {
        let _probe = log.guard("scope");
        log.push(format!("scope {id} panics"));
        if id == 7 {
            std::panic::panic_any(Payload("scope blew up"));
        }
        Ok::<u32, Failed>(id)
    });
    let caught = AssertUnwindSafe(with).catch_unwind().await;
    log.push("with panicked");

    let payload = caught.expect_err("the scope's panic resumes out of `with`");
    assert_eq!(
        payload.downcast_ref::<Payload>(),
        Some(&Payload("scope blew up"))
    );
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope 7 panics",
            "drop scope",
            "exit Failed",
            "finally",
            "with panicked"
        ]
    );
    assert_eq!(reports.fields(), Vec::<String>::new());
}

#[acmgr(yield = u32)]
async fn exit_fails(log: Log) -> Result<(), Failed> {
    log.push("enter");
    let outcome = yield_!(7);
    log.push(format!("exit {outcome:?} fails"));
    Err(Failed("exit"))
}

/// `with`: an exit that fails while the scope's panic is propagating cannot
/// be returned (the panic goes on); it is reported through `tracing`
/// (target `asyncgen`, level `ERROR`, naming the exit's type) after the exit
/// ran and before the panic resumes, and the panic resumes with its payload.
#[tokio::test(flavor = "current_thread")]
async fn an_exit_failing_during_a_scope_panic_is_reported_and_the_panic_resumes() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let with = exit_fails(log.clone()).with(async |id| {
        log.push(format!("scope {id} panics"));
        if id == 7 {
            std::panic::panic_any(Payload("scope blew up"));
        }
        Ok::<u32, Failed>(id)
    });
    let caught = AssertUnwindSafe(with).catch_unwind().await;
    log.push("with panicked");

    let payload = caught.expect_err("the scope's panic resumes despite the exit's error");
    assert_eq!(
        payload.downcast_ref::<Payload>(),
        Some(&Payload("scope blew up"))
    );
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope 7 panics",
            "exit Failed fails",
            "ERROR asyncgen",
            "with panicked"
        ]
    );
    let fields = reports.fields();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert!(
        fields[0].contains("exit failed while its scope's panic was propagating"),
        "{}",
        fields[0]
    );
    assert!(
        fields[0].contains(&format!(
            "error_type={:?}",
            std::any::type_name::<Result<(), Failed>>()
        )),
        "{}",
        fields[0]
    );
}

// --- `ScopeError::Cancelled` ---------------------------------------------

/// A feed whose child fails once the scope waits; the exit joins the group
/// and handles the failure itself (logs it) instead of returning it.
#[acmgr(yield = oneshot::Sender<()>)]
async fn feed_absorbing_its_failure(log: Log) -> Result<(), Failed> {
    log.push("enter");
    let tg = TaskGroup::new();
    let (scope_waits, is_waiting) = oneshot::channel::<()>();
    {
        let log = log.clone();
        tg.spawn(async move {
            is_waiting.await.expect("the scope starts waiting");
            log.push("child fails");
            Err(Failed("feed lost"))
        });
    }
    let outcome = yield_!(scope_waits);
    log.push(format!("exit {outcome:?}"));
    let joined = tg.join().await.map_err(ErrorGroup::into_vec);
    log.push(format!("exit handled {joined:?}"));
    Ok(())
}

/// `ScopeError::Cancelled`: "The scope was cancelled and the exit reported
/// no error." A child of a group the acmgr's body holds fails: the scope's
/// future is dropped, the exit runs with `Cancelled`, handles the group's
/// error and returns `Ok`: `with` returns `Err(ScopeError::Cancelled)`,
/// which has neither a scope error nor an acmgr error. The same for a scope
/// returning `()`.
async fn a_cancelled_scope_whose_exit_absorbed_the_failure_is_scope_error_cancelled() {
    let log = Log::new();
    let (_reports, _subscriber) = Reports::install(&log);
    let result: Result<u32, ScopeError<&str, Failed>> = feed_absorbing_its_failure(log.clone())
        .with(async |scope_waits| {
            let _probe = log.guard("scope");
            log.push("scope waits");
            scope_waits.send(()).unwrap();
            sleep(FOREVER).await;
            log.push("scope woke (not reached)");
            Ok::<u32, &str>(1)
        })
        .await;
    log.push("with returned");

    let error = result.expect_err("the scope was cancelled");
    assert_eq!(error, ScopeError::Cancelled);
    assert_eq!(error.scope(), None);
    assert_eq!(error.acmgr(), None);
    assert_eq!(error.to_string(), "the scope was cancelled");
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope waits",
            "child fails",
            "drop scope",
            "exit Cancelled",
            "exit handled Err([Failed(\"feed lost\")])",
            "with returned"
        ]
    );

    // A scope returning `()`.
    let result: Result<(), ScopeError<Infallible, Failed>> =
        feed_absorbing_its_failure(log.clone())
            .with(async |scope_waits| {
                let _probe = log.guard("scope");
                log.push("scope waits");
                scope_waits.send(()).unwrap();
                sleep(FOREVER).await;
                log.push("scope woke (not reached)");
            })
            .await;
    log.push("with returned");

    assert_eq!(result, Err(ScopeError::Cancelled));
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope waits",
            "child fails",
            "drop scope",
            "exit Cancelled",
            "exit handled Err([Failed(\"feed lost\")])",
            "with returned"
        ]
    );
}

// --- `into_stream()` -----------------------------------------------------

#[acmgr(yield = Iter<std::ops::Range<u32>>)]
async fn numbers(log: Log, argument: common::Guard, fail_enter: bool) -> Result<(), Failed> {
    let _argument = argument;
    log.push("enter");
    finally! { log.push("finally"); }
    if fail_enter {
        log.push("enter fails");
        return Err(Failed("enter"));
    }
    let outcome = yield_!(stream::iter(0..3));
    log.push(format!("exit {outcome:?}"));
    Ok(())
}

/// `into_stream()` "enters on the first poll", and "closing a generator
/// that never started runs nothing (its arguments are dropped)": closed
/// before its first poll, the stream form runs neither enter nor exit nor
/// `finally!`, drops the body's arguments, and `close` returns `Ok(())`;
/// afterwards `poll_next` returns `None` and `close` returns at once.
#[tokio::test(flavor = "current_thread")]
async fn an_acm_stream_closed_before_its_first_poll_runs_nothing() {
    let log = Log::new();
    let (_reports, _subscriber) = Reports::install(&log);
    let mut stream = pin!(numbers(log.clone(), log.guard("argument"), false).into_stream());
    log.push("closing");
    let closed = stream.as_mut().close().await;
    log.push(format!("closed {closed:?}"));
    let next = stream.next().await;
    log.push(format!("then next {next:?}"));
    let again = stream.as_mut().close().await;
    log.push(format!("closed again {again:?}"));

    assert!(stream.is_finished());
    assert_eq!(
        log.take(),
        [
            "closing",
            "drop argument",
            "closed Ok(())",
            "then next None",
            "closed again Ok(())"
        ]
    );
}

/// `into_stream()`: "For a fallible acmgr, the items are `Result`s and an
/// enter or exit error is the last item." A body failing before its yield
/// (enter fails) runs its `finally!`, and its error is the stream's only
/// item, followed by the end.
#[tokio::test(flavor = "current_thread")]
async fn an_acm_stream_whose_enter_fails_ends_with_that_error_as_its_only_item() {
    let log = Log::new();
    let (_reports, _subscriber) = Reports::install(&log);
    let stream = numbers(log.clone(), log.guard("argument"), true).into_stream();
    log.push("made the stream");
    common::drain(&log, stream).await;

    assert_eq!(
        log.take(),
        [
            "made the stream",
            "enter",
            "enter fails",
            "finally",
            "drop argument",
            "got Err(Failed(\"enter\"))",
            "got None"
        ]
    );
}

// --- `TaskGroup`: two panics ---------------------------------------------

/// `TaskGroup::join`: "If a child panicked, re-raises its panic (the first
/// one, with its original payload) after every child has finished." A
/// plain child panics, which asks a stop-aware sibling to stop; the sibling
/// panics while stopping. `join` re-raises the first payload, after both
/// children ended, and the second panic is reported (`ERROR`), not lost
/// ("nothing is swallowed silently"; it was dropped unreported before).
#[tokio::test(flavor = "current_thread")]
async fn join_re_raises_the_first_of_two_panics_after_both_children_ended() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let group = TaskGroup::<Failed>::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            let _guard = log.guard("writer");
            log.push("writer up");
            let _ = up.send(());
            stop.requested().await;
            log.push("writer panics while stopping");
            std::panic::panic_any(Payload("second"));
        });
    }
    {
        let log = log.clone();
        group.spawn(async move {
            let _guard = log.guard("child");
            is_up.await.unwrap();
            log.push("child panics");
            std::panic::panic_any(Payload("first"));
        });
    }
    let joined = timeout(NEVER_HANGS, AssertUnwindSafe(group.join()).catch_unwind())
        .await
        .expect("join returns once both children ended");
    log.push("join panicked");

    let payload = joined.expect_err("join re-raises a child's panic");
    assert_eq!(payload.downcast_ref::<Payload>(), Some(&Payload("first")));
    assert_eq!(
        log.take(),
        [
            "writer up",
            "child panics",
            "drop child",
            "writer panics while stopping",
            "drop writer",
            "ERROR asyncgen",
            "join panicked"
        ]
    );
    let fields = reports.fields();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert!(
        fields[0].contains("panicked after another child"),
        "{}",
        fields[0]
    );
}

// --- `join` and `shutdown` futures dropped before they finished ----------

/// `TaskGroup::join`: "If this future is dropped before it finished, the
/// group is dropped: the children still running are cancelled." A plain
/// child's future is dropped by the runtime once the dropping task yields
/// on a current-thread runtime, "never inside `drop` itself" (`TaskGroup`,
/// Drop). Nothing failed, so nothing is reported.
#[tokio::test(flavor = "current_thread")]
async fn a_join_dropped_before_it_finished_cancels_the_children() {
    let log = Log::new();
    let (_reports, _subscriber) = Reports::install(&log);
    let group = TaskGroup::<Failed>::new();
    let (up, is_up) = oneshot::channel();
    let (gone, is_gone) = oneshot::channel::<()>();
    {
        let log = log.clone();
        group.spawn(async move {
            let _gone = gone; // declared first, dropped last
            let _guard = log.guard("child");
            log.push("child waits");
            let _ = up.send(());
            pending::<()>().await;
            log.push("child resumed (not reached)");
            Ok(())
        });
    }
    is_up.await.unwrap();
    {
        let mut join = Box::pin(group.join());
        assert!(poll!(join.as_mut()).is_pending());
        log.push("join pending");
    }
    log.push("join dropped");
    let _ = timeout(NEVER_HANGS, is_gone)
        .await
        .expect("the child is dropped");
    log.push("child gone");

    assert_eq!(
        log.take(),
        [
            "child waits",
            "join pending",
            "join dropped",
            "drop child",
            "child gone"
        ]
    );
}

/// `TaskGroup`, Drop: "Failures nobody will return are reported through
/// `tracing` (target `asyncgen`, level `ERROR`, with their count and type)
/// ... The same holds when a `join` or `shutdown` future is dropped before
/// it finished." A child failed, a stop-aware sibling is still stopping:
/// `join` is pending, and dropping it reports the failure (in that drop);
/// the sibling then finishes its stop, and nothing more is reported.
#[tokio::test(flavor = "current_thread")]
async fn a_join_dropped_after_a_failure_reports_it() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let group = TaskGroup::<Failed>::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    let (stopping, is_stopping) = oneshot::channel();
    let (release, released) = oneshot::channel::<()>();
    let (gone, is_gone) = oneshot::channel::<()>();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            let _gone = gone;
            let _guard = log.guard("writer");
            log.push("writer up");
            let _ = up.send(());
            stop.requested().await;
            log.push("writer stops");
            let _ = stopping.send(());
            released.await.expect("released");
            log.push("writer said goodbye");
            Ok(())
        });
    }
    {
        let log = log.clone();
        group.spawn(async move {
            is_up.await.unwrap();
            log.push("child fails");
            Err(Failed("feed lost"))
        });
    }
    timeout(NEVER_HANGS, is_stopping)
        .await
        .expect("the failure asks the writer to stop")
        .unwrap();
    {
        let mut join = Box::pin(group.join());
        assert!(poll!(join.as_mut()).is_pending());
        log.push("join pending");
    }
    log.push("join dropped");
    release.send(()).unwrap();
    let _ = timeout(NEVER_HANGS, is_gone)
        .await
        .expect("the writer finishes its stop");
    log.push("writer gone");

    assert_eq!(
        log.take(),
        [
            "writer up",
            "child fails",
            "writer stops",
            "join pending",
            "ERROR asyncgen",
            "join dropped",
            "writer said goodbye",
            "drop writer",
            "writer gone"
        ]
    );
    let fields = reports.fields();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert!(fields[0].contains("errors=1"), "{}", fields[0]);
    assert!(fields[0].contains("panicked=false"), "{}", fields[0]);
    assert!(
        fields[0].contains(&format!("error_type={:?}", std::any::type_name::<Failed>())),
        "{}",
        fields[0]
    );
}

/// `TaskGroup::shutdown` dropped before it finished: as for a dropped
/// group, a stop-aware child goes on stopping in its task (within the grace
/// period), and an error it returns while stopping, which nobody can join
/// any more, is reported through `tracing` (`ERROR`), not lost.
#[tokio::test(flavor = "current_thread")]
async fn a_shutdown_dropped_before_it_finished_lets_the_child_stop_and_reports_its_error() {
    let log = Log::new();
    let (reports, _subscriber) = Reports::install(&log);
    let group = TaskGroup::<Failed>::new().with_grace(GENEROUS_GRACE);
    let (up, is_up) = oneshot::channel();
    let (stopping, is_stopping) = oneshot::channel();
    let (release, released) = oneshot::channel::<()>();
    let (gone, is_gone) = oneshot::channel::<()>();
    {
        let log = log.clone();
        group.spawn_with_stop(|stop| async move {
            let _gone = gone;
            let _guard = log.guard("writer");
            log.push("writer up");
            let _ = up.send(());
            stop.requested().await;
            log.push("writer stops");
            let _ = stopping.send(());
            released.await.expect("released");
            log.push("writer's goodbye fails");
            Err(Failed("goodbye"))
        });
    }
    is_up.await.unwrap();
    {
        let mut shutdown = Box::pin(group.shutdown());
        assert!(poll!(shutdown.as_mut()).is_pending());
        log.push("shutdown pending");
    }
    log.push("shutdown dropped");
    timeout(NEVER_HANGS, is_stopping)
        .await
        .expect("the writer was asked to stop")
        .unwrap();
    release.send(()).unwrap();
    let _ = timeout(NEVER_HANGS, is_gone)
        .await
        .expect("the writer finishes its stop");
    log.push("writer gone");

    assert_eq!(
        log.take(),
        [
            "writer up",
            "shutdown pending",
            "shutdown dropped",
            "writer stops",
            "writer's goodbye fails",
            "drop writer",
            "ERROR asyncgen",
            "writer gone"
        ]
    );
    let fields = reports.fields();
    assert_eq!(fields.len(), 1, "{fields:?}");
    assert!(fields[0].contains("failed while stopping"), "{}", fields[0]);
    assert!(fields[0].contains("panicked=false"), "{}", fields[0]);
}
