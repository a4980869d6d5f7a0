//! Generators whose body returns `Result<(), E>`: `?` and `return Err(e)`
//! run the pending `finally!` blocks, yield one `Err`, then end; a `finally!`
//! that fails comes out of `close()` as `Err`, or as the stream's last item
//! when the body ran to its end.

mod common;

use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, drain};
use futures::StreamExt;

#[derive(Clone, Debug, PartialEq, Eq)]
struct Failed(&'static str);

/// A lower-level error that `?` converts into [`Failed`].
#[derive(Debug)]
struct Io;

impl From<Io> for Failed {
    fn from(Io: Io) -> Self {
        Failed("converted from Io")
    }
}

fn step(log: &Log, name: &'static str, fail: bool) -> Result<(), Failed> {
    log.push(name);
    if fail { Err(Failed(name)) } else { Ok(()) }
}

fn io_step(log: &Log, fail: bool) -> Result<(), Io> {
    log.push("io step");
    if fail { Err(Io) } else { Ok(()) }
}

#[async_generator(yield = u32)]
async fn question_mark(log: Log, fail_at: Option<u32>) -> Result<(), Failed> {
    finally! { log.push("cleanup"); }
    for i in 0..3 {
        finally! { log.push(format!("iteration {i} cleanup")); }
        step(
            &log,
            ["step 0", "step 1", "step 2"][i as usize],
            fail_at == Some(i),
        )?;
        yield_!(i);
    }
    log.push("body end");
    Ok(())
}

#[tokio::test]
async fn question_mark_runs_cleanups_yields_err_then_ends() {
    let log = Log::new();
    drain(&log, question_mark(log.clone(), Some(1))).await;
    assert_eq!(
        log.take(),
        [
            "step 0",
            "got Ok(0)",
            "iteration 0 cleanup",
            "step 1",
            "iteration 1 cleanup",
            "cleanup",
            "got Err(Failed(\"step 1\"))",
            "got None",
        ]
    );
}

#[tokio::test]
async fn a_fallible_body_that_succeeds_yields_no_err() {
    let log = Log::new();
    drain(&log, question_mark(log.clone(), None)).await;
    assert_eq!(
        log.take(),
        [
            "step 0",
            "got Ok(0)",
            "iteration 0 cleanup",
            "step 1",
            "got Ok(1)",
            "iteration 1 cleanup",
            "step 2",
            "got Ok(2)",
            "iteration 2 cleanup",
            "body end",
            "cleanup",
            "got None",
        ]
    );
}

#[tokio::test]
async fn after_the_err_item_the_generator_is_finished() {
    let log = Log::new();
    let mut g = pin!(question_mark(log.clone(), Some(0)));
    assert_eq!(g.next().await, Some(Err(Failed("step 0"))));
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    assert_eq!(g.as_mut().close().await, Ok(()));
    assert_eq!(log.take(), ["step 0", "iteration 0 cleanup", "cleanup"]);
}

#[async_generator(yield = u32)]
async fn converts_with_from(log: Log) -> Result<(), Failed> {
    finally! { log.push("cleanup"); }
    yield_!(1);
    io_step(&log, true)?;
    log.push("after io step (not reached)");
    Ok(())
}

#[tokio::test]
async fn question_mark_converts_the_error_with_from() {
    let log = Log::new();
    drain(&log, converts_with_from(log.clone())).await;
    assert_eq!(
        log.take(),
        [
            "got Ok(1)",
            "io step",
            "cleanup",
            "got Err(Failed(\"converted from Io\"))",
            "got None",
        ]
    );
}

#[async_generator(yield = u32)]
async fn returns_err(log: Log, fail: bool) -> Result<(), Failed> {
    finally! { log.push("outer cleanup"); }
    yield_!(1);
    {
        finally! { log.push("inner cleanup"); }
        if fail {
            return Err(Failed("returned"));
        }
        yield_!(2);
    }
    log.push("body end");
    Ok(())
}

#[tokio::test]
async fn return_err_runs_cleanups_innermost_first_yields_err_then_ends() {
    let log = Log::new();
    drain(&log, returns_err(log.clone(), true)).await;
    assert_eq!(
        log.take(),
        [
            "got Ok(1)",
            "inner cleanup",
            "outer cleanup",
            "got Err(Failed(\"returned\"))",
            "got None",
        ]
    );
}

#[tokio::test]
async fn a_question_mark_before_any_finally_yields_just_the_err() {
    #[async_generator(yield = u32)]
    async fn fails_first(log: Log) -> Result<(), Failed> {
        step(&log, "first step", true)?;
        finally! { log.push("cleanup (not reached)"); }
        yield_!(1);
        Ok(())
    }
    let log = Log::new();
    drain(&log, fails_first(log.clone())).await;
    assert_eq!(
        log.take(),
        ["first step", "got Err(Failed(\"first step\"))", "got None"]
    );
}

#[async_generator(yield = u32)]
async fn cleanup_fails(log: Log) -> Result<(), Failed> {
    finally! { log.push("outer cleanup"); }
    finally! {
        log.push("cleanup start");
        tokio::task::yield_now().await;
        step(&log, "cleanup step", true)?;
        log.push("cleanup end (not reached)");
    }
    for i in 0..2 {
        yield_!(i);
    }
    log.push("body end");
    Ok(())
}

#[tokio::test]
async fn a_finally_failing_during_close_is_closes_err() {
    let log = Log::new();
    let mut g = pin!(cleanup_fails(log.clone()));
    assert_eq!(g.next().await, Some(Ok(0)));
    let closed = g.as_mut().close().await;
    log.push(format!("close returned {closed:?}"));
    assert_eq!(
        log.take(),
        [
            "cleanup start",
            "cleanup step",
            // The failed cleanup leaves its own block; the outer one still
            // runs.
            "outer cleanup",
            "close returned Err(Failed(\"cleanup step\"))",
        ]
    );
    assert!(g.is_finished());
    assert_eq!(g.next().await, None);
    // Idempotent: the error was reported once; nothing runs again.
    assert_eq!(g.as_mut().close().await, Ok(()));
    assert_eq!(log.take(), Vec::<String>::new());
}

#[tokio::test]
async fn a_finally_failing_during_normal_completion_is_the_last_item() {
    let log = Log::new();
    drain(&log, cleanup_fails(log.clone())).await;
    assert_eq!(
        log.take(),
        [
            "got Ok(0)",
            "got Ok(1)",
            "body end",
            "cleanup start",
            "cleanup step",
            "outer cleanup",
            "got Err(Failed(\"cleanup step\"))",
            "got None",
        ]
    );
}

#[tokio::test]
async fn a_successful_close_of_a_fallible_generator_is_ok() {
    let log = Log::new();
    let mut g = pin!(returns_err(log.clone(), false));
    assert_eq!(g.next().await, Some(Ok(1)));
    assert_eq!(g.next().await, Some(Ok(2)));
    assert_eq!(g.as_mut().close().await, Ok(()));
    assert_eq!(log.take(), ["inner cleanup", "outer cleanup"]);
    let mut never_started = pin!(returns_err(log.clone(), true));
    assert_eq!(never_started.as_mut().close().await, Ok(()));
    assert_eq!(log.take(), Vec::<String>::new());
}

#[async_generator(yield = u32)]
async fn slow_failing_cleanup(log: Log) -> Result<(), Failed> {
    finally! {
        log.push("cleanup start");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        step(&log, "cleanup step", true)?;
    }
    yield_!(1);
    Ok(())
}

#[tokio::test]
async fn a_cleanup_error_after_an_abandoned_close_comes_out_of_the_next_close() {
    let log = Log::new();
    let mut g = pin!(slow_failing_cleanup(log.clone()));
    assert_eq!(g.next().await, Some(Ok(1)));
    let closing =
        tokio::time::timeout(std::time::Duration::from_millis(5), g.as_mut().close()).await;
    assert!(closing.is_err(), "the close should have timed out");
    log.push("close timed out");
    let closed = g.as_mut().close().await;
    log.push(format!("close returned {closed:?}"));
    assert_eq!(g.as_mut().close().await, Ok(()));
    assert_eq!(g.next().await, None);
    assert_eq!(
        log.take(),
        [
            "cleanup start",
            "close timed out",
            "cleanup step",
            "close returned Err(Failed(\"cleanup step\"))",
        ]
    );
}

#[tokio::test]
async fn a_cleanup_error_after_an_abandoned_close_is_the_next_item_when_polled() {
    let log = Log::new();
    let mut g = pin!(slow_failing_cleanup(log.clone()));
    assert_eq!(g.next().await, Some(Ok(1)));
    let closing =
        tokio::time::timeout(std::time::Duration::from_millis(5), g.as_mut().close()).await;
    assert!(closing.is_err(), "the close should have timed out");
    log.push("close timed out");
    drain(&log, g.as_mut()).await;
    assert!(g.is_finished());
    assert_eq!(
        log.take(),
        [
            "cleanup start",
            "close timed out",
            "cleanup step",
            "got Err(Failed(\"cleanup step\"))",
            "got None",
        ]
    );
}
