//! Promises of the docs about consumers that close (`closing`, close
//! through adapters and borrows) and about a `TaskGroup` shutting down,
//! that no other test pins:
//!
//! 1. `StreamExt` and `AsyncGeneratorExt` imported side by side: `map`
//!    resolves to `StreamExt`'s (no ambiguity), in a chain that mixes the
//!    two traits' methods, and close still reaches the generator's
//!    `finally!` through it, from `closing` and from `close()`.
//! 2. `closing` whose body panics: the generator is dropped while the panic
//!    unwinds, so its cleanup runs in place (the part that cannot finish
//!    without waiting is abandoned and reported; a second panic in it is
//!    contained) before the panic reaches whoever catches it, with its
//!    payload unchanged.
//! 3. A `TaskGroup` child returning `Err` while `shutdown` waits for it: the
//!    error comes out of `shutdown`, in the order the children failed,
//!    after an error returned before the cancellation, and a generator
//!    child's close error too; none is reported through `tracing` instead.
//! 4. A generator borrowed (`Pin<&mut G>`, `&mut G`, an adapter over
//!    `&mut G`) and closed by a `closing` scope: the owner's generator is
//!    closed, finished, its cleanup ran once, in order, and nothing runs
//!    when the owner closes or drops it afterwards.
//!
//! Every test asserts the exact order of events through a shared log.

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

#[path = "support/capture.rs"]
mod capture;
mod common;

use std::any::Any;
use std::future::pending;
use std::panic::{AssertUnwindSafe, panic_any};
use std::pin::{Pin, pin};
use std::time::Duration;

use asyncgen::{
    AsyncGenerator, AsyncGeneratorExt, BoxAsyncGenerator, ClosingError, TaskGroup, async_generator,
    closing,
};
use capture::Capture;
use common::Log;
use futures::{FutureExt, StreamExt};
use tokio::sync::oneshot;
use tokio::time::timeout;
use tracing::Level;

/// Bounds every wait on a task group, so that a broken group fails the test
/// instead of hanging it; nothing asserts on durations.
const NEVER_HANGS: Duration = Duration::from_secs(10);

/// The `target: asyncgen` events at `level` that `capture` recorded, as
/// `name=value` fields.
fn reported(capture: &Capture, level: Level) -> Vec<String> {
    capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == level)
        .map(|event| event.fields)
        .collect()
}

/// Counts from 0, logging each yield; its cleanup awaits a timer, which
/// only `close().await` can wait for (drop cannot). `local` is declared
/// before the `finally!`, so it is dropped after the cleanup ran.
#[async_generator(yield = u32)]
async fn numbers(log: Log) {
    let _local = log.guard("local");
    finally! {
        log.push("cleanup starts");
        tokio::time::sleep(Duration::from_millis(1)).await;
        log.push("cleanup done");
    }
    for i in 0.. {
        log.push(format!("yield {i}"));
        yield_!(i);
    }
}

// ---------------------------------------------------------------------------
// 1. `map` with `StreamExt` and `AsyncGeneratorExt` both in scope
// ---------------------------------------------------------------------------

/// "Import it beside `futures::StreamExt`: none of its names is a
/// `StreamExt` method, so `generator.next()` and `generator.map(f)` resolve
/// to `StreamExt`'s. The adapters `StreamExt` and `TryStreamExt` return
/// (`map`, ...) are themselves generators when the stream inside is one:
/// closing the adapter closes the generator inside." (`AsyncGeneratorExt`)
///
/// With both traits imported (this file uses `boxed_generator` from one and
/// `map` / `next` from the other), `map` compiles unambiguously, and the
/// `Map` it returns goes into `closing`, whose exit closes it: the close
/// reaches `numbers`' `finally!`, whose await completes before `closing`
/// returns.
#[tokio::test]
async fn map_with_both_traits_in_scope_is_closed_by_closing_down_to_the_finally() {
    let log = Log::new();
    let taken = closing(numbers(log.clone()).map(|i| i * 10), async |mut tens| {
        let mut taken = Vec::new();
        while let Some(ten) = tens.next().await {
            log.push(format!("scope got {ten}"));
            taken.push(ten);
            if taken.len() == 2 {
                log.push("scope breaks");
                break;
            }
        }
        taken
    })
    .await;
    log.push("closing returned");
    assert_eq!(taken, [0, 10]);
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got 0",
            "yield 1",
            "scope got 10",
            "scope breaks",
            "cleanup starts",
            "cleanup done",
            "drop local",
            "closing returned",
        ]
    );
}

