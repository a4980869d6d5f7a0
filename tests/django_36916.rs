//! Django ticket #36916 ("Add support for streaming with TaskGroups"), the
//! patch's tests in Rust: a streaming response whose content is an async
//! context manager (`#[acmgr]`) yielding a stream, consumed with `with`,
//! with the enter/exit guard, or as a stream; and the ticket's motivating
//! case, producers in a `TaskGroup` held open across the yield.
//!
//! Every test records enter, the consumer's steps, the content's drop and
//! the exit in one shared log and compares the whole log. Where events come
//! from producer tasks, whose order against the consumer is the scheduler's
//! business, the consumer-side events are still compared whole, and only
//! the orders that must hold (cause and effect) are asserted for the rest.

#[macro_use]
#[path = "support/flavours.rs"]
mod flavours;

mod common;

use std::convert::Infallible;
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use asyncgen::{
    AsyncContextManager, AsyncGenerator, ErrorGroup, Outcome, ScopeError, TaskGroup, acmgr,
};
use common::{Guard, Log};
use futures::StreamExt;
use futures::stream::{self, BoxStream, Stream};
use tokio::sync::mpsc;

/// The streaming content an acmgr hands out: a stream over fixed items that
/// logs `drop content` when it is dropped (Django's `iterator()`, closed by
/// `aclosing` before the acmgr's `__aexit__`).
struct Content<T> {
    items: std::vec::IntoIter<T>,
    _dropped: Guard,
}

impl<T> Content<T> {
    fn new(log: &Log, items: impl IntoIterator<Item = T>) -> Self {
        Content {
            items: items.into_iter().collect::<Vec<_>>().into_iter(),
            _dropped: log.guard("content"),
        }
    }
}

impl<T: Unpin> Stream for Content<T> {
    type Item = T;

    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<T>> {
        Poll::Ready(self.get_mut().items.next())
    }
}

/// Django's `make_bytes`: what a streaming response sends.
fn make_bytes(part: &str) -> Vec<u8> {
    part.as_bytes().to_vec()
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Boom(&'static str);

/// `acmgr()` of `test_async_context_manager_streaming_response`.
#[acmgr(yield = Content<&'static str>)]
async fn hello_world(log: Log) {
    log.push("enter");
    let outcome = yield_!(Content::new(&log, ["hello", "world"]));
    log.push(format!("exit {outcome:?}"));
}

/// The consumer of the ASGI handler: every chunk, logged.
async fn consume<S: Stream<Item = &'static str> + Unpin>(
    log: &Log,
    mut content: S,
) -> Vec<&'static str> {
    let mut chunks = Vec::new();
    while let Some(chunk) = content.next().await {
        log.push(format!("chunk {chunk}"));
        chunks.push(chunk);
    }
    chunks
}

#[tokio::test]
async fn async_context_manager_streaming_response() {
    let log = Log::new();
    let chunks = hello_world(log.clone())
        .with(async |content| Ok::<_, Infallible>(consume(&log, content).await))
        .await
        .unwrap();
    log.push("with returned");

    assert_eq!(chunks, ["hello", "world"]);
    assert_eq!(
        log.take(),
        [
            "enter",
            "chunk hello",
            "chunk world",
            // The scope's future owned the content: it is gone before the
            // exit runs, as `aclosing` closes it before `__aexit__`.
            "drop content",
            "exit Completed",
            "with returned"
        ]
    );
}

#[tokio::test]
async fn async_context_manager_streaming_response_as_a_stream() {
    // `StreamingAcmgrHttpResponse`: the acmgr as the response body itself.
    let log = Log::new();
    let chunks = consume(&log, pin!(hello_world(log.clone()).into_stream())).await;
    log.push("stream ended");

    assert_eq!(chunks, ["hello", "world"]);
    assert_eq!(
        log.take(),
        [
            "enter",
            "chunk hello",
            "chunk world",
            "drop content",
            "exit Completed",
            "stream ended"
        ]
    );
}

/// `acmgr()` of `test_acmgr_make_bytes`.
#[acmgr(yield = Content<&'static str>)]
async fn hello_cafe(log: Log) {
    log.push("enter");
    let outcome = yield_!(Content::new(&log, ["hello", "café"]));
    log.push(format!("exit {outcome:?}"));
}

