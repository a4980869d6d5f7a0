//! Close propagation: `own!`, `yield_from!`, `StreamExt` adapters that keep close,
//! boxed generators; each asserts the order of cleanups (innermost first).

#[path = "support/capture.rs"]
mod capture;

use std::pin::pin;
use std::sync::{Arc, Mutex};

use asyncgen::{AsyncGenerator, BoxAsyncGenerator, async_generator, closing, from_stream};
use futures::StreamExt;

type Log = Arc<Mutex<Vec<String>>>;

fn push(log: &Log, entry: impl Into<String>) {
    log.lock().unwrap().push(entry.into());
}

fn entries(log: &Log) -> Vec<String> {
    log.lock().unwrap().clone()
}

#[async_generator(yield = u32)]
async fn source(log: Log, name: &'static str) {
    finally! {
        tokio::task::yield_now().await;
        push(&log, format!("{name} cleanup"));
    }
    for i in 0.. {
        yield_!(i);
    }
}

#[async_generator(yield = u32)]
async fn doubled(log: Log, inner: impl AsyncGenerator<Item = u32, Closed = ()>) {
    let mut inner = own!(inner);
    finally! { push(&log, "doubled cleanup"); }
    while let Some(i) = inner.next().await {
        yield_!(i * 2);
    }
}

#[tokio::test]
async fn own_closes_the_inner_generator_first() {
    let log = Log::default();
    let mut outer = pin!(doubled(log.clone(), source(log.clone(), "source")));
    assert_eq!(outer.next().await, Some(0));
    assert_eq!(outer.next().await, Some(2));
    outer.as_mut().close().await;
    // Close reaches the owned inner generator first, whatever the order of
    // `own!` and `finally!` in the body.
    assert_eq!(entries(&log), ["source cleanup", "doubled cleanup"]);
}

#[tokio::test]
async fn own_on_normal_completion_unwinds_in_reverse_order() {
    let log = Log::default();
    let items: Vec<u32> =
        futures::StreamExt::collect(doubled(log.clone(), source(log.clone(), "source").take(2)))
            .await;
    assert_eq!(items, [0, 2]);
    // Normal exit: the cleanups run last-in first-out, like any `finally!`.
    assert_eq!(entries(&log), ["doubled cleanup", "source cleanup"]);
}

#[async_generator(yield = u32)]
async fn delegates(log: Log, depth: u32) {
    finally! { push(&log, format!("level {depth} cleanup")); }
    if depth == 0 {
        yield_from!(source(log.clone(), "innermost"));
    } else {
        yield_from!(Box::pin(delegates(log.clone(), depth - 1)));
    }
}

#[tokio::test]
async fn yield_from_two_levels_closes_innermost_first() {
    let log = Log::default();
    let mut outer = pin!(delegates(log.clone(), 2));
    assert_eq!(outer.next().await, Some(0));
    assert_eq!(outer.next().await, Some(1));
    outer.as_mut().close().await;
    assert_eq!(
        entries(&log),
        [
            "innermost cleanup",
            "level 0 cleanup",
            "level 1 cleanup",
            "level 2 cleanup"
        ]
    );
}

#[tokio::test]
async fn yield_from_drop_runs_the_chain_in_place() {
    let log = Log::default();
    {
        let mut outer = pin!(delegates(log.clone(), 1));
        assert_eq!(outer.next().await, Some(0));
    }
    assert_eq!(
        entries(&log),
        ["innermost cleanup", "level 0 cleanup", "level 1 cleanup"]
    );
}

#[async_generator(yield = u32)]
async fn from_plain_stream(log: Log) {
    finally! { push(&log, "outer cleanup"); }
    yield_from!(futures::stream::iter([1, 2, 3]));
    push(&log, "after the stream");
}

#[tokio::test]
async fn yield_from_accepts_a_plain_stream() {
    let log = Log::default();
    let items: Vec<u32> = futures::StreamExt::collect(from_plain_stream(log.clone())).await;
    assert_eq!(items, [1, 2, 3]);
    assert_eq!(entries(&log), ["after the stream", "outer cleanup"]);
}

#[tokio::test]
async fn stream_ext_map_and_filter_keep_close() {
    let log = Log::default();
    let mut mapped = pin!(
        source(log.clone(), "source")
            .map(|i| i + 10)
            .filter(|i| std::future::ready(i % 2 == 0))
    );
    assert_eq!(mapped.next().await, Some(10));
    mapped.as_mut().close().await;
    assert_eq!(entries(&log), ["source cleanup"]);
    assert!(mapped.is_finished());
}

/// A source whose cleanup must wait (a timer): only `close().await` finishes it.
#[async_generator(yield = u32)]
async fn slow_source(log: Log) {
    finally! {
        tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        push(&log, "source cleanup");
    }
    for i in 0.. {
        yield_!(i);
    }
}

