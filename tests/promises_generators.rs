//! Promises of the docs (README, crate docs, SPEC) that no other test pins:
//! a generator that yields nothing, a fallible body that returns before its
//! first yield, locals declared after `finally!`, where the cleanup runs
//! (the task-local value and `tracing` span it sees on close and on drop),
//! and a `!Send` generator closed and dropped on a tokio `LocalSet`. Every
//! test asserts the exact order of events.

mod common;
#[path = "support/context_probe.rs"]
mod context_probe;

use std::cell::RefCell;
use std::marker::PhantomData;
use std::pin::pin;
use std::rc::Rc;
use std::task::Poll;
use std::time::Duration;

use asyncgen::{AsyncGenerator, Outcome, async_generator};
use common::{Log, WakeSelfOnce, drain, poll_once};
use context_probe::{WHO, here, subscriber};
use futures::StreamExt;
use tracing::Instrument as _;

// ---------------------------------------------------------------------------
// 1. A generator that yields nothing
// ---------------------------------------------------------------------------

#[async_generator(yield = u32)]
async fn yields_nothing(log: Log, _argument: common::Guard) {
    log.push("body start");
    finally! { log.push("cleanup"); }
    log.push("body end");
}

/// "polls until `None` | the body, then the pending `finally!` blocks,
/// before `None` is returned", for a body without any yield: the first
/// `next()` runs the body and its cleanup once and gives `None`; the stream
/// is fused (`None` again, nothing runs twice), finished, and a later
/// `close()` runs nothing.
#[tokio::test]
async fn yielding_nothing_drained_cleans_up_once_before_none() {
    let log = Log::new();
    {
        let mut g = pin!(yields_nothing(log.clone(), log.guard("argument")));
        assert_eq!(g.next().await, None);
        log.push("got None");
        assert!(g.is_finished());
        assert_eq!(g.next().await, None);
        log.push("got None again");
        g.as_mut().close().await;
        log.push("close returned");
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "body start",
            "body end",
            "cleanup",
            // Every argument moves into the body: it is dropped with the
            // body's locals, after the cleanup that could borrow it.
            "drop argument",
            "got None",
            "got None again",
            "close returned",
            "dropping",
            "dropped",
        ]
    );
}

/// "Closing a generator that never started runs nothing (its arguments are
/// dropped)", for a body without any yield: neither the code before the
/// `finally!` nor the cleanup runs, the argument is dropped by the close,
/// and the generator is finished: `next()` gives `None` without running
/// the body, and a second close does nothing.
#[tokio::test]
async fn yielding_nothing_closed_before_the_first_poll_runs_nothing() {
    let log = Log::new();
    {
        let mut g = pin!(yields_nothing(log.clone(), log.guard("argument")));
        g.as_mut().close().await;
        log.push("close returned");
        assert!(g.is_finished());
        assert_eq!(g.next().await, None);
        log.push("got None");
        g.as_mut().close().await;
        log.push("second close returned");
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "drop argument",
            "close returned",
            "got None",
            "second close returned",
            "dropping",
            "dropped",
        ]
    );
}

/// A generator that never started, dropped: nothing of the body runs, the
/// argument is dropped (the drop counterpart of the close above).
#[tokio::test]
async fn yielding_nothing_dropped_before_the_first_poll_runs_nothing() {
    let log = Log::new();
    let g = yields_nothing(log.clone(), log.guard("argument"));
    log.push("dropping");
    drop(g);
    log.push("dropped");
    assert_eq!(log.take(), ["dropping", "drop argument", "dropped"]);
}

#[async_generator(yield = u32)]
async fn yields_nothing_after_an_await(log: Log) {
    log.push("body start");
    finally! { log.push("cleanup"); }
    log.track("await", WakeSelfOnce::default()).await;
    log.push("body end (after the await)");
}