#[tokio::test]
async fn acmgr_make_bytes_through_the_stream_form() {
    // `StreamExt::map` keeps the exit (close) of the stream form.
    let log = Log::new();
    let bytes: Vec<Vec<u8>> = hello_cafe(log.clone())
        .into_stream()
        .map(make_bytes)
        .collect()
        .await;
    log.push("collected");

    assert_eq!(bytes, [b"hello".to_vec(), b"caf\xc3\xa9".to_vec()]);
    assert_eq!(
        log.take(),
        ["enter", "drop content", "exit Completed", "collected"]
    );

    // Left after the first chunk and closed: the close reaches the exit
    // through the mapping.
    let mut body = pin!(hello_cafe(log.clone()).into_stream().map(make_bytes));
    assert_eq!(body.next().await, Some(b"hello".to_vec()));
    log.push("first chunk sent");
    body.as_mut().close().await;
    log.push("closed");
    assert_eq!(body.next().await, None);

    assert_eq!(
        log.take(),
        [
            "enter",
            "first chunk sent",
            "drop content",
            "exit Cancelled",
            "closed"
        ]
    );
}

#[tokio::test]
async fn acmgr_make_bytes_inside_the_scope() {
    let log = Log::new();
    let bytes = hello_cafe(log.clone())
        .with(async |content| {
            let bytes: Vec<Vec<u8>> = content.map(make_bytes).collect().await;
            log.push(format!("scope mapped {} chunks", bytes.len()));
            Ok::<_, Infallible>(bytes)
        })
        .await
        .unwrap();

    assert_eq!(bytes, [b"hello".to_vec(), b"caf\xc3\xa9".to_vec()]);
    assert_eq!(
        log.take(),
        [
            "enter",
            // `collect` consumed the mapped content, and dropped it.
            "drop content",
            "scope mapped 2 chunks",
            "exit Completed"
        ]
    );
}

/// `acmgr()` of `test_acmgr_aexit_called_on_error`: the iterator yields
/// `hello`, then raises.
#[acmgr(yield = Content<Result<&'static str, Boom>>)]
async fn fails_after_hello(log: Log) {
    log.push("enter");
    finally! { log.push("finally"); }
    let outcome = yield_!(Content::new(&log, [Ok("hello"), Err(Boom("boom"))]));
    log.push(format!("exit {outcome:?}"));
}

/// The same, with an exit that may fail (it does not here).
#[acmgr(yield = Content<Result<&'static str, Boom>>)]
async fn fallible_fails_after_hello(log: Log) -> Result<(), Boom> {
    log.push("enter");
    let outcome = yield_!(Content::new(&log, [Ok("hello"), Err(Boom("boom"))]));
    log.push(format!("exit {outcome:?}"));
    Ok(())
}

/// Reads every chunk, failing at the first error (`async for` raising).
async fn consume_fallibly<S>(log: &Log, mut content: S) -> Result<(), Boom>
where
    S: Stream<Item = Result<&'static str, Boom>> + Unpin,
{
    while let Some(chunk) = content.next().await {
        let chunk = chunk?;
        log.push(format!("chunk {chunk}"));
    }
    Ok(())
}

#[tokio::test]
async fn acmgr_exit_called_on_error() {
    let log = Log::new();
    let result = fails_after_hello(log.clone())
        .with(async |content| consume_fallibly(&log, content).await)
        .await;
    log.push("with returned");

    assert_eq!(result, Err(Boom("boom")));
    assert_eq!(
        log.take(),
        [
            "enter",
            "chunk hello",
            "drop content",
            "exit Failed",
            "finally",
            "with returned"
        ]
    );

    let result = fallible_fails_after_hello(log.clone())
        .with(async |content| consume_fallibly(&log, content).await)
        .await;
    assert_eq!(result, Err(ScopeError::Scope(Boom("boom"))));
    assert_eq!(
        log.take(),
        ["enter", "chunk hello", "drop content", "exit Failed"]
    );
}

#[tokio::test]
async fn acmgr_exit_called_on_break() {
    let log = Log::new();
    let first = hello_world(log.clone())
        .with(async |mut content| {
            let first = content.next().await;
            log.push("scope breaks");
            Ok::<_, Infallible>(first)
        })
        .await
        .unwrap();
    log.push("with returned");

    assert_eq!(first, Some("hello"));
    // Leaving the scope early is not a failure: the exit sees `Completed`.
    assert_eq!(
        log.take(),
        [
            "enter",
            "scope breaks",
            "drop content",
            "exit Completed",
            "with returned"
        ]
    );

    // The stream form, dropped after the first chunk: the exit runs inside
    // the drop, with `Cancelled`.
    {
        let mut body = pin!(hello_world(log.clone()).into_stream());
        assert_eq!(body.next().await, Some("hello"));
        log.push("consumer breaks");
    }
    log.push("body dropped");
    assert_eq!(
        log.take(),
        [
            "enter",
            "consumer breaks",
            "drop content",
            "exit Cancelled",
            "body dropped"
        ]
    );
}