/// The same promise ("`generator.map(f)` resolve[s] to `StreamExt`'s ...
/// closing the adapter closes the generator inside") for a chain that
/// mixes the two traits: `map` (`StreamExt`) over `boxed_generator()`
/// (`AsyncGeneratorExt`) is still a generator, and its `close()` reaches
/// the `finally!` inside the box, awaiting it; the adapter is finished and
/// yields nothing more.
#[tokio::test]
async fn map_after_boxed_generator_keeps_close() {
    let log = Log::new();
    let mut tens = pin!(numbers(log.clone()).boxed_generator().map(|i| i * 10));
    assert_eq!(tens.next().await, Some(0));
    assert_eq!(tens.next().await, Some(10));
    log.push("consumer closes");
    tens.as_mut().close().await;
    log.push("close returned");
    assert!(tens.is_finished());
    assert_eq!(tens.next().await, None);
    log.push("got None");
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "yield 1",
            "consumer closes",
            "cleanup starts",
            "cleanup done",
            "drop local",
            "close returned",
            "got None",
        ]
    );
}

// ---------------------------------------------------------------------------
// 2. `closing` whose body panics
// ---------------------------------------------------------------------------

/// A payload that is not a string, so that a test can tell it is the very
/// value the body panicked with.
#[derive(Debug, PartialEq)]
struct BodyPanic {
    code: u32,
}

/// Takes one item from `generator` inside `closing`, then panics with a
/// `BodyPanic`; returns the payload caught around the `closing` future.
/// The scope holds a guard of its own, `scope local`.
async fn panic_inside_closing<G>(log: &Log, generator: G) -> Box<dyn Any + Send>
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let scope = closing(generator, async |mut items| {
        let _scope_local = log.guard("scope local");
        let first = items.next().await;
        log.push(format!("scope got {first:?}"));
        log.push("scope panics");
        panic_any(BodyPanic { code: 7 });
    });
    let caught = AssertUnwindSafe(scope).catch_unwind().await;
    let payload = caught.expect_err("the panic reaches the caller of `closing`");
    log.push("caller caught the panic");
    payload
}

/// Counts from 0; its cleanup cannot wait (nothing in it awaits).
#[async_generator(yield = u32)]
async fn counter(log: Log) {
    let _local = log.guard("local");
    finally! { log.push("cleanup"); }
    for i in 0.. {
        log.push(format!("yield {i}"));
        yield_!(i);
    }
}

/// "If the future returned by `closing` is dropped before it completes
/// ..., the generator is dropped with it and its cleanup runs as on drop:
/// in place, as far as it can go without waiting. If `body` panics, the
/// generator is dropped during the unwinding, likewise." (`closing`)
///
/// The panic unwinds the scope first (its own locals are dropped as the
/// panic leaves it), then `closing`, which drops the generator: its
/// `finally!` runs, then its locals are dropped, all before the panic
/// reaches the caller, which gets the body's payload itself (not a string,
/// not a wrapper). The cleanup runs once: `closing` never gets to its
/// close.
#[tokio::test(flavor = "current_thread")]
async fn a_panicking_body_drops_the_generator_whose_cleanup_runs_before_the_panic_resumes() {
    let log = Log::new();
    let payload = panic_inside_closing(&log, counter(log.clone())).await;
    assert_eq!(
        payload.downcast_ref::<BodyPanic>(),
        Some(&BodyPanic { code: 7 })
    );
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got Some(0)",
            "scope panics",
            "drop scope local",
            "cleanup",
            "drop local",
            "caller caught the panic",
        ]
    );
}

/// Counts from 0; its cleanup waits on something that never comes.
#[async_generator(yield = u32)]
async fn waits_in_cleanup(log: Log) {
    let _local = log.guard("local");
    finally! {
        log.push("cleanup starts");
        pending::<()>().await;
        log.push("cleanup done (never)");
    }
    for i in 0.. {
        log.push(format!("yield {i}"));
        yield_!(i);
    }
}

