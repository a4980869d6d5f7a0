//! Other macros' calls inside a generator body: input that parses as
//! expressions is lowered like the body (`?`, `.await`, exits go through the
//! cleanup); calls that await where the attribute cannot see (`select!`) in
//! unprotected code are dropped by close instead of waited for.

// The loops exist to hold a `break` inside a macro's input.
#![allow(clippy::never_loop)]

#[path = "support/capture.rs"]
mod capture;

use std::pin::pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use asyncgen::{AsyncGenerator, async_generator};
use capture::Capture;
use futures::StreamExt;

type Log = Arc<Mutex<Vec<String>>>;

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

fn push(log: &Log, entry: impl Into<String>) {
    log.lock().unwrap().push(entry.into());
}

#[async_generator(yield = String)]
async fn formats(log: Log, inputs: Vec<&'static str>) -> Result<(), std::num::ParseIntError> {
    finally! { push(&log, "cleanup"); }
    for input in inputs {
        yield_!(format!("parsed {}", input.parse::<u32>()?));
        push(&log, format!("after {input}"));
    }
    push(&log, "end");
    Ok(())
}

#[tokio::test]
async fn a_question_mark_inside_format_goes_through_the_cleanup() {
    let log = Log::default();
    let items: Vec<_> = formats(log.clone(), vec!["1", "x", "3"]).collect().await;
    assert_eq!(items.len(), 2);
    assert_eq!(items[0].as_deref(), Ok("parsed 1"));
    assert!(items[1].is_err());
    assert_eq!(entries(&log), ["after 1", "cleanup"]);
}

#[async_generator(yield = u32)]
async fn awaits_inside_format(log: Log) {
    finally! { push(&log, "cleanup"); }
    yield_!(1);
    let text = format!("{:?}", std::future::pending::<u32>().await);
    push(&log, text);
}

#[tokio::test]
async fn an_await_inside_format_is_abandoned_by_close_and_drop() {
    let log = Log::default();
    {
        let mut generator = pin!(awaits_inside_format(log.clone()));
        assert_eq!(generator.next().await, Some(1));
        let poll = futures::poll!(generator.next());
        assert!(poll.is_pending());
        generator.as_mut().close().await;
        assert_eq!(entries(&log), ["cleanup"]);
    }
    let log = Log::default();
    {
        let mut generator = pin!(awaits_inside_format(log.clone()));
        assert_eq!(generator.next().await, Some(1));
        assert!(futures::poll!(generator.next()).is_pending());
    }
    assert_eq!(entries(&log), ["cleanup"]);
}

#[async_generator(yield = i32)]
async fn loop_inside_println(log: Log) {
    finally! { push(&log, "cleanup"); }
    yield_!(loop {
        break 5;
    });
    push(
        &log,
        format!(
            "{}",
            loop {
                break 6;
            }
        ),
    );
}

#[tokio::test]
async fn a_loop_with_its_own_break_inside_a_macro_is_fine() {
    let log = Log::default();
    let items: Vec<_> = loop_inside_println(log.clone()).collect().await;
    assert_eq!(items, [5]);
    assert_eq!(entries(&log), ["6", "cleanup"]);
}

/// `select!` outside any protected block: when a close arrives while the body
/// waits inside it, there is nothing to clean up, and the body is dropped.
#[async_generator(yield = u32)]
async fn selects(mut rx: tokio::sync::mpsc::Receiver<u32>, log: Log) {
    let _noisy = Noisy(log.clone());
    loop {
        let next = tokio::select! {
            item = rx.recv() => item,
            () = tokio::time::sleep(Duration::from_secs(3600)) => None,
        };
        match next {
            Some(item) => yield_!(item),
            None => break,
        }
    }
}

struct Noisy(Log);

impl Drop for Noisy {
    fn drop(&mut self) {
        push(&self.0, "body dropped");
    }
}

#[tokio::test]
async fn close_inside_an_unprotected_select_drops_the_body_at_once() {
    let log = Log::default();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let mut generator = pin!(selects(rx, log.clone()));
    tx.send(7).await.unwrap();
    assert_eq!(generator.next().await, Some(7));
    assert!(futures::poll!(generator.next()).is_pending());
    tokio::time::timeout(Duration::from_secs(5), generator.as_mut().close())
        .await
        .expect("close does not wait for the select");
    assert_eq!(entries(&log), ["body dropped"]);
    assert!(generator.is_finished());
    assert!(capture.events().is_empty(), "{:?}", capture.events());
}

#[tokio::test]
async fn drop_inside_an_unprotected_select_reports_nothing() {
    let log = Log::default();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    {
        let mut generator = pin!(selects(rx, log.clone()));
        tx.send(7).await.unwrap();
        assert_eq!(generator.next().await, Some(7));
        assert!(futures::poll!(generator.next()).is_pending());
    }
    assert_eq!(entries(&log), ["body dropped"]);
    assert!(capture.events().is_empty(), "{:?}", capture.events());
}