/// "calls `close().await` | the body resumes at its suspension point as if
/// leaving the protected block": a body without any yield, polled to
/// `Pending` at an await inside the protected block, then closed: the
/// await is abandoned (its future dropped, never completed), the cleanup
/// runs once, `close` returns after it, and the generator is finished.
#[tokio::test]
async fn yielding_nothing_closed_while_pending_at_an_await_abandons_it_then_cleans_up() {
    let log = Log::new();
    let mut g = pin!(yields_nothing_after_an_await(log.clone()));
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    log.push("got Pending");
    assert!(!g.is_finished());
    g.as_mut().close().await;
    log.push("close returned");
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    g.as_mut().close().await;
    log.push("second close returned");
    assert_eq!(
        log.take(),
        [
            "body start",
            "got Pending",
            "await dropped",
            "cleanup",
            "close returned",
            "second close returned",
        ]
    );
}

/// The same generator dropped while `Pending` at the await: the await is
/// abandoned and the cleanup runs in place, before `drop` returns.
#[tokio::test]
async fn yielding_nothing_dropped_while_pending_at_an_await_cleans_up_in_place() {
    let log = Log::new();
    {
        let mut g = pin!(yields_nothing_after_an_await(log.clone()));
        assert_eq!(poll_once(g.as_mut()), Poll::Pending);
        log.push("got Pending");
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "body start",
            "got Pending",
            "dropping",
            "await dropped",
            "cleanup",
            "dropped",
        ]
    );
}

/// The same generator polled again after `Pending`: the await completes,
/// the body ends, the cleanup runs, then `None`.
#[tokio::test]
async fn yielding_nothing_polled_past_an_await_cleans_up_before_none() {
    let log = Log::new();
    let mut g = pin!(yields_nothing_after_an_await(log.clone()));
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    log.push("got Pending");
    assert_eq!(g.next().await, None);
    log.push("got None");
    assert_eq!(g.next().await, None);
    assert_eq!(
        log.take(),
        [
            "body start",
            "got Pending",
            "await done",
            "await dropped",
            "body end (after the await)",
            "cleanup",
            "got None",
        ]
    );
}

#[async_generator(yield = u32)]
async fn yields_nothing_awaiting_before_its_finally(log: Log) {
    let _local = log.guard("local");
    log.push("body start");
    log.track("await", WakeSelfOnce::default()).await;
    finally! { log.push("cleanup (not reached)"); }
    log.push("body end (not reached)");
}

/// "a close or drop arriving while the body waits there [outside any
/// `finally!`-protected block] simply drops the body": a body without any
/// yield, closed while `Pending` at an await that comes before its
/// `finally!`: the await and the body's locals are dropped, the `finally!`
/// that was never reached does not run, and the generator is finished.
#[tokio::test]
async fn yielding_nothing_closed_at_an_await_before_its_finally_only_drops_the_body() {
    let log = Log::new();
    let mut g = pin!(yields_nothing_awaiting_before_its_finally(log.clone()));
    assert_eq!(poll_once(g.as_mut()), Poll::Pending);
    log.push("got Pending");
    g.as_mut().close().await;
    log.push("close returned");
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    assert_eq!(
        log.take(),
        [
            "body start",
            "got Pending",
            "await dropped",
            "drop local",
            "close returned",
        ]
    );
}

// ---------------------------------------------------------------------------
// 2. A fallible body that returns before its first yield
// ---------------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq, Eq)]
struct Failed(&'static str);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Early {
    ReturnOk,
    ReturnErr,
    ReachTheYield,
}

#[async_generator(yield = u32)]
async fn returns_early(log: Log, early: Early) -> Result<(), Failed> {
    log.push("body start");
    finally!(|outcome: Outcome| {
        log.push(format!("cleanup start {outcome:?}"));
        tokio::task::yield_now().await;
        log.push("cleanup end");
    });
    match early {
        Early::ReturnOk => {
            log.push("return Ok");
            return Ok(());
        }
        Early::ReturnErr => {
            log.push("return Err");
            return Err(Failed("early"));
        }
        Early::ReachTheYield => {}
    }
    yield_!(1);
    log.push("body end");
    Ok(())
}

/// A body returning `Result<(), E>` that does `return Ok(())` before any
/// yield: the stream ends with no item at all (no `Ok`, no `Err`), the
/// cleanup (told `Completed`, as for `return`) ran once, its await
/// completed, before `None`; `close()` afterwards returns `Ok(())` and runs
/// nothing.
#[tokio::test]
async fn early_return_ok_ends_the_stream_with_no_item_after_the_cleanup() {
    let log = Log::new();
    let mut g = pin!(returns_early(log.clone(), Early::ReturnOk));
    assert_eq!(g.next().await, None);
    log.push("got None");
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    assert_eq!(g.as_mut().close().await, Ok(()));
    log.push("close returned");
    assert_eq!(
        log.take(),
        [
            "body start",
            "return Ok",
            "cleanup start Completed",
            "cleanup end",
            "got None",
            "close returned",
        ]
    );
}

