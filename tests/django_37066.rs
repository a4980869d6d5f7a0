//! Django ticket #37066 in Rust: every consumer of a caller-supplied async
//! iterable closes it deterministically when it exits early, through a chain
//! of wrappers three deep (handler -> response -> mapper -> user generator),
//! and an error raised while closing reaches the consumer instead of being
//! swallowed. Each test asserts the exact order of events in one shared log.

mod common;

#[path = "support/capture.rs"]
mod capture;

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};
use std::time::Duration;

use asyncgen::{AsyncGenerator, ClosingError, async_generator, closing, from_stream};
use capture::Capture;
use common::Log;
use futures::StreamExt;
use tracing::Level;

// ---------------------------------------------------------------------------
// The chain: user generator -> mapper (Django's `awrapper`) -> response
// (`StreamingHttpResponse.__aiter__`) -> handler (the ASGI handler's
// `async with aclosing(aiter(response))`).
// ---------------------------------------------------------------------------

const CHUNKS: [&str; 3] = ["chunk 1", "chunk 2", "chunk 3"];

/// How the user generator's cleanup waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Wait {
    /// `yield_now`, then a short sleep: only `close().await` can finish it;
    /// `drop` cannot wait for a timer.
    Timer,
    /// `yield_now` only: it finishes even when run in place by `drop`.
    NoTimer,
}

/// What the user generator does after yielding its first chunk.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum After {
    /// Yields the next chunk.
    Continue,
    /// Waits forever on an `.await` (a query that never answers).
    Stall,
}

/// The user's generator (the `body()` of the ticket's regression test): its
/// cleanup awaits, and logs when it starts and when it is done.
#[async_generator(yield = &'static str)]
async fn user_body(log: Log, wait: Wait, after: After) {
    finally! {
        log.push("body: cleanup starts");
        tokio::task::yield_now().await;
        if wait == Wait::Timer {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        log.push("body: cleanup done");
    }
    for chunk in CHUNKS {
        log.push(format!("body: yields {chunk}"));
        yield_!(chunk);
        if after == After::Stall {
            log.push("body: waits for the next chunk");
            std::future::pending::<()>().await;
        }
    }
}

/// Django's `awrapper`: owns the user's generator and maps its items to
/// bytes. A close or drop reaches the owned generator first (at the
/// suspension point), so its cleanup runs before this `finally!`.
#[async_generator(yield = Vec<u8>)]
async fn mapper(log: Log, inner: impl AsyncGenerator<Item = &'static str, Closed = ()>) {
    let mut inner = own!(inner);
    finally! { log.push("mapper: cleanup"); }
    while let Some(chunk) = inner.next().await {
        yield_!(chunk.as_bytes().to_vec());
    }
}

/// `StreamingHttpResponse.__aiter__`: `async with aclosing(...) as it:
/// async for part in it: yield part`, that is, `yield_from!`.
#[async_generator(yield = Vec<u8>)]
async fn response(log: Log, content: impl AsyncGenerator<Item = Vec<u8>, Closed = ()>) {
    finally! { log.push("response: cleanup"); }
    yield_from!(content);
}

fn django_chain(
    log: &Log,
    wait: Wait,
    after: After,
) -> impl AsyncGenerator<Item = Vec<u8>, Closed = ()> {
    response(
        log.clone(),
        mapper(log.clone(), user_body(log.clone(), wait, after)),
    )
}

fn text(chunk: &[u8]) -> &str {
    std::str::from_utf8(chunk).expect("chunks are text")
}

/// The ASGI handler: sends the first chunk, then the client goes away
/// (`break`). `closing` closes the response before the scope returns.
async fn handler(log: &Log, response: impl AsyncGenerator<Item = Vec<u8>, Closed = ()>) {
    closing(response, async |mut chunks| {
        while let Some(chunk) = chunks.next().await {
            log.push(format!("handler: sends {}", text(&chunk)));
            if chunk == b"chunk 1" {
                log.push("handler: the client went away");
                break;
            }
        }
    })
    .await;
    log.push("handler: scope returned");
}

#[tokio::test]
async fn the_handler_closes_the_three_deep_chain_before_its_scope_returns() {
    let log = Log::new();
    // As in the ticket's test, the response stays alive in this frame after
    // the handler returns: what ran, ran because of the close, not a drop.
    let mut chain = pin!(django_chain(&log, Wait::Timer, After::Continue));
    handler(&log, chain.as_mut()).await;
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "handler: the client went away",
            // innermost first: user generator, mapper, response
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "handler: scope returned",
        ]
    );
    assert!(chain.is_finished());
}

