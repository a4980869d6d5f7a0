//! `futures::StreamExt` beside `asyncgen::AsyncGeneratorExt` (issue 10):
//! both import without ambiguity (`next`, `map`, `boxed` resolve to
//! `StreamExt`'s), and the adapters `StreamExt` and `TryStreamExt` return
//! over a generator keep `close`: closing the adapter closes the generator
//! inside and awaits its cleanup, and `is_finished` / `is_terminated`
//! forward.

mod common;

use std::future::Future;
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use asyncgen::{AsyncGenerator, AsyncGeneratorExt, BoxAsyncGenerator, async_generator};
use common::Log;
use futures::stream::{BoxStream, FusedStream, Stream};
use futures::{StreamExt, TryStreamExt};

/// Counts from 0; its cleanup awaits a timer, which only `close().await`
/// can wait for (drop cannot).
#[async_generator(yield = u32)]
async fn numbers(log: Log) {
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

/// `numbers` as `Result`s, for `TryStreamExt`.
#[async_generator(yield = Result<u32, String>)]
async fn results(log: Log) {
    yield_from!(numbers(log).map(Ok));
}

/// Takes two items from `adapter`, closes it, and checks that the cleanup of
/// the generator inside ran, awaited, before the close returned, and that
/// the adapter is finished (and, once polled, terminated: futures' own
/// `is_terminated` for `fuse`, `take_until` and `peekable` waits for a poll
/// that sees the end).
async fn two_then_close<A>(log: &Log, adapter: A) -> Vec<A::Item>
where
    A: AsyncGenerator<Closed = ()>,
{
    let mut adapter = pin!(adapter);
    let mut items = Vec::new();
    for _ in 0..2 {
        items.push(adapter.next().await.expect("an item"));
    }
    log.push("consumer closes");
    adapter.as_mut().close().await;
    log.push("closed");
    let adapter_type = std::any::type_name::<A>();
    // `peekable` knows that nothing is in flight only once polled again.
    if !adapter_type.starts_with("futures_util::stream::stream::peek::") {
        assert!(adapter.is_finished(), "{adapter_type}");
    }
    assert!(adapter.next().await.is_none(), "{adapter_type}");
    assert!(adapter.is_finished(), "{adapter_type}");
    assert!(adapter.is_terminated(), "{adapter_type}");
    items
}

/// The log of a consumer that took the first two items of `numbers`, then
/// closed (`yields` is how many items `numbers` yielded for them).
fn closed_after(yields: u32) -> Vec<String> {
    let mut events: Vec<String> = (0..yields).map(|i| format!("yield {i}")).collect();
    events.extend(
        [
            "consumer closes",
            "cleanup starts",
            "cleanup done",
            "closed",
        ]
        .map(String::from),
    );
    events
}

#[tokio::test]
async fn next_map_and_boxed_resolve_with_both_traits_imported() {
    let log = Log::new();
    let mut generator = pin!(numbers(log.clone()));
    assert_eq!(generator.next().await, Some(0)); // `StreamExt::next`

    let mut doubled = pin!(numbers(log.clone()).map(|i| i * 2)); // `StreamExt::map`
    assert_eq!(doubled.next().await, Some(0));
    assert_eq!(doubled.next().await, Some(2));
    doubled.as_mut().close().await;

    // `StreamExt::boxed` makes a plain `BoxStream`; `boxed_generator` the
    // box that keeps close.
    let _plain: BoxStream<'static, u32> = numbers(log.clone()).boxed();
    let mut boxed: BoxAsyncGenerator<'static, u32> =
        numbers(log.clone()).map(|i| i + 1).boxed_generator();
    assert_eq!(boxed.next().await, Some(1));
    log.take();
    Pin::new(&mut boxed).close().await;
    assert_eq!(log.take(), ["cleanup starts", "cleanup done"]);
    assert!(boxed.is_finished());
}

#[tokio::test]
async fn stream_ext_adapters_close_the_generator_inside() {
    let log = Log::new();
    let even = |i: &u32| std::future::ready(i % 2 == 0);

    let items = two_then_close(&log, numbers(log.clone()).map(|i| i * 10)).await;
    assert_eq!((items, log.take()), (vec![0, 10], closed_after(2)));

    let items = two_then_close(&log, numbers(log.clone()).filter(even)).await;
    assert_eq!((items, log.take()), (vec![0, 2], closed_after(3)));

    let half = |i: u32| std::future::ready((i % 2 == 0).then_some(i / 2));
    let items = two_then_close(&log, numbers(log.clone()).filter_map(half)).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(3)));

    let later = |i: u32| async move {
        tokio::task::yield_now().await;
        i + 100
    };
    let items = two_then_close(&log, numbers(log.clone()).then(later)).await;
    assert_eq!((items, log.take()), (vec![100, 101], closed_after(2)));

    let items = two_then_close(&log, numbers(log.clone()).take(5)).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(2)));

    let small = |i: &u32| std::future::ready(*i < 5);
    let items = two_then_close(&log, numbers(log.clone()).take_while(small)).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(2)));

    let never = std::future::pending::<()>();
    let items = two_then_close(&log, numbers(log.clone()).take_until(never)).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(2)));

    let items = two_then_close(&log, numbers(log.clone()).skip(3)).await;
    assert_eq!((items, log.take()), (vec![3, 4], closed_after(5)));

    let items = two_then_close(&log, numbers(log.clone()).skip_while(small)).await;
    assert_eq!((items, log.take()), (vec![5, 6], closed_after(7)));

    let items = two_then_close(&log, numbers(log.clone()).enumerate()).await;
    assert_eq!((items, log.take()), (vec![(0, 0), (1, 1)], closed_after(2)));

    let seen = log.clone();
    let inspect = move |i: &u32| seen.push(format!("saw {i}"));
    let items = two_then_close(&log, numbers(log.clone()).inspect(inspect)).await;
    let mut expected = closed_after(2);
    expected.insert(1, "saw 0".into());
    expected.insert(3, "saw 1".into());
    assert_eq!((items, log.take()), (vec![0, 1], expected));

    let items = two_then_close(&log, numbers(log.clone()).fuse()).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(2)));

    let items = two_then_close(&log, numbers(log.clone()).peekable()).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(2)));

    let sum = |acc: &mut u32, i: u32| {
        *acc += i;
        std::future::ready(Some(*acc))
    };
    let items = two_then_close(&log, numbers(log.clone()).scan(0, sum)).await;
    assert_eq!((items, log.take()), (vec![0, 1], closed_after(2)));
}