/// "`?` and `return Err(e)` yield one `Err(e)` item, then the stream ends",
/// "after the `finally!` blocks ran", before any yield: the error is the
/// only item, the cleanup (told `Failed`) ran once, awaits included, before
/// the error was delivered; then `None`, and `close()` returns `Ok(())`
/// without running anything (the error was already delivered).
#[tokio::test]
async fn early_return_err_is_the_only_item_delivered_after_the_cleanup() {
    let log = Log::new();
    let mut g = pin!(returns_early(log.clone(), Early::ReturnErr));
    let first = g.next().await;
    log.push(format!("got {first:?}"));
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    log.push("got None");
    assert_eq!(g.as_mut().close().await, Ok(()));
    log.push("close returned");
    assert_eq!(
        log.take(),
        [
            "body start",
            "return Err",
            "cleanup start Failed",
            "cleanup end",
            "got Some(Err(Failed(\"early\")))",
            "got None",
            "close returned",
        ]
    );

    // Collected, the stream is exactly that one error.
    let items: Vec<_> = returns_early(log.clone(), Early::ReturnErr).collect().await;
    assert_eq!(items, [Err(Failed("early"))]);
    assert_eq!(
        log.take(),
        [
            "body start",
            "return Err",
            "cleanup start Failed",
            "cleanup end"
        ]
    );
}

/// The control: the same body reaching its yield gives `Ok(1)`, then its
/// end, the cleanup (`Completed`), and `None`.
#[tokio::test]
async fn the_same_body_reaching_its_yield_gives_one_ok_item() {
    let log = Log::new();
    drain(&log, returns_early(log.clone(), Early::ReachTheYield)).await;
    assert_eq!(
        log.take(),
        [
            "body start",
            "got Ok(1)",
            "body end",
            "cleanup start Completed",
            "cleanup end",
            "got None",
        ]
    );
}

// ---------------------------------------------------------------------------
// 3. Locals declared after `finally!` are dropped before it runs
// ---------------------------------------------------------------------------

#[async_generator(yield = u32)]
async fn locals_around_finally(log: Log) {
    let _before = log.guard("declared before finally");
    finally! { log.push("cleanup"); }
    let _after_1 = log.guard("declared after finally 1");
    let _after_2 = log.guard("declared after finally 2");
    yield_!(1);
    log.push("body end");
}

/// "locals declared after it are dropped before it runs (the protected rest
/// is a scope of its own)", on normal completion: the locals declared after
/// the `finally!` are dropped (in reverse order of declaration), then the
/// cleanup runs, then the local declared before it (which the cleanup may
/// borrow) is dropped, all before `None`.
#[tokio::test]
async fn locals_after_finally_are_dropped_before_it_on_completion() {
    let log = Log::new();
    drain(&log, locals_around_finally(log.clone())).await;
    assert_eq!(
        log.take(),
        [
            "got 1",
            "body end",
            "drop declared after finally 2",
            "drop declared after finally 1",
            "cleanup",
            "drop declared before finally",
            "got None",
        ]
    );
}

/// The same promise on `close().await` at the yield.
#[tokio::test]
async fn locals_after_finally_are_dropped_before_it_on_close() {
    let log = Log::new();
    let mut g = pin!(locals_around_finally(log.clone()));
    assert_eq!(g.next().await, Some(1));
    log.push("closing");
    g.as_mut().close().await;
    log.push("close returned");
    assert_eq!(
        log.take(),
        [
            "closing",
            "drop declared after finally 2",
            "drop declared after finally 1",
            "cleanup",
            "drop declared before finally",
            "close returned",
        ]
    );
}