// ---------------------------------------------------------------------------
// Early exits of the consumer body: break (above), return, `?`, cancellation.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn an_early_return_from_the_consumer_closes_the_chain_first() {
    let log = Log::new();
    let found = closing(
        django_chain(&log, Wait::Timer, After::Continue),
        async |mut chunks| {
            while let Some(chunk) = chunks.next().await {
                if chunk == b"chunk 2" {
                    log.push("handler: returns chunk 2");
                    return Some(chunk);
                }
                log.push(format!("handler: skips {}", text(&chunk)));
            }
            None
        },
    )
    .await;
    log.push("handler: scope returned");
    assert_eq!(found.as_deref(), Some(&b"chunk 2"[..]));
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: skips chunk 1",
            "body: yields chunk 2",
            "handler: returns chunk 2",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "handler: scope returned",
        ]
    );
}

#[derive(Debug, PartialEq, Eq)]
struct HandlerError(&'static str);

fn send(log: &Log, chunk: &[u8]) -> Result<(), HandlerError> {
    log.push(format!("handler: sending {} fails", text(chunk)));
    Err(HandlerError("the client went away"))
}

#[tokio::test]
async fn a_question_mark_in_the_consumer_closes_the_chain_first() {
    let log = Log::new();
    let sent = closing(
        django_chain(&log, Wait::Timer, After::Continue),
        async |mut chunks| {
            let mut sent = 0;
            while let Some(chunk) = chunks.next().await {
                send(&log, &chunk)?;
                sent += 1;
            }
            Ok::<_, HandlerError>(sent)
        },
    )
    .await;
    log.push("handler: scope returned");
    // The generator's close cannot fail: the body's value comes back as is.
    assert_eq!(sent, Err(HandlerError("the client went away")));
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sending chunk 1 fails",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "handler: scope returned",
        ]
    );
}

/// The handler of the cancellation tests: sends the first chunk, then waits
/// for an acknowledgement that never comes, inside the `closing` scope (the
/// generator is suspended at its yield).
async fn handler_waiting_for_ack(
    log: &Log,
    response: impl AsyncGenerator<Item = Vec<u8>, Closed = ()>,
    mut first_sent: Option<tokio::sync::oneshot::Sender<()>>,
) {
    closing(response, async |mut chunks| {
        while let Some(chunk) = chunks.next().await {
            log.push(format!("handler: sends {}", text(&chunk)));
            if let Some(first_sent) = first_sent.take() {
                first_sent.send(()).expect("the test is waiting");
            }
            std::future::pending::<()>().await;
        }
    })
    .await;
    log.push("handler: scope returned (not reached)");
}

fn reports(capture: &Capture, level: Level) -> Vec<String> {
    capture
        .events()
        .into_iter()
        .filter(|event| event.target == "asyncgen" && event.level == level)
        .map(|event| event.fields)
        .collect()
}

/// Whether a report's `generator` field is the body of the generator fn
/// `name` of this file (`name::{{closure}}..`, or `name<..>::..` if generic).
fn names_generator(fields: &str, name: &str) -> bool {
    let prefix = format!("generator=\"django_37066::{name}");
    fields.contains(&format!("{prefix}::")) || fields.contains(&format!("{prefix}<"))
}

/// Asserts the WARN reports of abandoned cleanup (the default `report` drop
/// policy), one per generator dropped with its cleanup waiting, in order.
fn assert_abandoned(capture: &Capture, generators: &[&str]) {
    let warnings = reports(capture, Level::WARN);
    assert_eq!(warnings.len(), generators.len(), "{warnings:?}");
    for (warning, generator) in warnings.iter().zip(generators) {
        assert!(
            names_generator(warning, generator),
            "{generator}: {warning}"
        );
        assert!(
            warning.contains(
                "a generator was dropped while its cleanup was waiting; the rest of the cleanup \
                 was abandoned (the generator's drop policy is `report`)"
            ),
            "{warning}"
        );
    }
}