#[tokio::test]
async fn enter_guard_protocol_without_a_closure() {
    // `async with response as agen, aclosing(agen) as content:` written out
    // as `__aenter__` / `__aexit__`.
    let log = Log::new();
    let (content, guard) = hello_world(log.clone()).enter().await;
    log.push("entered");
    let chunks = consume(&log, content).await; // consumes and drops the content
    guard.exit(Outcome::Completed).await;
    log.push("exited");

    assert_eq!(chunks, ["hello", "world"]);
    assert_eq!(
        log.take(),
        [
            "enter",
            "entered",
            "chunk hello",
            "chunk world",
            "drop content",
            "exit Completed",
            "exited"
        ]
    );

    // A fallible acmgr: enter returns a `Result`, and so does the exit.
    let (content, guard) = fallible_fails_after_hello(log.clone())
        .enter()
        .await
        .expect("enter succeeds");
    let consumed = consume_fallibly(&log, content).await;
    assert_eq!(consumed, Err(Boom("boom")));
    let exited = guard.exit(Outcome::Failed).await;
    assert_eq!(exited, Ok(()));
    assert_eq!(
        log.take(),
        ["enter", "chunk hello", "drop content", "exit Failed"]
    );

    // A guard dropped without `exit` runs the exit as on drop.
    let (content, guard) = hello_world(log.clone()).enter().await;
    drop(content);
    assert!(!guard.is_cancelled());
    drop(guard);
    log.push("guard dropped");
    assert_eq!(
        log.take(),
        ["enter", "drop content", "exit Cancelled", "guard dropped"]
    );
}

/// `acmgr1` / `acmgr2` of `test_acmgr_reassign_streaming_content`.
#[acmgr(yield = Content<&'static str>)]
async fn named(log: Log, name: &'static str) {
    log.push(format!("enter {name}"));
    let outcome = yield_!(Content::new(&log, [name]));
    log.push(format!("exit {name} {outcome:?}"));
}

/// A response whose streaming content can be set again before it is sent.
struct StreamingResponse<A> {
    streaming_content: A,
}

impl<A: AsyncContextManager> StreamingResponse<A> {
    fn set_streaming_content(&mut self, content: A) {
        self.streaming_content = content;
    }
}

#[tokio::test]
async fn acmgr_reassign_streaming_content() {
    let log = Log::new();
    let mut response = StreamingResponse {
        streaming_content: named(log.clone(), "first"),
    };
    response.set_streaming_content(named(log.clone(), "second"));
    log.push("replaced");

    let chunks = response
        .streaming_content
        .with(async |content| Ok::<_, Infallible>(consume(&log, content).await))
        .await
        .unwrap();

    assert_eq!(chunks, ["second"]);
    // The first acmgr was never entered: dropping it ran nothing.
    assert_eq!(
        log.take(),
        [
            "replaced",
            "enter second",
            "chunk second",
            "drop content",
            "exit second Completed"
        ]
    );
}

/// The gzip middleware's shape: an acmgr that enters another one, hands out
/// its content mapped, and exits it with the outer scope's outcome.
#[acmgr(yield = stream::Map<Content<&'static str>, fn(&'static str) -> Vec<u8>>)]
async fn compressed(log: Log) {
    log.push("enter outer");
    let (content, inner) = hello_cafe(log.clone()).enter().await;
    let outcome = yield_!(content.map(make_bytes as fn(&'static str) -> Vec<u8>));
    log.push(format!("exit outer {outcome:?}"));
    inner.exit(outcome).await;
    log.push("outer done");
}

#[tokio::test]
async fn acmgr_wrapped_by_middleware() {
    let log = Log::new();
    let bytes: Vec<Vec<u8>> = compressed(log.clone()).into_stream().collect().await;

    assert_eq!(bytes, [b"hello".to_vec(), b"caf\xc3\xa9".to_vec()]);
    assert_eq!(
        log.take(),
        [
            "enter outer",
            "enter",
            "drop content",
            "exit outer Completed",
            "exit Completed",
            "outer done"
        ]
    );
}

/// A stream over a channel's receiver (no `tokio-stream` here).
fn receiver_stream<T: Send + 'static>(rx: mpsc::Receiver<T>) -> BoxStream<'static, T> {
    stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    })
    .boxed()
}

/// Spawns a producer that sends `items`, logs `<name> done`, then drops its
/// sender (explicitly, so the log shows it before the stream can end).
fn spawn_producer(
    group: &TaskGroup<Boom>,
    log: &Log,
    name: &'static str,
    items: &'static [&'static str],
    tx: mpsc::Sender<&'static str>,
) {
    let log = log.clone();
    group.spawn(async move {
        for &item in items {
            if tx.send(item).await.is_err() {
                return Ok(()); // the consumer is gone: not a failure
            }
        }
        log.push(format!("{name} done"));
        drop(tx);
        Ok(())
    });
}