#[tokio::test]
async fn a_dropped_map_cannot_wait_for_the_cleanup_its_close_can() {
    // Dropping the mapped generator leaves only drop's cleanup, which
    // cannot wait for the timer: the rest of it is abandoned (and reported).
    let log = Log::default();
    {
        let mapped = futures::StreamExt::map(slow_source(log.clone()), |i| i + 10);
        let mut mapped = pin!(mapped);
        assert_eq!(futures::StreamExt::next(&mut mapped).await, Some(10));
    }
    assert_eq!(
        entries(&log),
        Vec::<String>::new(),
        "the cleanup never finished"
    );

    // `StreamExt::map` keeps close: closing the map awaits the cleanup.
    let log = Log::default();
    let mut mapped = pin!(futures::StreamExt::map(slow_source(log.clone()), |i| i + 10));
    assert_eq!(futures::StreamExt::next(&mut mapped).await, Some(10));
    mapped.as_mut().close().await;
    assert_eq!(entries(&log), ["source cleanup"]);

    // So does closing the generator around the mapping.
    let log = Log::default();
    let first = closing(slow_source(log.clone()), async |generator| {
        let mut mapped = futures::StreamExt::map(generator, |i| i + 10);
        futures::StreamExt::next(&mut mapped).await
    })
    .await;
    assert_eq!(first, Some(10));
    assert_eq!(entries(&log), ["source cleanup"]);
}

#[async_generator(yield = u32, boxed)]
async fn countdown(log: Log, n: u32) {
    finally! { push(&log, format!("countdown {n} cleanup")); }
    yield_!(n);
    if n > 0 {
        yield_from!(countdown(log.clone(), n - 1));
    }
}

#[tokio::test]
async fn a_boxed_generator_can_recurse() {
    let log = Log::default();
    let items: Vec<u32> = futures::StreamExt::collect(countdown(log.clone(), 2)).await;
    assert_eq!(items, [2, 1, 0]);
    assert_eq!(
        entries(&log),
        [
            "countdown 0 cleanup",
            "countdown 1 cleanup",
            "countdown 2 cleanup"
        ]
    );
}

trait Source {
    fn items(&self) -> BoxAsyncGenerator<'_, u32>;
}

struct Numbers {
    log: Log,
}

impl Source for Numbers {
    #[async_generator(yield = u32, boxed)]
    async fn items(&self) {
        finally! { push(&self.log, "items cleanup"); }
        yield_!(1);
        yield_!(2);
    }
}

#[tokio::test]
async fn a_boxed_method_makes_a_trait_object() {
    let log = Log::default();
    let sources: Vec<Box<dyn Source>> = vec![Box::new(Numbers { log: log.clone() })];
    for source in &sources {
        let mut items = source.items();
        assert_eq!(items.next().await, Some(1));
        std::pin::Pin::new(&mut items).close().await;
    }
    assert_eq!(entries(&log), ["items cleanup"]);
}

#[tokio::test]
async fn a_plain_stream_goes_where_a_generator_is_expected() {
    async fn sum(generator: impl AsyncGenerator<Item = u32, Closed = ()>) -> u32 {
        closing(generator, async |mut generator| {
            let mut sum = 0;
            while let Some(i) = generator.next().await {
                sum += i;
            }
            sum
        })
        .await
    }
    assert_eq!(sum(from_stream(futures::stream::iter([1, 2, 3]))).await, 6);
    let log = Log::default();
    assert_eq!(sum(source(log.clone(), "source").take(4)).await, 6);
    assert_eq!(entries(&log), ["source cleanup"]);
}

#[derive(Debug, PartialEq)]
struct Failed(&'static str);

#[async_generator(yield = Result<u32, Failed>)]
async fn parsed(log: Log, inputs: Vec<&'static str>) {
    finally! { push(&log, "parser cleanup"); }
    for input in inputs {
        yield_!(input.parse().map_err(|_| Failed(input)));
    }
}

#[async_generator(yield = u32)]
async fn doubled_or_fail(log: Log, inputs: Vec<&'static str>) -> Result<(), Failed> {
    finally! { push(&log, "doubler cleanup"); }
    try_yield_from!(parsed(log.clone(), inputs).map(|item| item.map(|n| n * 2)));
    push(&log, "after delegation");
    Ok(())
}

#[tokio::test]
async fn try_yield_from_yields_ok_values_and_ends_on_the_first_err() {
    let log = Log::default();
    let items: Vec<_> =
        futures::StreamExt::collect(doubled_or_fail(log.clone(), vec!["1", "2", "x", "4"])).await;
    assert_eq!(items, [Ok(2), Ok(4), Err(Failed("x"))]);
    assert_eq!(entries(&log), ["parser cleanup", "doubler cleanup"]);
}

#[async_generator(yield = u32)]
async fn fails_to_close(log: Log) -> Result<(), Failed> {
    finally! {
        push(&log, "inner cleanup");
        Err(Failed("inner close"))?;
    }
    yield_!(1);
    Ok(())
}

#[async_generator(yield = u32)]
async fn infallible_owner(log: Log) {
    let mut inner = own!(fails_to_close(log.clone()));
    finally! { push(&log, "owner cleanup"); }
    while let Some(Ok(item)) = inner.next().await {
        yield_!(item);
    }
}

#[tokio::test]
async fn an_infallible_owner_reports_the_inner_close_error_with_its_value() {
    let capture = capture::Capture::default();
    let _guard = tracing::subscriber::set_default(capture.clone());
    let log = Log::default();
    let mut owner = pin!(infallible_owner(log.clone()));
    assert_eq!(owner.next().await, Some(1));
    owner.as_mut().close().await;
    assert_eq!(entries(&log), ["inner cleanup", "owner cleanup"]);
    let events = capture.events();
    assert_eq!(events.len(), 1, "{events:?}");
    assert!(
        events[0].fields.contains("Failed(\"inner close\")"),
        "{:?}",
        events[0]
    );
}