#[tokio::test]
async fn a_timeout_on_the_consumer_runs_the_chains_cleanup_in_place() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let handler = handler_waiting_for_ack(
        &log,
        django_chain(&log, Wait::NoTimer, After::Continue),
        None,
    );
    let outcome = tokio::time::timeout(Duration::from_millis(10), handler).await;
    assert!(outcome.is_err(), "the handler should have timed out");
    log.push("test: the timeout returned");
    // Dropping the `closing` future dropped the chain: its cleanup ran in
    // place, all of it, since none of it waits on anything outside.
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "test: the timeout returned",
        ]
    );
    assert_eq!(capture.events().len(), 0, "{:?}", capture.events());
}

#[tokio::test]
async fn a_timeout_landing_on_the_user_generators_await_runs_the_cleanup_in_place() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let consumer = closing(
        django_chain(&log, Wait::NoTimer, After::Stall),
        async |mut chunks| {
            while let Some(chunk) = chunks.next().await {
                log.push(format!("handler: sends {}", text(&chunk)));
            }
        },
    );
    let outcome = tokio::time::timeout(Duration::from_millis(10), consumer).await;
    assert!(outcome.is_err(), "the handler should have timed out");
    log.push("test: the timeout returned");
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "body: waits for the next chunk",
            // the await is abandoned; the unwinding starts there
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "test: the timeout returned",
        ]
    );
    assert_eq!(capture.events().len(), 0, "{:?}", capture.events());
}

#[tokio::test]
async fn a_timeout_abandons_cleanup_that_waits_on_a_timer_and_reports_it() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let handler =
        handler_waiting_for_ack(&log, django_chain(&log, Wait::Timer, After::Continue), None);
    let outcome = tokio::time::timeout(Duration::from_millis(10), handler).await;
    assert!(outcome.is_err(), "the handler should have timed out");
    log.push("test: the timeout returned");
    // `drop` cannot await the timer: the cleanup ran in place up to it, and
    // the rest (of every level still waiting on it) was abandoned.
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "body: cleanup starts",
            "test: the timeout returned",
        ]
    );
    // ... and reported, at WARN, naming each generator that was dropped with
    // its cleanup waiting (the default `report` policy): the response, whose
    // drop dropped the mapper, whose drop dropped the user generator.
    assert_abandoned(&capture, &["response", "mapper", "user_body"]);
    assert_eq!(reports(&capture, Level::ERROR), Vec::<String>::new());
}

/// A user generator whose cleanup waits for the connection to be released.
#[async_generator(yield = &'static str)]
async fn waits_for_release(log: Log, released: tokio::sync::oneshot::Receiver<()>) {
    finally! {
        log.push("body: cleanup starts");
        let _ = released.await;
        log.push("body: cleanup done");
    }
    for chunk in CHUNKS {
        yield_!(chunk);
    }
}

/// A consumer that takes one chunk and leaves, then is cancelled while its
/// `closing` scope awaits the close.
fn cancelled_while_closing(
    log: &Log,
    released: tokio::sync::oneshot::Receiver<()>,
) -> Pin<Box<impl Future<Output = ()> + '_>> {
    let mut consumer = Box::pin(closing(
        waits_for_release(log.clone(), released),
        async |mut chunks| {
            let first = chunks.next().await;
            log.push(format!("consumer: takes {first:?}, leaves"));
        },
    ));
    let mut cx = Context::from_waker(std::task::Waker::noop());
    assert!(consumer.as_mut().poll(&mut cx).is_pending());
    log.push("test: the consumer is cancelled while closing");
    consumer
}

#[tokio::test]
async fn a_cancellation_landing_during_the_close_finishes_the_cleanup_in_drop_once() {
    // The close was under way when the consumer was cancelled: the drop
    // resumes the same cleanup where it stopped (nothing runs twice), and
    // finishes it since the release has come by then.
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let (release, released) = tokio::sync::oneshot::channel();
    let consumer = cancelled_while_closing(&log, released);
    release.send(()).expect("the cleanup waits for it");
    drop(consumer);
    assert_eq!(
        log.take(),
        [
            "consumer: takes Some(\"chunk 1\"), leaves",
            "body: cleanup starts",
            "test: the consumer is cancelled while closing",
            "body: cleanup done",
        ]
    );
    assert_eq!(capture.events().len(), 0, "{:?}", capture.events());

    // Without the release, the drop cannot finish it: abandoned, reported.
    let (release, released) = tokio::sync::oneshot::channel::<()>();
    drop(cancelled_while_closing(&log, released));
    drop(release);
    assert_eq!(
        log.take(),
        [
            "consumer: takes Some(\"chunk 1\"), leaves",
            "body: cleanup starts",
            "test: the consumer is cancelled while closing",
        ]
    );
    assert_abandoned(&capture, &["waits_for_release"]);
}