/// `taskgroup_stream()` of `test_taskgroup_queue_streaming_response`.
#[acmgr(yield = BoxStream<'static, &'static str>)]
async fn taskgroup_stream(log: Log) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let (tx, rx) = mpsc::channel(1);
    let tg = TaskGroup::new();
    spawn_producer(&tg, &log, "producer", &["hello", "world"], tx);
    let outcome = yield_!(receiver_stream(rx));
    log.push(format!("exit {outcome:?}"));
    tg.join().await?;
    log.push("joined");
    Ok(())
}

/// The projection of `events` without the producers' own events.
fn consumer_side(events: &[String]) -> Vec<&str> {
    events
        .iter()
        .map(String::as_str)
        .filter(|event| !event.ends_with(" done"))
        .collect()
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

async fn taskgroup_queue_streaming_response() {
    let log = Log::new();
    let chunks = taskgroup_stream(log.clone())
        .with(async |content| Ok::<_, Infallible>(consume(&log, content).await))
        .await
        .unwrap();
    log.push("with returned");

    assert_eq!(chunks, ["hello", "world"]);
    let events = log.take();
    assert_eq!(
        consumer_side(&events),
        [
            "enter",
            "chunk hello",
            "chunk world",
            "exit Completed",
            "joined",
            "with returned"
        ]
    );
    // The producer runs in its own task: when it finishes against the
    // consumer's chunks is the scheduler's business (with a channel of one,
    // it may send `world` and finish before the consumer logs `hello`); it
    // must finish (drop its sender) before the stream ends, so before the
    // exit.
    assert_eq!(events.len(), 7, "{events:?}");
    assert_before(&events, "producer done", "exit Completed");
}

/// `multi_producer_stream()` of
/// `test_taskgroup_multiple_producers_streaming_response`, with three
/// producers feeding a channel of capacity one (`Queue(maxsize=1)`).
#[acmgr(yield = BoxStream<'static, &'static str>)]
async fn multi_producer_stream(log: Log) -> Result<(), ErrorGroup<Boom>> {
    log.push("enter");
    let (tx, rx) = mpsc::channel(1);
    let tg = TaskGroup::new();
    spawn_producer(&tg, &log, "news", &["news-1", "news-2"], tx.clone());
    spawn_producer(&tg, &log, "weather", &["weather-1"], tx.clone());
    spawn_producer(&tg, &log, "sports", &["sports-1", "sports-2"], tx);
    let outcome = yield_!(receiver_stream(rx));
    log.push(format!("exit {outcome:?}"));
    tg.join().await?;
    log.push("joined");
    Ok(())
}

async fn taskgroup_multiple_producers_streaming_response() {
    let log = Log::new();
    let mut chunks = multi_producer_stream(log.clone())
        .with(async |content| {
            let chunks: Vec<&str> = content.collect().await;
            log.push(format!("scope got {} chunks", chunks.len()));
            Ok::<_, Infallible>(chunks)
        })
        .await
        .unwrap();
    log.push("with returned");

    // All five messages arrive (in an order that depends on scheduling).
    chunks.sort_unstable();
    assert_eq!(
        chunks,
        ["news-1", "news-2", "sports-1", "sports-2", "weather-1"]
    );
    let events = log.take();
    assert_eq!(
        consumer_side(&events),
        [
            "enter",
            "scope got 5 chunks",
            "exit Completed",
            "joined",
            "with returned"
        ]
    );
    // Every producer finishes before the stream ends; their order among
    // themselves is the scheduler's.
    assert_eq!(events.len(), 8, "{events:?}");
    for name in ["news", "weather", "sports"] {
        assert_before(&events, &format!("{name} done"), "scope got 5 chunks");
    }
}

/// The same fan-in through the stream form.
async fn taskgroup_multiple_producers_as_a_stream() {
    let log = Log::new();
    let mut chunks: Vec<Result<&str, ErrorGroup<Boom>>> = multi_producer_stream(log.clone())
        .into_stream()
        .collect()
        .await;
    log.push("stream ended");

    chunks.sort_unstable_by_key(|chunk| *chunk.as_ref().expect("no error item"));
    let chunks: Vec<&str> = chunks.into_iter().map(Result::unwrap).collect();
    assert_eq!(
        chunks,
        ["news-1", "news-2", "sports-1", "sports-2", "weather-1"]
    );
    let events = log.take();
    assert_eq!(
        consumer_side(&events),
        ["enter", "exit Completed", "joined", "stream ended"]
    );
    assert_eq!(events.len(), 7, "{events:?}");
    for name in ["news", "weather", "sports"] {
        assert_before(&events, &format!("{name} done"), "exit Completed");
    }
}

on_both_flavours!(
    taskgroup_queue_streaming_response,
    taskgroup_multiple_producers_streaming_response,
    taskgroup_multiple_producers_as_a_stream,
);
