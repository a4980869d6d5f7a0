//! A guided tour of `#[async_generator]`: items, `finally!` on an early
//! `break`, async cleanup through `close().await`, a fallible generator, a
//! timeout that cancels a consumer mid-await, and what drop does with
//! cleanup that would wait.
//!
//! Run it with `cargo run --example tour`. Every line it prints comes from
//! either the consumer (`main`) or a generator (indented, with the
//! generator's name), in the order it happened.

use std::pin::pin;
use std::time::Duration;

use asyncgen::{AsyncGenerator, async_generator};
use futures::StreamExt;
use tokio::time::{sleep, timeout};

/// Yields `0..to`. Its `finally!` runs once the body is left, however it is
/// left.
#[async_generator(yield = u32)]
async fn count(to: u32) {
    println!("    [count] start");
    finally! { println!("    [count] finally: cleanup runs"); }
    for i in 0..to {
        println!("    [count] yield {i}");
        yield_!(i);
    }
    println!("    [count] end of body");
}

/// Pretends to hold a connection whose shutdown must be awaited.
#[async_generator(yield = &'static str)]
async fn messages() {
    println!("    [messages] connection opened");
    finally! {
        println!("    [messages] finally: sending the close frame...");
        sleep(Duration::from_millis(10)).await;
        println!("    [messages] finally: close frame sent, connection closed");
    }
    for m in ["hello", "world", "never read"] {
        println!("    [messages] yield {m:?}");
        yield_!(m);
    }
}

/// Parses numbers; the first bad one ends the stream with an `Err` item.
#[async_generator(yield = i64)]
async fn parse_all(lines: &[&str]) -> Result<(), std::num::ParseIntError> {
    finally! { println!("    [parse_all] finally: cleanup runs"); }
    for line in lines {
        let n: i64 = line.parse()?;
        println!("    [parse_all] yield {n}");
        yield_!(n);
    }
    Ok(())
}

/// Yields one tick after a long wait; the wait is inside the region its
/// `finally!` protects.
#[async_generator(yield = u32)]
async fn slow_ticks() {
    finally! { println!("    [slow_ticks] finally: cleanup runs"); }
    for tick in 0.. {
        println!("    [slow_ticks] waiting an hour for tick {tick}...");
        sleep(Duration::from_secs(3600)).await;
        yield_!(tick);
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    println!("1. Items: the consumer reads a generator like any Stream, and its");
    println!("   finally! runs before the stream says it is done.");
    let items: Vec<u32> = count(3).collect().await;
    println!("main: collected {items:?}");
    println!();

    println!("2. Early break: the pinned generator is dropped at the end of its");
    println!("   block, and its finally! runs right there, before the next statement.");
    {
        let mut g = pin!(count(10));
        while let Some(i) = g.next().await {
            println!("main: got {i}");
            if i == 1 {
                println!("main: break");
                break;
            }
        }
        println!("main: leaving the block (the generator is dropped here)");
    }
    println!("main: next statement after the block");
    println!();

    println!("3. Async cleanup: close().await resumes the generator at its yield,");
    println!("   runs its finally!, which may await, and returns when it is done.");
    {
        let mut g = pin!(messages());
        let first = g.next().await;
        println!("main: got {first:?}; closing");
        g.as_mut().close().await;
        println!("main: close() returned; is_finished = {}", g.is_finished());
        let after = g.next().await;
        println!("main: next() after close gives {after:?}");
    }
    println!();

    println!("4. Fallible generator: `?` ends the body with an error; the finally!");
    println!("   runs, the error comes out as the last item, then the stream ends.");
    {
        let mut g = pin!(parse_all(&["1", "2", "three", "4"]));
        while let Some(item) = g.next().await {
            match item {
                Ok(n) => println!("main: got Ok({n})"),
                Err(e) => println!("main: got Err({e})"),
            }
        }
        println!("main: the stream ended");
    }
    println!();

    println!("5. Cancellation: a timeout drops the consumer while the generator");
    println!("   awaits a sleep; the sleep is abandoned and the finally! runs during");
    println!("   that drop, before timeout() returns.");
    let consumer = async {
        let mut g = pin!(slow_ticks());
        while let Some(tick) = g.next().await {
            println!("main: got tick {tick}");
        }
    };
    let result = timeout(Duration::from_millis(20), consumer).await;
    println!("main: timeout returned {result:?}");
    println!();

    println!("6. Drop cannot await: dropped without close(), a generator runs its");
    println!("   cleanup in place up to the first await that would wait; the rest is");
    println!("   abandoned and reported through `tracing` (target `asyncgen`).");
    {
        let mut g = pin!(messages());
        let first = g.next().await;
        println!("main: got {first:?}; dropping without close()");
    }
    println!("main: dropped; the rest of the cleanup was abandoned and a WARN went to");
    println!("      `tracing` (no subscriber is installed here, so it is not shown).");
    println!("      Use close().await when cleanup must finish.");
}