/// Runs a future, and its drop, with `dispatch` as the thread's `tracing`
/// subscriber (a spawned task is polled and dropped on worker threads).
struct WithDispatch<F> {
    future: Option<Pin<Box<F>>>,
    dispatch: tracing::Dispatch,
}

impl<F: Future> Future for WithDispatch<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        let _guard = tracing::dispatcher::set_default(&self.dispatch);
        let future = self.future.as_mut().expect("polled after completion");
        let poll = future.as_mut().poll(cx);
        if poll.is_ready() {
            self.future = None;
        }
        poll
    }
}

impl<F> Drop for WithDispatch<F> {
    fn drop(&mut self) {
        let _guard = tracing::dispatcher::set_default(&self.dispatch);
        self.future = None;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn aborting_the_consumers_task_runs_the_chains_cleanup_before_the_join() {
    let log = Log::new();
    let capture = Capture::default();
    let (first_sent, is_first_sent) = tokio::sync::oneshot::channel();
    let task = tokio::spawn(WithDispatch {
        dispatch: tracing::Dispatch::new(capture.clone()),
        future: Some(Box::pin({
            let log = log.clone();
            async move {
                let chain = django_chain(&log, Wait::NoTimer, After::Continue);
                handler_waiting_for_ack(&log, chain, Some(first_sent)).await;
            }
        })),
    });
    is_first_sent.await.expect("the handler sent a chunk");
    task.abort();
    let joined = task.await;
    assert!(joined.expect_err("the task was aborted").is_cancelled());
    log.push("test: the join returned");
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "test: the join returned",
        ]
    );
    assert_eq!(capture.events().len(), 0, "{:?}", capture.events());
}

/// Cleanups written before and after the `own!`: a close or drop reaches
/// the owned generator first whatever the order, as documented.
#[async_generator(yield = &'static str)]
async fn owns_between_cleanups(
    log: Log,
    inner: impl AsyncGenerator<Item = &'static str, Closed = ()>,
) {
    finally! { log.push("wrapper: cleanup written before own!"); }
    let mut inner = own!(inner);
    finally! { log.push("wrapper: cleanup written after own!"); }
    while let Some(chunk) = inner.next().await {
        yield_!(chunk);
    }
}

#[tokio::test]
async fn close_and_drop_reach_the_owned_generator_before_the_wrappers_cleanups() {
    let log = Log::new();
    let inner = user_body(log.clone(), Wait::Timer, After::Continue);
    let first = closing(
        owns_between_cleanups(log.clone(), inner),
        async |mut chunks| chunks.next().await,
    )
    .await;
    log.push("consumer: closed");
    assert_eq!(first, Some("chunk 1"));
    let expected = [
        "body: yields chunk 1",
        "body: cleanup starts",
        "body: cleanup done",
        "wrapper: cleanup written after own!",
        "wrapper: cleanup written before own!",
    ];
    assert_eq!(log.take(), [&expected[..], &["consumer: closed"]].concat());

    {
        let inner = user_body(log.clone(), Wait::NoTimer, After::Continue);
        let mut wrapper = pin!(owns_between_cleanups(log.clone(), inner));
        assert_eq!(wrapper.next().await, Some("chunk 1"));
    }
    log.push("consumer: dropped");
    assert_eq!(log.take(), [&expected[..], &["consumer: dropped"]].concat());
}

// ---------------------------------------------------------------------------
// The user generator's cleanup fails.
// ---------------------------------------------------------------------------