/// The same promise ("its cleanup runs as on drop: in place, as far as it
/// can go without waiting"; "If `body` panics, the generator is dropped
/// during the unwinding, likewise", `closing`) for a cleanup that awaits:
/// the part before the await runs in place during the unwinding, the rest
/// is abandoned as the default drop policy says ("the rest of the cleanup
/// is abandoned (the body is dropped, so its values' destructors still run)
/// and a `WARN` event is emitted through `tracing`, target `asyncgen`,
/// naming the generator", README, Drop policy), and the panic then resumes
/// with its payload.
#[tokio::test(flavor = "current_thread")]
async fn a_panicking_body_abandons_the_waiting_part_of_the_cleanup_reported_then_resumes() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let log = Log::new();
    let payload = panic_inside_closing(&log, waits_in_cleanup(log.clone())).await;
    assert_eq!(
        payload.downcast_ref::<BodyPanic>(),
        Some(&BodyPanic { code: 7 })
    );
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got Some(0)",
            "scope panics",
            "drop scope local",
            "cleanup starts",
            "drop local",
            "caller caught the panic",
        ]
    );
    let warnings = reported(&capture, Level::WARN);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].contains("the rest of the cleanup was abandoned"),
        "{}",
        warnings[0]
    );
    assert!(
        warnings[0].contains("waits_in_cleanup"),
        "the report names the generator: {}",
        warnings[0]
    );
    assert_eq!(reported(&capture, Level::ERROR), Vec::<String>::new());
}

/// Counts from 0; its cleanup panics.
#[async_generator(yield = u32)]
async fn panics_in_cleanup(log: Log) {
    let _local = log.guard("local");
    finally! {
        log.push("cleanup panics");
        panic!("cleanup failed");
    }
    for i in 0.. {
        log.push(format!("yield {i}"));
        yield_!(i);
    }
}

/// "If `body` panics, the generator is dropped during the unwinding"
/// (`closing`), and "A panic inside cleanup run by `drop` propagates from
/// `drop`, unless the thread is already panicking: then it is contained and
/// reported, never an abort." (crate docs, Panics)
///
/// The generator's cleanup panics while the body's panic unwinds: the
/// process does not abort, the second panic is reported at `ERROR`, the
/// generator's locals are still dropped, and the caller gets the body's
/// payload, not the cleanup's.
#[tokio::test(flavor = "current_thread")]
async fn a_cleanup_panicking_while_the_body_panics_is_contained_and_the_body_payload_resumes() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let log = Log::new();
    let payload = panic_inside_closing(&log, panics_in_cleanup(log.clone())).await;
    assert_eq!(
        payload.downcast_ref::<BodyPanic>(),
        Some(&BodyPanic { code: 7 })
    );
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got Some(0)",
            "scope panics",
            "drop scope local",
            "cleanup panics",
            "drop local",
            "caller caught the panic",
        ]
    );
    let errors = reported(&capture, Level::ERROR);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("the second panic was contained"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("panics_in_cleanup"),
        "the report names the generator: {}",
        errors[0]
    );
}

// ---------------------------------------------------------------------------
// 3. A `TaskGroup` child returning `Err` while the group shuts down
// ---------------------------------------------------------------------------

/// What a stop-aware child tells the test, and what the test tells it.
struct Controls {
    /// Sent when the child has started.
    up: oneshot::Sender<()>,
    /// Sent when the child has seen its stop requested.
    stopping: oneshot::Sender<()>,
    /// Awaited after the stop: the child then fails.
    fail_now: oneshot::Receiver<()>,
    /// Dropped with the child's future, after its guard logged.
    gone: oneshot::Sender<()>,
}

/// The test's ends of a child's `Controls`.
struct Handles {
    up: oneshot::Receiver<()>,
    stopping: oneshot::Receiver<()>,
    fail_now: oneshot::Sender<()>,
    gone: oneshot::Receiver<()>,
}

fn controls() -> (Controls, Handles) {
    let (up, up_rx) = oneshot::channel();
    let (stopping, stopping_rx) = oneshot::channel();
    let (fail_now_tx, fail_now) = oneshot::channel();
    let (gone, gone_rx) = oneshot::channel();
    (
        Controls {
            up,
            stopping,
            fail_now,
            gone,
        },
        Handles {
            up: up_rx,
            stopping: stopping_rx,
            fail_now: fail_now_tx,
            gone: gone_rx,
        },
    )
}

/// Resolves when `receiver` does or its sender is dropped, within
/// `NEVER_HANGS`.
async fn signalled<T>(receiver: oneshot::Receiver<T>, what: &str) {
    let _ = timeout(NEVER_HANGS, receiver)
        .await
        .unwrap_or_else(|_| panic!("{what}: never signalled"));
}

