//! Issue 12: the crate's error types follow the convention that `Display`
//! includes the cause or `source()` returns it, never both. Each error is
//! rendered through an error-report chain, as anyhow's `{:#}` and its (and
//! eyre's) `{:?}` report do: the error's `Display`, then each source's
//! `Display` in turn. No message may appear twice in the report, and every
//! message of the chain (down to the inner errors' own sources) must appear.
//!
//! Every variant of `ClosingError`, `ScopeError` and `ErrorGroup` (one error
//! and several), `NotStarted`, nestings of them, and the errors the real
//! `closing`, `with` and `TaskGroup::join` return.

mod common;

use std::error::Error;
use std::fmt;
use std::iter::successors;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use asyncgen::{
    AsyncContextManager, ClosingError, ErrorGroup, NotStarted, ScopeError, TaskGroup, acmgr,
    async_generator, closing,
};
use common::Log;
use futures::StreamExt;

/// An error without a source.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Leaf(&'static str);

impl fmt::Display for Leaf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Error for Leaf {}

/// An error that itself has a source, following the convention: its
/// `Display` says what failed, `source()` is the cause.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Wrapped {
    what: &'static str,
    cause: Leaf,
}

fn wrapped(what: &'static str, cause: &'static str) -> Wrapped {
    Wrapped {
        what,
        cause: Leaf(cause),
    }
}

impl fmt::Display for Wrapped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }
}

impl Error for Wrapped {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(&self.cause)
    }
}