#[tokio::test]
async fn try_stream_ext_adapters_close_the_generator_inside() {
    let log = Log::new();
    let ok = |items: Vec<Result<u32, String>>| -> Vec<u32> {
        items.into_iter().map(Result::unwrap).collect()
    };

    let items = two_then_close(&log, results(log.clone()).map_ok(|i| i + 1)).await;
    assert_eq!((ok(items), log.take()), (vec![1, 2], closed_after(2)));

    let items = two_then_close(&log, results(log.clone()).map_err(|e| e.len())).await;
    assert_eq!(items, [Ok(0), Ok(1)]);
    assert_eq!(log.take(), closed_after(2));

    let plus = |i: u32| async move { Ok::<_, String>(i + 1) };
    let items = two_then_close(&log, results(log.clone()).and_then(plus)).await;
    assert_eq!((ok(items), log.take()), (vec![1, 2], closed_after(2)));

    let even = |i: &u32| std::future::ready(i % 2 == 0);
    let items = two_then_close(&log, results(log.clone()).try_filter(even)).await;
    assert_eq!((ok(items), log.take()), (vec![0, 2], closed_after(3)));

    let items = two_then_close(&log, results(log.clone()).inspect_ok(|_| ())).await;
    assert_eq!((ok(items), log.take()), (vec![0, 1], closed_after(2)));

    let items = two_then_close(&log, results(log.clone()).into_stream()).await;
    assert_eq!((ok(items), log.take()), (vec![0, 1], closed_after(2)));

    let items = two_then_close(&log, results(log.clone()).err_into::<String>()).await;
    assert_eq!((ok(items), log.take()), (vec![0, 1], closed_after(2)));
}

#[tokio::test]
async fn a_chain_of_adapters_closes_the_generator_at_its_root() {
    let log = Log::new();
    let chain = numbers(log.clone())
        .map(|i| i * 3)
        .filter(|i| std::future::ready(i % 2 == 1))
        .enumerate()
        .take(10)
        .map(|(n, i)| format!("{n}:{i}"));
    let items = two_then_close(&log, chain).await;
    assert_eq!(items, ["0:3", "1:9"]);
    assert_eq!(log.take(), closed_after(4));
}

#[tokio::test]
async fn close_through_an_adapter_returns_the_generators_close_error() {
    #[async_generator(yield = u32)]
    async fn fails_on_close() -> Result<(), String> {
        finally! {
            tokio::task::yield_now().await;
            Err::<(), _>("rollback failed".to_string())?;
        }
        loop {
            yield_!(1);
        }
    }
    let mut mapped = pin!(fails_on_close().map_ok(|i| i * 2).skip(1));
    assert_eq!(mapped.next().await, Some(Ok(2)));
    assert_eq!(
        mapped.as_mut().close().await,
        Err("rollback failed".to_string())
    );
    assert!(mapped.is_finished());
}