/// Spawns a stop-aware child `name` that waits for its stop, says so, then
/// waits for the test's go and fails with `error` while stopping.
fn spawn_failing_on_stop(
    group: &TaskGroup<String>,
    log: &Log,
    name: &'static str,
    error: &'static str,
) -> Handles {
    let (controls, handles) = controls();
    let log = log.clone();
    group.spawn_with_stop(move |stop| async move {
        let Controls {
            up,
            stopping,
            fail_now,
            gone,
        } = controls;
        // Declared first, dropped last: the guard has logged by then.
        let _gone = gone;
        let _guard = log.guard(name);
        let _ = up.send(());
        stop.requested().await;
        let _ = stopping.send(());
        let _ = fail_now.await;
        log.push(format!("{name} fails while stopping"));
        Err(error.to_owned())
    });
    handles
}

/// "Errors that children returned before the cancellation still count, and
/// so do those stop-aware children return while stopping" (`shutdown`);
/// "`join` waits for every child and returns `Ok(())`, or an
/// `ErrorGroup` with every child error in the order the children failed"
/// (`TaskGroup`, Ending); "Failures nobody will return are reported through
/// `tracing`" (`TaskGroup`, Drop): these are returned, so they are not
/// reported.
///
/// `shutdown` is polled once (it cancels the group and waits), then the two
/// stop-aware children fail while it waits, the second-spawned first: both
/// errors come out of `shutdown`, in the order they failed, once both
/// children are gone, and nothing is reported at `ERROR`. (Current-thread
/// runtime: a child's failure is recorded in the poll that dropped its
/// future, before the test runs again, so the order the test sets is the
/// order they fail in.)
#[tokio::test(flavor = "current_thread")]
async fn errors_returned_while_shutdown_waits_come_out_of_it_in_the_order_they_happened() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let log = Log::new();
    let group = TaskGroup::new().with_grace(NEVER_HANGS / 2);
    let a = spawn_failing_on_stop(&group, &log, "a", "a failed while stopping");
    let b = spawn_failing_on_stop(&group, &log, "b", "b failed while stopping");
    signalled(a.up, "a up").await;
    signalled(b.up, "b up").await;

    log.push("shutting down");
    let mut shutdown = pin!(group.shutdown());
    assert!(futures::poll!(shutdown.as_mut()).is_pending());
    log.push("shutdown pending");
    signalled(a.stopping, "a stopping").await;
    log.push("a is stopping");
    signalled(b.stopping, "b stopping").await;
    log.push("b is stopping");

    let _ = b.fail_now.send(());
    signalled(b.gone, "b gone").await;
    log.push("b is gone");
    let _ = a.fail_now.send(());
    let shut = timeout(NEVER_HANGS, shutdown)
        .await
        .expect("shutdown never hangs");
    log.push("shutdown returned");
    signalled(a.gone, "a gone").await;

    assert_eq!(
        shut.expect_err("the errors returned while stopping")
            .into_vec(),
        ["b failed while stopping", "a failed while stopping"]
    );
    assert_eq!(
        log.take(),
        [
            "shutting down",
            "shutdown pending",
            "a is stopping",
            "b is stopping",
            "b fails while stopping",
            "drop b",
            "b is gone",
            "a fails while stopping",
            "drop a",
            "shutdown returned",
        ]
    );
    assert_eq!(reported(&capture, Level::ERROR), Vec::<String>::new());
}

on_both_flavours!(an_error_before_the_shutdown_comes_out_first_then_one_returned_while_it_waits);