/// The `Display` of `error` and of each of its sources, outermost first.
fn chain(error: &(dyn Error + 'static)) -> Vec<String> {
    successors(Some(error), |&error| error.source())
        .map(ToString::to_string)
        .collect()
}

/// One line, as anyhow's `{:#}` prints it: `outer: cause: root cause`.
fn one_line_report(error: &(dyn Error + 'static)) -> String {
    chain(error).join(": ")
}

/// Several lines, as anyhow's and eyre's `{:?}` print it.
fn multi_line_report(error: &(dyn Error + 'static)) -> String {
    let chain = chain(error);
    let mut report = chain[0].clone();
    if chain.len() > 1 {
        report.push_str("\n\nCaused by:");
        for (i, cause) in chain[1..].iter().enumerate() {
            report.push_str(&format!("\n    {i}: {cause}"));
        }
    }
    report
}

/// `error`'s chain is exactly `expected` (so every inner message is
/// reached, each once), no level's `Display` repeats a deeper level's
/// message, and in both renderings each message appears exactly once.
#[track_caller]
fn assert_reports(error: &(dyn Error + 'static), expected: &[&str]) {
    let chain = chain(error);
    assert_eq!(chain, expected, "the chain of {error:?}");
    for (depth, outer) in chain.iter().enumerate() {
        for inner in &chain[depth + 1..] {
            assert!(
                !outer.contains(inner.as_str()),
                "{outer:?} (depth {depth}) repeats its cause {inner:?}"
            );
        }
    }
    for report in [one_line_report(error), multi_line_report(error)] {
        for message in expected {
            assert_eq!(
                report.matches(message).count(),
                1,
                "{message:?} appears once in the report:\n{report}"
            );
        }
    }
}

// --- ClosingError -------------------------------------------------------

#[test]
fn closing_error_body() {
    let error: ClosingError<Wrapped, Wrapped> =
        ClosingError::Body(wrapped("reading a row failed", "socket reset"));
    assert_reports(
        &error,
        &[
            "the body of `closing` failed",
            "reading a row failed",
            "socket reset",
        ],
    );
}

#[test]
fn closing_error_close() {
    let error: ClosingError<Wrapped, Wrapped> =
        ClosingError::Close(wrapped("releasing the connection failed", "pool closed"));
    assert_reports(
        &error,
        &[
            "closing the generator failed",
            "releasing the connection failed",
            "pool closed",
        ],
    );
}

/// `source()` is the body's error; the close's is reachable by accessor.
#[test]
fn closing_error_both() {
    let error: ClosingError<Wrapped, Wrapped> = ClosingError::Both {
        body: wrapped("reading a row failed", "socket reset"),
        close: wrapped("releasing the connection failed", "pool closed"),
    };
    assert_reports(
        &error,
        &[
            "the body of `closing` failed, and closing the generator failed too",
            "reading a row failed",
            "socket reset",
        ],
    );
    let close: &(dyn Error + 'static) = error.close().unwrap();
    assert_reports(close, &["releasing the connection failed", "pool closed"]);
}

// --- ScopeError ---------------------------------------------------------

#[test]
fn scope_error_enter() {
    let error: ScopeError<Wrapped, Wrapped> =
        ScopeError::Enter(wrapped("opening the connection failed", "refused"));
    assert_reports(
        &error,
        &[
            "entering the context manager failed",
            "opening the connection failed",
            "refused",
        ],
    );
}

#[test]
fn scope_error_scope() {
    let error: ScopeError<Wrapped, Wrapped> = ScopeError::Scope(wrapped(
        "parsing the reply failed",
        "unexpected end of input",
    ));
    assert_reports(
        &error,
        &[
            "the scope failed",
            "parsing the reply failed",
            "unexpected end of input",
        ],
    );
}

#[test]
fn scope_error_exit() {
    let error: ScopeError<Wrapped, Wrapped> =
        ScopeError::Exit(wrapped("committing failed", "disk full"));
    assert_reports(
        &error,
        &[
            "exiting the context manager failed",
            "committing failed",
            "disk full",
        ],
    );
}

/// `source()` is the scope's error; the exit's is reachable by accessor.
#[test]
fn scope_error_both() {
    let error: ScopeError<Wrapped, Wrapped> = ScopeError::Both {
        scope: wrapped("parsing the reply failed", "unexpected end of input"),
        exit: wrapped("committing failed", "disk full"),
    };
    assert_reports(
        &error,
        &[
            "the scope failed, and exiting the context manager failed too",
            "parsing the reply failed",
            "unexpected end of input",
        ],
    );
    let exit: &(dyn Error + 'static) = error.exit().unwrap();
    assert_reports(exit, &["committing failed", "disk full"]);
}

#[test]
fn scope_error_cancelled() {
    let error: ScopeError<Wrapped, Wrapped> = ScopeError::Cancelled;
    assert_reports(&error, &["the scope was cancelled"]);
}

/// The two enums share their accessors' shape: a by-reference accessor per
/// side and `into_parts`, the user's code's error first.
#[test]
fn both_enums_have_the_same_accessors() {
    let closing: ClosingError<Leaf, Leaf> = ClosingError::Both {
        body: Leaf("body"),
        close: Leaf("close"),
    };
    assert_eq!(closing.body(), Some(&Leaf("body")));
    assert_eq!(closing.close(), Some(&Leaf("close")));
    assert_eq!(
        closing.into_parts(),
        (Some(Leaf("body")), Some(Leaf("close")))
    );

    let scope: ScopeError<Leaf, Leaf> = ScopeError::Both {
        scope: Leaf("scope"),
        exit: Leaf("exit"),
    };
    assert_eq!(scope.scope(), Some(&Leaf("scope")));
    assert_eq!(scope.exit(), Some(&Leaf("exit")));
    assert_eq!(scope.acmgr(), Some(&Leaf("exit")));
    assert_eq!(scope.enter(), None);
    assert_eq!(
        scope.into_parts(),
        (Some(Leaf("scope")), Some(Leaf("exit")))
    );

    let enter: ScopeError<Leaf, Leaf> = ScopeError::Enter(Leaf("enter"));
    assert_eq!(enter.enter(), Some(&Leaf("enter")));
    assert_eq!(enter.acmgr(), Some(&Leaf("enter")));
    assert_eq!((enter.scope(), enter.exit()), (None, None));
    assert_eq!(enter.into_parts(), (None, Some(Leaf("enter"))));
    assert_eq!(
        ScopeError::<Leaf, Leaf>::Scope(Leaf("scope")).into_parts(),
        (Some(Leaf("scope")), None)
    );
    assert_eq!(
        ScopeError::<Leaf, Leaf>::Exit(Leaf("exit")).into_parts(),
        (None, Some(Leaf("exit")))
    );
    assert_eq!(
        ScopeError::<Leaf, Leaf>::Cancelled.into_parts(),
        (None, None)
    );
}

// --- ErrorGroup and NotStarted -------------------------------------------

#[test]
fn error_group_of_one() {
    let errors = ErrorGroup::from(wrapped("the news feed failed", "connection lost"));
    assert_reports(
        &errors,
        // The group's `Display` holds the child's message and ends the
        // chain: a group has several causes, not a chain of one.
        &["a child task failed: the news feed failed"],
    );
    let child = errors.first();
    assert_reports(child, &["the news feed failed", "connection lost"]);
}

/// The `Display` lists every child's message, `source()` is `None`; each
/// child's own chain is reachable by `iter`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_group_of_two() {
    let group = TaskGroup::new();
    // Both children block their worker threads until both are inside their
    // poll, so neither is cancelled before it fails.
    let arrived = Arc::new(AtomicUsize::new(0));
    for (what, cause) in [
        ("the news feed failed", "connection lost"),
        ("the weather feed failed", "timed out"),
    ] {
        let arrived = arrived.clone();
        group.spawn(async move {
            arrived.fetch_add(1, Ordering::SeqCst);
            let deadline = Instant::now() + Duration::from_secs(5);
            while arrived.load(Ordering::SeqCst) < 2 {
                assert!(Instant::now() < deadline, "the other child never ran");
                std::thread::yield_now();
            }
            Err(wrapped(what, cause))
        });
    }
    let errors = group.join().await.unwrap_err();
    assert_eq!(errors.len(), 2);
    let first = errors.first().clone();
    let second = errors.iter().nth(1).expect("two errors").clone();
    let expected = format!("2 child tasks failed: {}; {}", first.what, second.what);
    assert_eq!(chain(&errors), std::slice::from_ref(&expected));
    assert_reports(&errors, &[expected.as_str()]);
    for error in &errors {
        assert_reports(error, &[error.what, error.cause.0]);
    }
}

#[test]
fn not_started() {
    assert_reports(
        &NotStarted,
        &["the child task ended before reporting that it started"],
    );
}

// --- Nestings -------------------------------------------------------------

/// An inner `with`'s exit error returned as the outer scope's error, with a
/// task group's error inside: five levels, each message once.
#[test]
fn nested_scope_errors_with_a_group_inside() {
    let inner: ScopeError<Leaf, ErrorGroup<Wrapped>> = ScopeError::Exit(ErrorGroup::from(wrapped(
        "the inner feed failed",
        "connection lost",
    )));
    let outer: ScopeError<ScopeError<Leaf, ErrorGroup<Wrapped>>, Leaf> = ScopeError::Scope(inner);
    assert_reports(
        &outer,
        &[
            "the scope failed",
            "exiting the context manager failed",
            "a child task failed: the inner feed failed",
        ],
    );
}

/// A `ClosingError` whose body's error is a `ScopeError::Both` whose scope
/// error is a group.
#[test]
fn a_closing_error_around_a_scope_error() {
    let scope: ScopeError<ErrorGroup<Wrapped>, Leaf> = ScopeError::Both {
        scope: ErrorGroup::from(wrapped("the feed failed", "connection lost")),
        exit: Leaf("commit failed"),
    };
    let error: ClosingError<_, Leaf> = ClosingError::Both {
        body: scope,
        close: Leaf("release failed"),
    };
    assert_reports(
        &error,
        &[
            "the body of `closing` failed, and closing the generator failed too",
            "the scope failed, and exiting the context manager failed too",
            "a child task failed: the feed failed",
        ],
    );
}

// --- The errors the real APIs return ---------------------------------------

#[async_generator(yield = u32)]
async fn rows_whose_close_fails(log: Log) -> Result<(), Wrapped> {
    finally! {
        log.push("cleanup fails");
        let failed: Result<(), Wrapped> =
            Err(wrapped("releasing the connection failed", "pool closed"));
        failed?;
    }
    yield_!(1);
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn closing_returns_errors_that_report_once() {
    let log = Log::new();
    let error = closing(rows_whose_close_fails(log.clone()), async |mut rows| {
        rows.next().await;
        Err::<(), _>(wrapped("reading a row failed", "socket reset"))
    })
    .await
    .unwrap_err();
    assert_eq!(
        error,
        ClosingError::Both {
            body: wrapped("reading a row failed", "socket reset"),
            close: wrapped("releasing the connection failed", "pool closed"),
        }
    );
    assert_reports(
        &error,
        &[
            "the body of `closing` failed, and closing the generator failed too",
            "reading a row failed",
            "socket reset",
        ],
    );
    assert_eq!(log.take(), ["cleanup fails"]);
}

#[acmgr(yield = u32)]
async fn connection(fail_enter: bool, fail_exit: bool) -> Result<(), Wrapped> {
    if fail_enter {
        return Err(wrapped("opening the connection failed", "refused"));
    }
    let _outcome = yield_!(1);
    if fail_exit {
        return Err(wrapped("committing failed", "disk full"));
    }
    Ok(())
}

#[tokio::test(flavor = "current_thread")]
async fn with_returns_errors_that_report_once() {
    let enter = connection(true, false)
        .with(async |_| Ok::<_, Wrapped>(()))
        .await
        .unwrap_err();
    assert_reports(
        &enter,
        &[
            "entering the context manager failed",
            "opening the connection failed",
            "refused",
        ],
    );

    let scope = connection(false, false)
        .with(async |_| Err::<(), _>(wrapped("parsing the reply failed", "unexpected end")))
        .await
        .unwrap_err();
    assert_reports(
        &scope,
        &[
            "the scope failed",
            "parsing the reply failed",
            "unexpected end",
        ],
    );

    let exit = connection(false, true)
        .with(async |_| Ok::<_, Wrapped>(()))
        .await
        .unwrap_err();
    assert_reports(
        &exit,
        &[
            "exiting the context manager failed",
            "committing failed",
            "disk full",
        ],
    );

    let both = connection(false, true)
        .with(async |_| Err::<(), _>(wrapped("parsing the reply failed", "unexpected end")))
        .await
        .unwrap_err();
    assert_reports(
        &both,
        &[
            "the scope failed, and exiting the context manager failed too",
            "parsing the reply failed",
            "unexpected end",
        ],
    );
    assert_reports(both.exit().unwrap(), &["committing failed", "disk full"]);
}