#[tokio::test]
async fn is_finished_and_is_terminated_forward() {
    let log = Log::new();

    // Run to the end: both the adapter and the generator inside are done.
    let mut mapped = pin!(numbers(log.clone()).take_while(|i| std::future::ready(*i < 2)));
    assert!(!mapped.is_finished() && !mapped.is_terminated());
    assert_eq!(mapped.as_mut().collect::<Vec<_>>().await, [0, 1]);
    // `take_while` stopped at 2: it yields nothing more, but the generator
    // inside is still open until the adapter is closed.
    assert!(mapped.is_terminated());
    assert!(!mapped.is_finished());
    log.take();
    mapped.as_mut().close().await;
    assert_eq!(log.take(), ["cleanup starts", "cleanup done"]);
    assert!(mapped.is_finished() && mapped.is_terminated());

    // A generator that ends by itself: the map ends with it.
    #[async_generator(yield = u32)]
    async fn two() {
        yield_!(1);
        yield_!(2);
    }
    let mut mapped = pin!(two().map(|i| i + 1));
    assert_eq!(mapped.as_mut().collect::<Vec<_>>().await, [2, 3]);
    assert!(mapped.is_finished() && mapped.is_terminated());

    // `take(n)` after its `n` items: terminated, not finished until closed.
    let mut taken = pin!(numbers(log.clone()).take(1));
    assert_eq!(taken.next().await, Some(0));
    assert_eq!(taken.next().await, None);
    assert!(taken.is_terminated() && !taken.is_finished());
    log.take();
    taken.as_mut().close().await;
    assert_eq!(log.take(), ["cleanup starts", "cleanup done"]);
    assert!(taken.is_finished());
}

/// Pending on its first poll, ready on the second.
struct PendingOnce(bool);

impl Future for PendingOnce {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

#[tokio::test]
async fn close_leaves_an_in_flight_future_in_the_adapter() {
    // `then`'s future is futures-util's to hold: close closes the generator
    // inside without polling or dropping it. Polled again, the adapter
    // finishes it, then ends; it is dropped with the adapter.
    let log = Log::new();
    let in_flight = log.clone();
    let then = numbers(log.clone()).then(move |i| {
        in_flight.track(&format!("future {i}"), async move {
            PendingOnce(false).await;
            i * 10
        })
    });
    let mut then = pin!(then);
    let mut cx = Context::from_waker(Waker::noop());
    assert!(then.as_mut().poll_next(&mut cx).is_pending());
    then.as_mut().close().await;
    log.push("closed");
    assert!(!then.is_finished(), "an item is still in flight");
    assert_eq!(then.next().await, Some(0));
    assert_eq!(then.next().await, None);
    assert!(then.is_finished());
    assert_eq!(
        log.take(),
        [
            "yield 0",
            "cleanup starts",
            "cleanup done",
            "closed",
            "future 0 done",
            "future 0 dropped",
        ]
    );

    // `peekable`'s peeked item stays too.
    let mut peekable = pin!(numbers(log.clone()).peekable());
    assert_eq!(peekable.as_mut().peek().await, Some(&0));
    peekable.as_mut().close().await;
    assert!(!peekable.is_finished(), "the peeked item is still there");
    assert_eq!(peekable.next().await, Some(0));
    assert_eq!(peekable.next().await, None);
    assert!(peekable.is_finished());
}

/// A signature that names only `AsyncGenerator`: its `FusedStream` comes
/// with it (a supertrait), so the adapters over it keep close.
fn counted(log: &Log) -> impl AsyncGenerator<Item = u32, Closed = ()> {
    numbers(log.clone())
}

#[tokio::test]
async fn adapters_over_an_opaque_generator_keep_close() {
    let log = Log::new();
    let items = two_then_close(&log, counted(&log).filter(|i| std::future::ready(*i > 0))).await;
    assert_eq!((items, log.take()), (vec![1, 2], closed_after(3)));
}

#[tokio::test]
async fn adapters_go_into_futures_select() {
    let log = Log::new();
    let mut left = pin!(numbers(log.clone()).map(|i| i * 2).take(2));
    let mut right = pin!(numbers(log.clone()).map(|i| i * 2 + 1).take(2));
    let mut seen = Vec::new();
    loop {
        futures::select! {
            i = left.next() => if let Some(i) = i { seen.push(i) },
            i = right.next() => if let Some(i) = i { seen.push(i) },
            complete => break,
        }
    }
    seen.sort_unstable();
    assert_eq!(seen, [0, 1, 2, 3]);
    left.as_mut().close().await;
    right.as_mut().close().await;
    assert!(left.is_finished() && right.is_finished());
}