/// "Errors that children returned before the cancellation still count, and
/// so do those stop-aware children return while stopping" (`shutdown`);
/// "An `Err` a stop-aware child returns while stopping is a failure like
/// any other: it joins the `ErrorGroup` after the failure that caused the
/// cancellation." (`TaskGroup`, Children)
///
/// A plain child fails (which cancels the group: the writer is asked to
/// stop); only then is the group shut down, and while `shutdown` waits the
/// writer fails too: `shutdown` returns both, the earlier failure first.
async fn an_error_before_the_shutdown_comes_out_first_then_one_returned_while_it_waits() {
    let log = Log::new();
    let group = TaskGroup::new().with_grace(NEVER_HANGS / 2);
    let writer = spawn_failing_on_stop(&group, &log, "writer", "writer failed while stopping");
    signalled(writer.up, "writer up").await;
    {
        let log = log.clone();
        group.spawn(async move {
            log.push("early fails");
            Err("early failure".to_owned())
        });
    }
    signalled(writer.stopping, "writer stopping").await;
    log.push("writer is stopping");
    assert!(group.is_cancelled(), "the failure cancelled the group");

    log.push("shutting down");
    let mut shutdown = pin!(group.shutdown());
    assert!(futures::poll!(shutdown.as_mut()).is_pending());
    log.push("shutdown pending");
    let _ = writer.fail_now.send(());
    let shut = timeout(NEVER_HANGS, shutdown)
        .await
        .expect("shutdown never hangs");
    log.push("shutdown returned");

    assert_eq!(
        shut.expect_err("both failures").into_vec(),
        ["early failure", "writer failed while stopping"]
    );
    assert_eq!(
        log.take(),
        [
            "early fails",
            "writer is stopping",
            "shutting down",
            "shutdown pending",
            "writer fails while stopping",
            "drop writer",
            "shutdown returned",
        ]
    );
}

/// Yields once, then waits; its cleanup awaits, then fails.
#[async_generator(yield = ())]
async fn fails_on_close(log: Log, up: oneshot::Sender<()>) -> Result<(), String> {
    let _local = log.guard("generator local");
    finally! {
        log.push("generator cleanup starts");
        tokio::task::yield_now().await;
        log.push("generator cleanup fails");
        let failed: Result<(), String> = Err("generator close failed".to_owned());
        failed?;
    }
    let _ = up.send(());
    yield_!(());
    pending::<()>().await;
    Ok(())
}

/// `spawn_generator`: "when the group asks its children to stop, it is
/// `close`d, so its pending `finally!` blocks run and may await ... an
/// error its close returns while stopping joins the `ErrorGroup` like any
/// child error"; `shutdown`: "Errors ... those stop-aware children return
/// while stopping" still count.
///
/// `shutdown` closes the generator child: its cleanup runs, awaits, fails,
/// and that error is what `shutdown` returns, after the generator's locals
/// were dropped; nothing is reported at `ERROR` instead.
#[tokio::test(flavor = "current_thread")]
async fn a_generator_childs_close_error_during_shutdown_is_returned_by_it() {
    let capture = Capture::default();
    let _subscriber = tracing::subscriber::set_default(capture.clone());
    let log = Log::new();
    let group = TaskGroup::new().with_grace(NEVER_HANGS / 2);
    let (up, is_up) = oneshot::channel();
    group.spawn_generator(fails_on_close(log.clone(), up));
    signalled(is_up, "generator up").await;
    log.push("shutting down");
    let shut = timeout(NEVER_HANGS, group.shutdown())
        .await
        .expect("shutdown never hangs");
    log.push("shutdown returned");
    assert_eq!(
        shut.expect_err("the close error").into_vec(),
        ["generator close failed"]
    );
    assert_eq!(
        log.take(),
        [
            "shutting down",
            "generator cleanup starts",
            "generator cleanup fails",
            "drop generator local",
            "shutdown returned",
        ]
    );
    assert_eq!(reported(&capture, Level::ERROR), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 4. A borrowed generator closed by a `closing` scope
// ---------------------------------------------------------------------------

/// `closing`: "Runs `body` over the pinned generator, then closes the
/// generator, awaiting its cleanup, on every exit of `body` (its end, an
/// early `return`, a `?`), and returns `body`'s value." `AsyncGenerator`:
/// "After `close` has completed, `poll_next` returns `None` and `close`
/// returns at once." (No sentence of the docs speaks of a borrowed
/// generator; `Pin<&mut G>` is an `AsyncGenerator` whose close is `G`'s.)
///
/// The owner pins the generator and lends it, as `Pin<&mut G>`, to a scope
/// that returns early: the scope's exit closes the owner's generator,
/// awaiting its cleanup, before `closing` returns. Afterwards the owner's
/// generator is finished, yields nothing, its close does nothing, and
/// dropping it runs nothing: the cleanup ran once, at the scope's exit.
#[tokio::test]
async fn a_generator_lent_as_pin_mut_is_closed_for_its_owner_by_the_scope() {
    let log = Log::new();
    {
        let mut owner = pin!(numbers(log.clone()));
        let first = closing(owner.as_mut(), async |mut lent| {
            while let Some(i) = lent.next().await {
                log.push(format!("scope got {i}"));
                if i == 1 {
                    log.push("scope returns");
                    return Some(i);
                }
            }
            None
        })
        .await;
        log.push("closing returned");
        assert_eq!(first, Some(1));
        assert!(owner.is_finished());
        log.push("owner: finished");
        assert_eq!(owner.next().await, None);
        log.push("owner: next is None");
        owner.as_mut().close().await;
        log.push("owner: close returned");
        log.push("owner drops it");
    }
    log.push("owner dropped it");
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got 0",
            "yield 1",
            "scope got 1",
            "scope returns",
            "cleanup starts",
            "cleanup done",
            "drop local",
            "closing returned",
            "owner: finished",
            "owner: next is None",
            "owner: close returned",
            "owner drops it",
            "owner dropped it",
        ]
    );
}