#[derive(Debug, PartialEq, Eq)]
struct UserError(&'static str);

#[derive(Debug, PartialEq, Eq)]
enum MapperError {
    User(UserError),
}

impl From<UserError> for MapperError {
    fn from(error: UserError) -> Self {
        MapperError::User(error)
    }
}

#[derive(Debug, PartialEq, Eq)]
enum ResponseError {
    Mapper(MapperError),
}

impl From<MapperError> for ResponseError {
    fn from(error: MapperError) -> Self {
        ResponseError::Mapper(error)
    }
}

fn release_connection(log: &Log) -> Result<(), UserError> {
    log.push("body: releasing the connection fails");
    Err(UserError("connection release failed"))
}

/// A user generator whose cleanup awaits (no timer), then fails with `?`.
#[async_generator(yield = &'static str)]
async fn failing_body(log: Log) -> Result<(), UserError> {
    finally! {
        log.push("body: cleanup starts");
        tokio::task::yield_now().await;
        release_connection(&log)?;
        log.push("body: cleanup done (not reached)");
    }
    for chunk in CHUNKS {
        log.push(format!("body: yields {chunk}"));
        yield_!(chunk);
    }
    Ok(())
}

#[async_generator(yield = Vec<u8>)]
async fn fallible_mapper(
    log: Log,
    inner: impl AsyncGenerator<Item = Result<&'static str, UserError>, Closed = Result<(), UserError>>,
) -> Result<(), MapperError> {
    let mut inner = own!(inner);
    finally! { log.push("mapper: cleanup"); }
    while let Some(chunk) = inner.next().await {
        yield_!(chunk?.as_bytes().to_vec());
    }
    Ok(())
}

#[async_generator(yield = Result<Vec<u8>, MapperError>)]
async fn fallible_response(
    log: Log,
    content: impl AsyncGenerator<Item = Result<Vec<u8>, MapperError>, Closed = Result<(), MapperError>>,
) -> Result<(), ResponseError> {
    finally! { log.push("response: cleanup"); }
    yield_from!(content);
    Ok(())
}

#[tokio::test]
async fn the_cleanups_error_comes_out_of_the_consumers_scope() {
    let log = Log::new();
    let first = closing(failing_body(log.clone()), async |mut chunks| {
        let first = chunks.next().await;
        log.push("handler: got a chunk, leaves");
        Ok::<_, HandlerError>(first)
    })
    .await;
    log.push("handler: scope returned");
    assert_eq!(
        first,
        Err(ClosingError::Close(UserError("connection release failed")))
    );
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: got a chunk, leaves",
            "body: cleanup starts",
            "body: releasing the connection fails",
            "handler: scope returned",
        ]
    );
}

#[tokio::test]
async fn when_the_consumer_and_the_cleanup_both_fail_neither_error_is_lost() {
    let log = Log::new();
    let sent = closing(failing_body(log.clone()), async |mut chunks| {
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.expect("only the cleanup fails");
            send(&log, chunk.as_bytes())?;
        }
        Ok(())
    })
    .await;
    log.push("handler: scope returned");
    assert_eq!(
        sent,
        Err(ClosingError::Both {
            body: HandlerError("the client went away"),
            close: UserError("connection release failed"),
        })
    );
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sending chunk 1 fails",
            "body: cleanup starts",
            "body: releasing the connection fails",
            "handler: scope returned",
        ]
    );
}

fn fallible_chain(
    log: &Log,
) -> impl AsyncGenerator<
    Item = Result<Result<Vec<u8>, MapperError>, ResponseError>,
    Closed = Result<(), ResponseError>,
> {
    fallible_response(
        log.clone(),
        fallible_mapper(log.clone(), failing_body(log.clone())),
    )
}

#[tokio::test]
async fn the_cleanups_error_reaches_the_handler_through_the_chain() {
    let log = Log::new();
    let mut chain = pin!(fallible_chain(&log));
    let sent = closing(chain.as_mut(), async |mut chunks| {
        let mut sent = 0;
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.expect("the response did not fail")?;
            log.push(format!("handler: sends {}", text(&chunk)));
            sent += 1;
            if sent == 1 {
                log.push("handler: the client went away");
                break;
            }
        }
        Ok::<_, MapperError>(sent)
    })
    .await;
    log.push("handler: scope returned");
    assert_eq!(
        sent,
        Err(ClosingError::Close(ResponseError::Mapper(
            MapperError::User(UserError("connection release failed"))
        )))
    );
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "handler: the client went away",
            "body: cleanup starts",
            "body: releasing the connection fails",
            // the error unwinds through the wrappers: their cleanups still run
            "mapper: cleanup",
            "response: cleanup",
            "handler: scope returned",
        ]
    );
    // Closing again does nothing and succeeds: the error was delivered once.
    assert_eq!(chain.as_mut().close().await, Ok(()));
    assert_eq!(log.take(), Vec::<String>::new());
}