/// The same promise on drop at the yield.
#[tokio::test]
async fn locals_after_finally_are_dropped_before_it_on_drop() {
    let log = Log::new();
    {
        let mut g = pin!(locals_around_finally(log.clone()));
        assert_eq!(g.next().await, Some(1));
        log.push("dropping");
    }
    log.push("dropped");
    assert_eq!(
        log.take(),
        [
            "dropping",
            "drop declared after finally 2",
            "drop declared after finally 1",
            "cleanup",
            "drop declared before finally",
            "dropped",
        ]
    );
}

#[async_generator(yield = u32)]
async fn locals_after_an_inner_finally(log: Log) {
    finally! { log.push("outer cleanup"); }
    {
        let _inner_before = log.guard("inner, declared before finally");
        finally! { log.push("inner cleanup"); }
        let _inner_after = log.guard("inner, declared after finally");
        yield_!(1);
        log.push("inner block end");
    }
    let _outer_after = log.guard("outer, declared after finally");
    yield_!(2);
    log.push("body end");
}

/// The same promise for a `finally!` in a nested block: leaving the inner
/// block normally drops its later local, runs its cleanup, then drops its
/// earlier local, and the body goes on; a close at the second yield then
/// drops the outer later local before the outer cleanup.
#[tokio::test]
async fn locals_after_an_inner_finally_are_dropped_before_it() {
    let log = Log::new();
    let mut g = pin!(locals_after_an_inner_finally(log.clone()));
    assert_eq!(g.next().await, Some(1));
    log.push("got 1");
    assert_eq!(g.next().await, Some(2));
    log.push("got 2");
    g.as_mut().close().await;
    log.push("close returned");
    assert_eq!(
        log.take(),
        [
            "got 1",
            "inner block end",
            "drop inner, declared after finally",
            "inner cleanup",
            "drop inner, declared before finally",
            "got 2",
            "drop outer, declared after finally",
            "outer cleanup",
            "close returned",
        ]
    );
}

// ---------------------------------------------------------------------------
// 4. Where the cleanup runs: task-local values and the current span
// ---------------------------------------------------------------------------

// The probe (`WHO`, `here`) and its process-wide subscriber are in
// tests/support/context_probe.rs.

#[async_generator(yield = u32)]
async fn reports_where_it_runs(log: Log) {
    log.push(format!("body: {}", here()));
    finally! {
        log.push(format!("cleanup start: {}", here()));
        WakeSelfOnce::default().await; // completes without waiting
        log.push(format!("cleanup end: {}", here()));
    }
    for i in 0.. {
        yield_!(i);
        log.push("resumed (not reached)");
    }
}

/// The helper sees what it should: nothing outside, the scope's value and
/// the entered span inside.
#[tokio::test(flavor = "current_thread")]
async fn the_probe_sees_task_locals_and_spans() {
    subscriber();
    assert_eq!(here(), "task-local none, span none");
    let inside = WHO
        .scope("a", async { here() }.instrument(tracing::info_span!("b")))
        .await;
    assert_eq!(inside, "task-local a, span b");
    assert_eq!(here(), "task-local none, span none");
}