#[derive(Debug, PartialEq)]
struct ScopeFailed;

/// The same promises ("closes the generator, awaiting its cleanup, on every
/// exit of `body` (..., a `?`)"; "After `close` has completed, `poll_next`
/// returns `None` and `close` returns at once") for a generator lent as
/// `&mut G`: the owner holds a boxed generator (`Unpin`), the scope leaves
/// through `?`, and `closing` closes the owner's box before it returns the
/// scope's error. The owner's generator is finished afterwards, and its
/// cleanup ran once.
#[tokio::test]
async fn a_generator_lent_as_mut_ref_is_closed_for_its_owner_when_the_scope_fails() {
    let log = Log::new();
    let mut owner: BoxAsyncGenerator<'static, u32> = numbers(log.clone()).boxed_generator();
    let outcome = closing(&mut owner, async |mut lent| {
        while let Some(i) = lent.next().await {
            log.push(format!("scope got {i}"));
            if i == 1 {
                log.push("scope fails");
                Err(ScopeFailed)?;
            }
        }
        Ok::<_, ScopeFailed>(())
    })
    .await;
    log.push("closing returned");
    assert_eq!(outcome, Err(ScopeFailed));
    assert!(owner.is_finished());
    assert_eq!(owner.next().await, None);
    log.push("owner: next is None");
    Pin::new(&mut owner).close().await;
    log.push("owner: close returned");
    drop(owner);
    log.push("owner dropped it");
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got 0",
            "yield 1",
            "scope got 1",
            "scope fails",
            "cleanup starts",
            "cleanup done",
            "drop local",
            "closing returned",
            "owner: next is None",
            "owner: close returned",
            "owner dropped it",
        ]
    );
}

/// Yields 0 and 1, then ends; its cleanup awaits and fails, so close can
/// fail.
#[async_generator(yield = u32)]
async fn two_then_a_failing_cleanup(log: Log) -> Result<(), String> {
    finally! {
        log.push("cleanup starts");
        tokio::task::yield_now().await;
        log.push("cleanup fails");
        let failed: Result<(), String> = Err("release failed".to_owned());
        failed?;
    }
    for i in 0..2 {
        log.push(format!("yield {i}"));
        yield_!(i);
    }
    Ok(())
}

/// The same promises through an adapter over the borrow (`(&mut
/// owner).map(f)`: "closing the adapter closes the generator inside",
/// `AsyncGeneratorExt`), for a generator whose close fails: the scope's
/// exit closes the owner's generator through `Map` and `&mut`, and the
/// close's error comes out of `closing` ("the body's error, the close's
/// error, or both: none is lost", crate docs); it is delivered once:
/// the owner's generator is finished and a second close succeeds.
#[tokio::test]
async fn a_close_error_of_a_lent_generator_comes_out_of_the_scope_once() {
    let log = Log::new();
    let mut owner = two_then_a_failing_cleanup(log.clone()).boxed_generator();
    let outcome = closing(
        (&mut owner).map(|item| item.map(|i| i * 10)),
        async |mut lent| {
            let first = lent.next().await.transpose()?;
            log.push(format!("scope got {first:?}"));
            Ok::<_, String>(first)
        },
    )
    .await;
    log.push("closing returned");
    assert_eq!(
        outcome,
        Err(ClosingError::Close("release failed".to_owned()))
    );
    assert!(owner.is_finished());
    assert_eq!(Pin::new(&mut owner).close().await, Ok(()));
    log.push("owner: close returned Ok");
    assert!(owner.next().await.is_none());
    log.push("owner: next is None");
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "scope got Some(0)",
            "cleanup starts",
            "cleanup fails",
            "closing returned",
            "owner: close returned Ok",
            "owner: next is None",
        ]
    );
}
