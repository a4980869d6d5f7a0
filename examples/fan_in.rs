//! News and weather, fanned into one feed: the pattern of Django ticket
//! #36916 and PEP 789, written with `#[acmgr]` and a `TaskGroup`.
//!
//! Two producers (in-process stand-ins for two websockets, ticking at
//! different rates) feed one bounded channel. An `#[acmgr]` owns the task
//! group across its single `yield_!`, so the consumer's scope runs *inside*
//! the group: the consumer may leave whenever it likes (the exit cancels the
//! producers, then waits for them: nothing hangs, nothing outlives the
//! scope), and a producer that fails cancels the consumer's scope at once
//! and its error comes out of `with`.
//!
//! Run it with `cargo run --example fan_in`. Lines from the acmgr's body are
//! marked `[acmgr]`, a producer's own lines `[news]` or `[weather]`, the
//! consumer's `main`. The two producers run concurrently, so how their items
//! interleave, how many news items arrive before the weather feed fails, and
//! when exactly a cancelled producer prints that it stopped (always before
//! the exit's last line) vary from run to run; everything else happens in the
//! order shown.

use std::convert::Infallible;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use asyncgen::{AsyncContextManager, ErrorGroup, ScopeError, TaskGroup, acmgr};
use futures::StreamExt;
use futures::stream::{self, BoxStream};
use tokio::sync::mpsc;
use tokio::time::{MissedTickBehavior, interval};

/// What a feed can fail with.
#[derive(Debug)]
enum FeedError {
    /// The feed's connection dropped after this many messages.
    Disconnected { feed: &'static str, after: u32 },
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FeedError::Disconnected { feed, after } => {
                write!(f, "the {feed} feed disconnected after {after} messages")
            }
        }
    }
}

impl std::error::Error for FeedError {}

/// How many producers are running (their futures not yet dropped).
static RUNNING: AtomicUsize = AtomicUsize::new(0);

/// Counts a producer as running until its future is dropped, however it
/// ends: by itself, by failing, or cancelled by the group.
struct Running(&'static str);

impl Running {
    fn start(feed: &'static str) -> Self {
        RUNNING.fetch_add(1, Ordering::SeqCst);
        Running(feed)
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        RUNNING.fetch_sub(1, Ordering::SeqCst);
        println!("        [{}] producer stopped", self.0);
    }
}

/// One feed: a message every `every`, forever, or until the `fails_at`-th
/// message, which fails instead. A closed channel means the consumer is
/// gone: the end, not a failure.
async fn push(
    feed: &'static str,
    every: Duration,
    fails_at: Option<u32>,
    tx: mpsc::Sender<String>,
) -> Result<(), FeedError> {
    let _running = Running::start(feed);
    let mut ticks = interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    for n in 1.. {
        ticks.tick().await;
        if fails_at == Some(n) {
            println!("        [{feed}] connection lost!");
            return Err(FeedError::Disconnected { feed, after: n - 1 });
        }
        if tx.send(format!("{feed} #{n}")).await.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// The merged feed, as the resource of the acmgr: a stream over the
/// channel's receiver.
type Feed = BoxStream<'static, String>;

/// Starts both producers in a task group held across the yield; the
/// consumer's scope runs at the `yield_!`; the exit shuts the group down.
#[acmgr(yield = Feed)]
async fn news_and_weather(weather_fails_at: Option<u32>) -> Result<(), ErrorGroup<FeedError>> {
    println!("    [acmgr] enter: a channel of 4, news every 3 ms, weather every 5 ms");
    let (tx, rx) = mpsc::channel(4);
    let tg = TaskGroup::new();
    tg.spawn(push("news", Duration::from_millis(3), None, tx.clone()));
    tg.spawn(push(
        "weather",
        Duration::from_millis(5),
        weather_fails_at,
        tx,
    ));
    let feed = stream::unfold(rx, |mut rx| async move {
        let item = rx.recv().await?;
        Some((item, rx))
    });
    let outcome = yield_!(feed.boxed());
    println!("    [acmgr] exit: the scope ended {outcome:?}; shutting the producers down");
    // Cancel the producers, then wait for them: one line, and leaving
    // early never hangs. A child's error comes out here.
    let shut_down = tg.shutdown().await;
    println!("    [acmgr] exit: every producer has stopped");
    shut_down?;
    Ok(())
}

/// Logs when the consumer's scope future is dropped.
struct ScopeDropped;

impl Drop for ScopeDropped {
    fn drop(&mut self) {
        println!("main: (the scope's future is dropped)");
    }
}

#[tokio::main]
async fn main() {
    println!("1. The consumer takes ten items and leaves early. The producers would");
    println!("   run forever; the exit cancels them and waits for them.");
    let started = Instant::now();
    let taken = news_and_weather(None)
        .with(async |mut feed| {
            let _dropped = ScopeDropped;
            let mut taken = Vec::new();
            while let Some(item) = feed.next().await {
                println!("main: got {item}");
                taken.push(item);
                if taken.len() == 10 {
                    println!("main: that's ten, leaving early");
                    break;
                }
            }
            Ok::<_, Infallible>(taken)
        })
        .await;
    let elapsed = started.elapsed();
    let taken = taken.expect("no producer failed");
    println!(
        "main: with returned Ok({} items); producers still running: {}",
        taken.len(),
        RUNNING.load(Ordering::SeqCst)
    );
    assert_eq!(taken.len(), 10);
    assert_eq!(RUNNING.load(Ordering::SeqCst), 0);
    assert!(elapsed < Duration::from_secs(1), "took {elapsed:?}");
    println!("main: promptly: well under a second (ten items at these rates take ~20 ms)");
    println!();

    println!("2. The weather feed fails at its third message while the consumer");
    println!("   waits for the next item: the scope is cancelled, the exit sees it,");
    println!("   the news producer is cancelled, and the error comes out of `with`.");
    let result = news_and_weather(Some(3))
        .with(async |mut feed| {
            let _dropped = ScopeDropped;
            while let Some(item) = feed.next().await {
                println!("main: got {item}");
            }
            println!("main: the feed ended (not reached: news never ends)");
            Ok::<_, Infallible>(())
        })
        .await;
    match &result {
        Err(ScopeError::Exit(errors)) => {
            println!("main: with returned Err: {}", result.as_ref().unwrap_err());
            for error in errors {
                println!("main:   child error: {error}");
            }
        }
        other => panic!("expected the weather feed's error out of the exit, got {other:?}"),
    }
    println!(
        "main: producers still running: {}",
        RUNNING.load(Ordering::SeqCst)
    );
    assert_eq!(RUNNING.load(Ordering::SeqCst), 0);
}