/// "calls `close().await` | ... the `finally!` blocks run and may await;
/// `close` returns when they are done": the cleanup runs inside the polls
/// of the `close` future, so it sees the task-local value and the span of
/// whoever awaits the close, not those of whoever polled the body before.
#[tokio::test(flavor = "current_thread")]
async fn close_runs_the_cleanup_with_the_closers_task_local_and_span() {
    subscriber();
    let log = Log::new();
    let mut g = pin!(reports_where_it_runs(log.clone()));
    let first = WHO
        .scope(
            "poller",
            g.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    WHO.scope(
        "closer",
        g.as_mut()
            .close()
            .instrument(tracing::info_span!("closing")),
    )
    .await;
    log.push(format!("close returned: {}", here()));
    assert_eq!(
        log.take(),
        [
            "body: task-local poller, span polling",
            "got Some(0)",
            "cleanup start: task-local closer, span closing",
            "cleanup end: task-local closer, span closing",
            "close returned: task-local none, span none",
        ]
    );
}

/// "drops the generator | the same unwinding, polled in place inside
/// `drop`": with the default policy and a cleanup that finishes without
/// waiting, all of it runs inside `drop`, so it sees the task-local value
/// and the span of the code that drops, not those of the last poll.
#[tokio::test(flavor = "current_thread")]
async fn drop_runs_the_cleanup_in_place_with_the_droppers_task_local_and_span() {
    subscriber();
    let log = Log::new();
    let mut g = Box::pin(reports_where_it_runs(log.clone()));
    let first = WHO
        .scope(
            "poller",
            g.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    WHO.sync_scope("dropper", || {
        let _entered = tracing::info_span!("dropping").entered();
        drop(g);
        log.push(format!("drop returned: {}", here()));
    });
    assert_eq!(
        log.take(),
        [
            "body: task-local poller, span polling",
            "got Some(0)",
            "cleanup start: task-local dropper, span dropping",
            "cleanup end: task-local dropper, span dropping",
            "drop returned: task-local dropper, span dropping",
        ]
    );
}

/// The same, with the generator moved into another task that drops it: the
/// cleanup sees that task's task-local value and span; and a generator
/// dropped outside any scope or span sees none (it keeps nothing of the
/// poll that started it).
#[tokio::test(flavor = "current_thread")]
async fn drop_in_another_task_runs_the_cleanup_in_that_task() {
    subscriber();
    let log = Log::new();
    let mut g = Box::pin(reports_where_it_runs(log.clone()));
    let first = WHO
        .scope(
            "poller",
            g.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    let task = tokio::spawn(
        WHO.scope(
            "dropping task",
            {
                let log = log.clone();
                async move {
                    log.push(format!("task start: {}", here()));
                    drop(g);
                    log.push(format!("drop returned: {}", here()));
                }
            }
            .instrument(tracing::info_span!("task span")),
        ),
    );
    task.await.expect("the dropping task completed");

    let mut unscoped = Box::pin(reports_where_it_runs(log.clone()));
    let first = WHO
        .scope(
            "poller",
            unscoped.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    drop(unscoped);
    log.push("dropped outside any scope");
    assert_eq!(
        log.take(),
        [
            "body: task-local poller, span polling",
            "got Some(0)",
            "task start: task-local dropping task, span task span",
            "cleanup start: task-local dropping task, span task span",
            "cleanup end: task-local dropping task, span task span",
            "drop returned: task-local dropping task, span task span",
            "body: task-local poller, span polling",
            "got Some(0)",
            "cleanup start: task-local none, span none",
            "cleanup end: task-local none, span none",
            "dropped outside any scope",
        ]
    );
}

// ---------------------------------------------------------------------------
// 5. A `!Send` generator on a `LocalSet`
// ---------------------------------------------------------------------------

/// A log that is `!Send`, as is everything holding it.
#[derive(Clone, Default)]
struct LocalLog(Rc<RefCell<Vec<String>>>);

impl LocalLog {
    fn push(&self, event: impl Into<String>) {
        self.0.borrow_mut().push(event.into());
    }
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut *self.0.borrow_mut())
    }
}

/// Logs `drop <name>` when dropped; holds an `Rc`.
struct LocalGuard(LocalLog, &'static str);

impl Drop for LocalGuard {
    fn drop(&mut self) {
        self.0.push(format!("drop {}", self.1));
    }
}

#[async_generator(yield = u32)]
async fn not_send(log: LocalLog, cleanup_sleeps: bool) {
    let _rc = LocalGuard(log.clone(), "rc guard");
    log.push("start");
    finally! {
        log.push(format!("cleanup start (strong count {})", Rc::strong_count(&log.0)));
        WakeSelfOnce::default().await;
        log.push("cleanup after an await that completes at once");
        if cleanup_sleeps {
            tokio::time::sleep(Duration::from_millis(1)).await;
            log.push("cleanup after sleeping");
        }
        log.push("cleanup end");
    }
    for i in 0.. {
        tokio::task::yield_now().await;
        yield_!(i);
        log.push(format!("resumed after {i}"));
    }
}

/// Whether `T` is `Send`, decided at the call site where `T` is concrete
/// (autoref specialization: the inherent-looking `is_send` of `Probe<T>`
/// applies only when `T: Send`, else the one for `&Probe<T>` does).
struct Probe<T>(PhantomData<T>);

trait SendProbe {
    fn is_send(&self) -> bool {
        true
    }
}
impl<T: Send> SendProbe for Probe<T> {}

trait NotSendProbe {
    fn is_send(&self) -> bool {
        false
    }
}
impl<T> NotSendProbe for &Probe<T> {}

fn probe<T>(_: &T) -> Probe<T> {
    Probe(PhantomData)
}

/// `is_send!(value)`: whether the type of `value` is `Send`.
macro_rules! is_send {
    ($value:expr) => {{
        // The borrow picks the impl: it is needed when `T` is not `Send`.
        #[allow(clippy::needless_borrow)]
        let is_send = (&probe(&$value)).is_send();
        is_send
    }};
}

/// "`Send` exactly when the body is": a body holding an `Rc` across its
/// yields makes a `!Send` generator, which a `LocalSet` runs: consumed in a
/// `spawn_local` task, closed there (its cleanup awaits, a real sleep
/// included, and `close` returns after it), with the exact order of events.
#[tokio::test(flavor = "current_thread")]
async fn a_not_send_generator_is_closed_on_a_local_set() {
    let log = LocalLog::default();
    assert!(!is_send!(not_send(log.clone(), true)));
    assert!(is_send!(locals_around_finally(Log::new())));
    assert_eq!(log.take(), Vec::<String>::new());

    let local = tokio::task::LocalSet::new();
    local
        .run_until({
            let log = log.clone();
            async move {
                let task = tokio::task::spawn_local({
                    let log = log.clone();
                    async move {
                        let mut g = pin!(not_send(log.clone(), true));
                        while let Some(i) = g.next().await {
                            log.push(format!("got {i}"));
                            if i == 1 {
                                break;
                            }
                        }
                        log.push("closing");
                        g.as_mut().close().await;
                        log.push("close returned");
                        assert!(g.is_finished());
                        assert_eq!(g.next().await, None);
                        g.as_mut().close().await;
                        log.push("second close returned");
                    }
                });
                task.await.expect("the local task completed");
                log.push("task joined");
            }
        })
        .await;
    assert_eq!(
        log.take(),
        [
            "start",
            "got 0",
            "resumed after 0",
            "got 1",
            "closing",
            // The log, the guard's clone, the task's clone, the generator's
            // argument and the test's own handle.
            "cleanup start (strong count 5)",
            "cleanup after an await that completes at once",
            "cleanup after sleeping",
            "cleanup end",
            "drop rc guard",
            "close returned",
            "second close returned",
            "task joined",
        ]
    );
}

/// The same `!Send` generator dropped in a `spawn_local` task: the cleanup
/// runs in place, before `drop` returns, as far as it goes without waiting;
/// with a cleanup that would wait (a sleep), the default policy abandons the
/// rest (the body is dropped, its `Rc` guard too) without blocking the
/// `LocalSet`, which goes on running tasks.
#[tokio::test(flavor = "current_thread")]
async fn a_not_send_generator_is_dropped_on_a_local_set() {
    let log = LocalLog::default();
    let local = tokio::task::LocalSet::new();
    local
        .run_until({
            let log = log.clone();
            async move {
                for cleanup_sleeps in [false, true] {
                    let task = tokio::task::spawn_local({
                        let log = log.clone();
                        async move {
                            let mut g = pin!(not_send(log.clone(), cleanup_sleeps));
                            assert_eq!(g.next().await, Some(0));
                            log.push("got 0, dropping");
                        }
                    });
                    task.await.expect("the local task completed");
                    log.push(format!("task joined (cleanup sleeps: {cleanup_sleeps})"));
                }
                let after = tokio::task::spawn_local({
                    let log = log.clone();
                    async move { log.push("another local task runs") }
                });
                after.await.expect("the local set still runs tasks");
            }
        })
        .await;
    assert_eq!(
        log.take(),
        [
            "start",
            "got 0, dropping",
            "cleanup start (strong count 5)",
            "cleanup after an await that completes at once",
            "cleanup end",
            "drop rc guard",
            "task joined (cleanup sleeps: false)",
            "start",
            "got 0, dropping",
            "cleanup start (strong count 5)",
            "cleanup after an await that completes at once",
            // The sleep would wait: the rest is abandoned, the body dropped.
            "drop rc guard",
            "task joined (cleanup sleeps: true)",
            "another local task runs",
        ]
    );
}