#[tokio::test]
async fn a_cleanup_error_on_the_drop_path_is_reported_at_error_level() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let consumer = closing(fallible_chain(&log), async |mut chunks| {
        while let Some(chunk) = chunks.next().await {
            let chunk = chunk.expect("the response did not fail")?;
            log.push(format!("handler: sends {}", text(&chunk)));
            std::future::pending::<()>().await;
        }
        Ok::<_, MapperError>(())
    });
    let outcome = tokio::time::timeout(Duration::from_millis(10), consumer).await;
    assert!(outcome.is_err(), "the handler should have timed out");
    log.push("test: the timeout returned");
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "handler: sends chunk 1",
            "body: cleanup starts",
            "body: releasing the connection fails",
            "mapper: cleanup",
            "response: cleanup",
            "test: the timeout returned",
        ]
    );
    // `drop` cannot return the error: the outermost generator, whose cleanup
    // ended with it (converted on the way up), reports it once, at ERROR.
    let errors = reports(&capture, Level::ERROR);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains("a generator's cleanup failed while it was being dropped"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("generator=\"django_37066::fallible_response\""),
        "{}",
        errors[0]
    );
    // With the error itself, rendered by its `Debug`.
    assert!(
        errors[0].contains("error=Mapper(User(UserError(\"connection release failed\")))"),
        "{}",
        errors[0]
    );
    assert_eq!(reports(&capture, Level::WARN), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Idempotent close; a closed generator is empty for every later consumer.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn close_is_idempotent_and_a_second_consumer_sees_an_empty_stream() {
    let log = Log::new();
    let mut chain = pin!(django_chain(&log, Wait::Timer, After::Continue));
    let first = closing(chain.as_mut(), async |mut chunks| chunks.next().await).await;
    assert_eq!(first.as_deref(), Some(&b"chunk 1"[..]));
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
        ]
    );
    assert!(chain.is_finished());

    // A second close, through the whole chain, does nothing.
    chain.as_mut().close().await;
    assert_eq!(log.take(), Vec::<String>::new());

    // A closed generator yields nothing ...
    assert_eq!(chain.next().await, None);

    // ... and a second consumer of it (Django's second `streaming_content`
    // reader) sees an empty stream, and its close does nothing either.
    let second = closing(chain.as_mut(), async |mut chunks| {
        let mut seen = Vec::new();
        while let Some(chunk) = chunks.next().await {
            seen.push(chunk);
        }
        log.push(format!("second consumer: saw {} chunks", seen.len()));
        seen
    })
    .await;
    assert_eq!(second, Vec::<Vec<u8>>::new());
    assert_eq!(log.take(), ["second consumer: saw 0 chunks"]);
}

// ---------------------------------------------------------------------------
// A plain stream through the same consumer code (Django's `maybe_aclosing`).
// ---------------------------------------------------------------------------

/// One consumer for generators and plain streams alike: it takes the first
/// two chunks, then leaves, closing what it read.
async fn first_two(
    log: &Log,
    chunks: impl AsyncGenerator<Item = Vec<u8>, Closed = ()>,
) -> Vec<Vec<u8>> {
    let taken = closing(chunks, async |mut chunks| {
        let mut taken = Vec::new();
        while let Some(chunk) = chunks.next().await {
            log.push(format!("consumer: takes {}", text(&chunk)));
            taken.push(chunk);
            if taken.len() == 2 {
                break;
            }
        }
        taken
    })
    .await;
    log.push("consumer: scope returned");
    taken
}