/// The idiom for a protected block: await the `select!` inside an `async`
/// block, so the await is one the attribute sees.
#[async_generator(yield = u32)]
async fn selects_in_protected_block(mut rx: tokio::sync::mpsc::Receiver<u32>, log: Log) {
    finally! { push(&log, "cleanup"); }
    loop {
        let next = async {
            tokio::select! {
                item = rx.recv() => item,
                () = tokio::time::sleep(Duration::from_secs(3600)) => None,
            }
        }
        .await;
        match next {
            Some(item) => yield_!(item),
            None => break,
        }
    }
}

#[tokio::test]
async fn a_select_in_an_async_block_is_abandoned_by_close() {
    let log = Log::default();
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    let mut generator = pin!(selects_in_protected_block(rx, log.clone()));
    tx.send(7).await.unwrap();
    assert_eq!(generator.next().await, Some(7));
    assert!(futures::poll!(generator.next()).is_pending());
    generator.as_mut().close().await;
    assert_eq!(entries(&log), ["cleanup"]);
}

/// A statement-form `select!` (no semicolon) before a `finally!` in the same
/// block: the section guard ends with the call, so the cleanup still runs on
/// close and on drop (regression: the guard once lived to the block's end and
/// made the generator drop its body without the cleanup).
#[async_generator(yield = u32)]
async fn select_statement_then_finally(log: Log) {
    tokio::select! {
        () = tokio::task::yield_now() => {}
    }
    finally! { push(&log, "cleanup"); }
    yield_!(1);
    yield_!(2);
}

#[tokio::test]
async fn a_statement_select_before_finally_keeps_the_cleanup() {
    let log = Log::default();
    {
        let mut generator = pin!(select_statement_then_finally(log.clone()));
        assert_eq!(generator.next().await, Some(1));
    }
    assert_eq!(entries(&log), ["cleanup"]);
    let log = Log::default();
    let mut generator = pin!(select_statement_then_finally(log.clone()));
    assert_eq!(generator.next().await, Some(1));
    generator.as_mut().close().await;
    assert_eq!(entries(&log), ["cleanup"]);
}

/// Known macros whose input is not a plain list of expressions: `vec![e; n]`,
/// `matches!(e, pat if guard)`, and `tracing`'s `target:`, `field =`, `?`
/// and `%` forms. Their awaits are lowered too: each is parked at a pending
/// await in a protected block, then closed (the cleanup runs, close does
/// not hang) or dropped (the plain cleanup runs in place).
#[async_generator(yield = u32)]
async fn hidden_awaits(log: Log, which: u32) {
    finally! { push(&log, "cleanup"); }
    yield_!(which);
    match which {
        0 => {
            let v = vec![std::future::pending::<u32>().await; 2];
            push(&log, format!("{v:?}"));
        }
        1 => {
            let found = matches!(std::future::ready(Some(3)).await, Some(v) if v > std::future::pending::<u32>().await);
            push(&log, format!("{found}"));
        }
        2 => {
            tracing::info!(target: "hidden", value = std::future::pending::<u32>().await, "message");
        }
        3 => {
            tracing::info!(target: "hidden", debugged = ?std::future::pending::<u32>().await, "message");
        }
        _ => {
            tracing::info!(name: "event", shown = %std::future::ready(1).await, "value {}", std::future::pending::<u32>().await);
        }
    }
}

#[tokio::test]
async fn awaits_inside_known_macros_with_their_own_syntax_are_lowered() {
    // `tracing` evaluates an event's fields only when it is enabled.
    let _guard = tracing::subscriber::set_default(Capture::default());
    for which in 0..5 {
        let log = Log::default();
        {
            let mut generator = pin!(hidden_awaits(log.clone(), which));
            assert_eq!(generator.next().await, Some(which));
            let parked = futures::poll!(generator.next());
            assert!(
                parked.is_pending(),
                "case {which}: {parked:?} {:?}",
                entries(&log)
            );
            tokio::time::timeout(Duration::from_secs(5), generator.as_mut().close())
                .await
                .expect("close does not hang at an await inside a macro's input");
            assert_eq!(entries(&log), ["cleanup"], "case {which}");
        }
        let log = Log::default();
        {
            let mut generator = pin!(hidden_awaits(log.clone(), which));
            assert_eq!(generator.next().await, Some(which));
            assert!(futures::poll!(generator.next()).is_pending());
        }
        assert_eq!(entries(&log), ["cleanup"], "case {which} dropped");
    }
}

/// A ready await inside those forms still produces the macro's value.
#[async_generator(yield = String)]
async fn hidden_ready_awaits() {
    let v = vec![std::future::ready(7).await; 2];
    yield_!(format!("{v:?}"));
    let found =
        matches!(std::future::ready(Some(3)).await, Some(v) if v > std::future::ready(2).await);
    yield_!(format!("{found}"));
    finally! {}
    let v = vec![std::future::ready(1).await; 1];
    yield_!(format!("{v:?}"));
}

#[tokio::test]
async fn values_through_lowered_known_macros() {
    let items: Vec<String> = hidden_ready_awaits().collect().await;
    assert_eq!(items, ["[7, 7]", "true", "[1]"]);
}