#[tokio::test]
async fn a_plain_stream_passes_through_the_same_consumer_code() {
    let log = Log::new();
    let guard = log.guard("the plain stream");
    let plain = futures::stream::iter(CHUNKS.map(|chunk| chunk.as_bytes().to_vec()));
    // The closure keeps the guard: it is dropped with the stream.
    let plain = futures::StreamExt::map(plain, move |chunk| {
        let _ = &guard;
        chunk
    });
    let taken = first_two(&log, from_stream(plain)).await;
    assert_eq!(taken, [b"chunk 1".to_vec(), b"chunk 2".to_vec()]);
    assert_eq!(
        log.take(),
        [
            "consumer: takes chunk 1",
            "consumer: takes chunk 2",
            // its close does nothing; it is dropped as the scope ends
            "drop the plain stream",
            "consumer: scope returned",
        ]
    );

    // The very same consumer, over the generator chain.
    let taken = first_two(&log, django_chain(&log, Wait::Timer, After::Continue)).await;
    assert_eq!(taken, [b"chunk 1".to_vec(), b"chunk 2".to_vec()]);
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "consumer: takes chunk 1",
            "body: yields chunk 2",
            "consumer: takes chunk 2",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "consumer: scope returned",
        ]
    );
}

// ---------------------------------------------------------------------------
// Combinators: `futures::StreamExt::map` keeps close; dropping the mapped
// stream cannot wait for the cleanup.
// ---------------------------------------------------------------------------

#[tokio::test]
async fn stream_ext_map_propagates_close_through_the_chain() {
    let log = Log::new();
    let lengths = django_chain(&log, Wait::Timer, After::Continue).map(|chunk| chunk.len());
    let first = closing(lengths, async |mut lengths| lengths.next().await).await;
    log.push("consumer: scope returned");
    assert_eq!(first, Some(7));
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "consumer: scope returned",
        ]
    );
}

#[tokio::test]
async fn a_dropped_map_abandons_the_waiting_cleanup_closing_around_it_awaits_it() {
    // Dropped without a close, the mapped generator has only the drop's
    // cleanup, which cannot wait for the timer.
    let log = Log::new();
    let capture = Capture::default();
    {
        let _guard = tracing::subscriber::set_default(capture.clone());
        let lengths =
            futures::StreamExt::map(django_chain(&log, Wait::Timer, After::Continue), |chunk| {
                chunk.len()
            });
        let mut lengths = pin!(lengths);
        assert_eq!(futures::StreamExt::next(&mut lengths).await, Some(7));
        log.push("consumer: leaves, dropping the mapped stream");
    }
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "consumer: leaves, dropping the mapped stream",
            "body: cleanup starts",
            // the rest of every level's cleanup was abandoned, and reported
        ]
    );
    assert_abandoned(&capture, &["response", "mapper", "user_body"]);

    // Closing the generator around the mapping awaits it (as closing the
    // mapping does: `stream_ext_map_propagates_close_through_the_chain`).
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let first = closing(
        django_chain(&log, Wait::Timer, After::Continue),
        async |chunks| {
            let mut lengths = futures::StreamExt::map(chunks, |chunk| chunk.len());
            futures::StreamExt::next(&mut lengths).await
        },
    )
    .await;
    log.push("consumer: scope returned");
    assert_eq!(first, Some(7));
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "body: cleanup starts",
            "body: cleanup done",
            "mapper: cleanup",
            "response: cleanup",
            "consumer: scope returned",
        ]
    );
    assert_eq!(capture.events().len(), 0, "{:?}", capture.events());
}

// ---------------------------------------------------------------------------
// `yield_from!` over a generator that is itself delegating (two levels).
// ---------------------------------------------------------------------------

#[async_generator(yield = &'static str)]
async fn middle_level(log: Log) {
    finally! { log.push("level 1: cleanup"); }
    yield_from!(user_body(log.clone(), Wait::Timer, After::Continue));
}

#[async_generator(yield = &'static str)]
async fn outer_level(log: Log) {
    finally! { log.push("level 2: cleanup"); }
    yield_from!(middle_level(log.clone()));
}

#[tokio::test]
async fn closing_the_outermost_delegator_runs_the_cleanups_innermost_first() {
    let log = Log::new();
    let taken = closing(outer_level(log.clone()), async |mut chunks| {
        let first = chunks.next().await;
        let second = chunks.next().await;
        log.push("consumer: leaves");
        [first, second]
    })
    .await;
    log.push("consumer: scope returned");
    assert_eq!(taken, [Some("chunk 1"), Some("chunk 2")]);
    assert_eq!(
        log.take(),
        [
            "body: yields chunk 1",
            "body: yields chunk 2",
            "consumer: leaves",
            "body: cleanup starts",
            "body: cleanup done",
            "level 1: cleanup",
            "level 2: cleanup",
            "consumer: scope returned",
        ]
    );
}

#[derive(Debug, PartialEq, Eq)]
struct Failed(&'static str);

fn fail(log: &Log, what: &'static str) -> Result<(), Failed> {
    log.push(format!("{what} fails"));
    Err(Failed(what))
}

/// The leaf of the fallible delegation: its cleanup fails.
#[async_generator(yield = &'static str)]
async fn failing_leaf(log: Log) -> Result<(), Failed> {
    finally! {
        tokio::task::yield_now().await;
        fail(&log, "leaf cleanup")?;
    }
    for chunk in CHUNKS {
        yield_!(chunk);
    }
    Ok(())
}

// `yield_from!` yields the inner items as they are: a fallible inner
// generator's items are `Result`s, so the delegator yields `Result`s.
type LeafItem = Result<&'static str, Failed>;
type MiddleItem = Result<LeafItem, Failed>;

/// Delegates to the failing leaf; its own cleanup fails too.
#[async_generator(yield = LeafItem)]
async fn failing_middle(log: Log) -> Result<(), Failed> {
    finally! { fail(&log, "level 1 cleanup")?; }
    yield_from!(failing_leaf(log.clone()));
    Ok(())
}

#[async_generator(yield = MiddleItem)]
async fn fallible_outer(log: Log) -> Result<(), Failed> {
    finally! { log.push("level 2: cleanup"); }
    yield_from!(failing_middle(log.clone()));
    Ok(())
}

fn error_events(capture: &Capture) -> Vec<String> {
    reports(capture, Level::ERROR)
}

#[tokio::test]
async fn when_two_inner_closes_fail_the_first_is_returned_and_the_other_reported() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let first = closing(fallible_outer(log.clone()), async |mut chunks| {
        let first = chunks.next().await;
        log.push("consumer: leaves");
        Ok::<_, HandlerError>(first)
    })
    .await;
    log.push("consumer: scope returned");
    assert_eq!(first, Err(ClosingError::Close(Failed("leaf cleanup"))));
    assert_eq!(
        log.take(),
        [
            "consumer: leaves",
            "leaf cleanup fails",
            "level 1 cleanup fails",
            "level 2: cleanup",
            "consumer: scope returned",
        ]
    );
    let errors = error_events(&capture);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(r#"error=Failed("level 1 cleanup")"#),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("the earlier error is returned, this one is reported here"),
        "{}",
        errors[0]
    );
}

/// Owns two inner generators; both of their closes fail.
#[async_generator(yield = LeafItem)]
async fn owns_two(
    log: Log,
    first: impl AsyncGenerator<Item = LeafItem, Closed = Result<(), Failed>>,
    second: impl AsyncGenerator<Item = LeafItem, Closed = Result<(), Failed>>,
) -> Result<(), Failed> {
    finally! { log.push("owner: cleanup"); }
    let mut first = own!(first);
    let mut second = own!(second);
    while let (Some(a), Some(b)) = (first.next().await, second.next().await) {
        yield_!(a);
        yield_!(b);
    }
    Ok(())
}

#[async_generator(yield = &'static str)]
async fn named_failing(log: Log, name: &'static str) -> Result<(), Failed> {
    finally! { fail(&log, name)?; }
    for chunk in CHUNKS {
        yield_!(chunk);
    }
    Ok(())
}

#[tokio::test]
async fn when_two_owned_inner_closes_fail_the_first_is_returned_and_the_other_reported() {
    let log = Log::new();
    let capture = Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let mut owner = pin!(owns_two(
        log.clone(),
        named_failing(log.clone(), "first inner"),
        named_failing(log.clone(), "second inner"),
    ));
    assert_eq!(owner.next().await, Some(Ok(Ok("chunk 1"))));
    // Owned last, closed first (as nested `async with` blocks unwind).
    assert_eq!(owner.as_mut().close().await, Err(Failed("second inner")));
    assert_eq!(
        log.take(),
        ["second inner fails", "first inner fails", "owner: cleanup"]
    );
    let errors = error_events(&capture);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].contains(r#"error=Failed("first inner")"#),
        "{}",
        errors[0]
    );
}
