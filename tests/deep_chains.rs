//! Deep delegation chains: a chain of 1,000 `yield_from!` wrappers and a
//! `boxed` recursion 10,000 deep, drained, closed in the middle and dropped
//! in the middle; every level's `finally!` runs, innermost first.
//!
//! Both chains are one recursive generator: at depth `d > 0` a level
//! delegates with `yield_from!` to a boxed instance of itself at depth
//! `d - 1`, and at depth 0 it yields `ITEMS` items. [`wrapper`] is a plain
//! `#[async_generator]` delegating to `Box::pin(wrapper(..))`;
//! [`recursion`] is `#[async_generator(boxed)]`, each level a
//! `BoxAsyncGenerator`.
//!
//! # The stack a chain needs
//!
//! Delegation recurses: a `poll_next` of the outermost level polls the
//! level below it, down to depth 0, and so do `close()` and drop (the
//! innermost cleanup runs at the bottom of that recursion), so the stack a
//! chain needs grows linearly with its depth. Measured with rustc 1.95.0 on
//! x86_64 Linux, by bisection in a scratch crate (not in the tree) holding
//! these two generators, one process per try since an overflow aborts it:
//! the least stack size, to 4 KiB, of a thread driving one path of a chain
//! with `futures::executor::block_on` (bytes per level: the slope between
//! 1,000 and 10,000 levels), and the deepest chain that passes under
//! `#[tokio::test]` on the harness's own test thread (2 MiB unless
//! `RUST_MIN_STACK` says otherwise):
//!
//! | | bytes per level, drained | bytes per level, close / drop | deepest on the test thread, drained | deepest on the test thread, close / drop |
//! | --- | --- | --- | --- | --- |
//! | debug, [`wrapper`] | 2,144 | 2,256 | 969 | 921 |
//! | debug, [`recursion`] | 2,000 | 2,112 | 1,039 | 984 |
//! | release, [`wrapper`] | 272 | 272 | 7,675 | 7,674 |
//! | release, [`recursion`] | 288 | 320 | 7,248 | 6,522 |
//!
//! So on a test thread a debug build overflows from about 920 levels, and
//! even a release build cannot hold the `boxed` recursion 10,000 deep
//! (3.2 MB; the 8 MiB main thread can). The deep cases below therefore run
//! on a thread of their own with `STACK_PER_LEVEL` (10 KiB, 4.5 times the
//! largest debug figure) per level plus `STACK_BASE` (1 MiB), driven by
//! `futures::executor::block_on`; chains 100 deep run on the test thread
//! itself, under `#[tokio::test]`.
//!
//! Each deep test first measures, on its own thread, what a level uses on
//! its deepest path (the distance between the deepest stack addresses that
//! chains 50 and 150 deep reach, over all three paths, over 100) and fails
//! with a message, instead of overflowing, if that is more than half of
//! `STACK_PER_LEVEL`. The same measure is the test
//! `stack_per_level_is_within_the_budget`, which prints it:
//!
//! ```sh
//! cargo test --test deep_chains stack_per_level -- --nocapture
//! cargo test --release --test deep_chains stack_per_level -- --nocapture
//! ```
//!
//! It prints 2,256 (`wrapper`) and 2,112 (`recursion`) bytes in debug, 272
//! and 320 in release: the bisection's close / drop figures. The
//! bisection, for a scratch binary `probe FORM PATH DEPTH STACK_BYTES` that
//! runs one path of one chain on a thread with that stack size and exits
//! 0 when it passed (`cargo build` and `cargo build --release`):
//!
//! ```sh
//! lo=16384; hi=$((1 << 32))
//! while [ $((hi - lo)) -gt 4096 ]; do
//!   mid=$(( (lo + hi) / 2 / 4096 * 4096 ))
//!   if ./probe recursion close 10000 $mid >/dev/null 2>&1; then hi=$mid; else lo=$mid; fi
//! done
//! echo $hi   # the least stack, to 4 KiB, the path needs
//! ```
//!
//! and the same bisection on `DEPTH` (a `#[tokio::test]` reading it from
//! the environment) for the deepest chain a test thread holds.

mod common;

use std::cell::Cell;
use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::{Log, drain};
use futures::StreamExt;
use futures::executor::block_on;

/// What the innermost level yields: `0..ITEMS`.
const ITEMS: u32 = 3;

/// The stack a deep test's thread gets per level of its chain: about 4.5
/// times what a level needs in debug (2,256 bytes at most, measured).
const STACK_PER_LEVEL: usize = 10 * 1024;

/// The stack a deep test's thread gets besides its levels: the executor,
/// the scenario, the log, the measure.
const STACK_BASE: usize = 1024 * 1024;

/// A level of the `yield_from!` chain: a plain generator delegating to a
/// boxed instance of itself one level down.
#[async_generator(yield = u32)]
async fn wrapper(log: Log, depth: u32) {
    finally! {
        mark_stack();
        log.push(format!("level {depth} cleanup"));
    }
    if depth == 0 {
        for i in 0..ITEMS {
            mark_stack();
            yield_!(i);
        }
    } else {
        yield_from!(Box::pin(wrapper(log.clone(), depth - 1)));
    }
}

/// A level of the `boxed` recursion: the same body, each level a
/// `BoxAsyncGenerator`.
#[async_generator(yield = u32, boxed)]
async fn recursion(log: Log, depth: u32) {
    finally! {
        mark_stack();
        log.push(format!("level {depth} cleanup"));
    }
    if depth == 0 {
        for i in 0..ITEMS {
            mark_stack();
            yield_!(i);
        }
    } else {
        yield_from!(recursion(log.clone(), depth - 1));
    }
}

/// Every level's cleanup, innermost first.
fn cleanups(depth: u32) -> impl Iterator<Item = String> {
    (0..=depth).map(|level| format!("level {level} cleanup"))
}

/// Drains a chain `depth` deep: its items, then every cleanup innermost
/// first, before the end.
async fn drained<G>(make: impl Fn(Log, u32) -> G, depth: u32)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let log = Log::new();
    drain(&log, make(log.clone(), depth)).await;
    let mut expected: Vec<String> = (0..ITEMS).map(|i| format!("got {i}")).collect();
    expected.extend(cleanups(depth));
    expected.push("got None".to_owned());
    assert_events(log.take(), expected);
}

/// Closes a chain `depth` deep after two of its items: every cleanup runs,
/// innermost first, before `close` returns.
async fn closed<G>(make: impl Fn(Log, u32) -> G, depth: u32)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let log = Log::new();
    let mut chain = pin!(make(log.clone(), depth));
    for i in 0..2 {
        assert_eq!(chain.next().await, Some(i));
        log.push(format!("got {i}"));
    }
    chain.as_mut().close().await;
    log.push("close returned");
    assert!(chain.is_finished());
    assert_eq!(chain.next().await, None);
    let mut expected = vec!["got 0".to_owned(), "got 1".to_owned()];
    expected.extend(cleanups(depth));
    expected.push("close returned".to_owned());
    assert_events(log.take(), expected);
}

/// Drops a chain `depth` deep after its first item: every cleanup runs in
/// place, innermost first, before the drop returns.
async fn dropped<G>(make: impl Fn(Log, u32) -> G, depth: u32)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let log = Log::new();
    {
        let mut chain = pin!(make(log.clone(), depth));
        assert_eq!(chain.next().await, Some(0));
        log.push("got 0");
        log.push("dropping");
    }
    log.push("dropped");
    let mut expected = vec!["got 0".to_owned(), "dropping".to_owned()];
    expected.extend(cleanups(depth));
    expected.push("dropped".to_owned());
    assert_events(log.take(), expected);
}

// A chain 100 deep fits the test thread's stack in debug (about 230 KB of
// its 2 MiB).

#[tokio::test]
async fn a_chain_of_100_wrappers_drained_on_the_test_thread() {
    drained(wrapper, 100).await;
}

#[tokio::test]
async fn a_chain_of_100_wrappers_closed_on_the_test_thread() {
    closed(wrapper, 100).await;
}

#[tokio::test]
async fn a_chain_of_100_wrappers_dropped_on_the_test_thread() {
    dropped(wrapper, 100).await;
}

#[tokio::test]
async fn a_boxed_recursion_100_deep_drained_on_the_test_thread() {
    drained(recursion, 100).await;
}

#[tokio::test]
async fn a_boxed_recursion_100_deep_closed_on_the_test_thread() {
    closed(recursion, 100).await;
}

#[tokio::test]
async fn a_boxed_recursion_100_deep_dropped_on_the_test_thread() {
    dropped(recursion, 100).await;
}

// The deep chains, each on a thread with `STACK_PER_LEVEL` per level.

#[test]
fn a_chain_of_1000_wrappers_drained() {
    on_a_deep_stack("wrapper", wrapper, 1000, Path::Drained);
}

#[test]
fn a_chain_of_1000_wrappers_closed_in_the_middle() {
    on_a_deep_stack("wrapper", wrapper, 1000, Path::Closed);
}

#[test]
fn a_chain_of_1000_wrappers_dropped_in_the_middle() {
    on_a_deep_stack("wrapper", wrapper, 1000, Path::Dropped);
}

#[test]
fn a_boxed_recursion_10000_deep_drained() {
    on_a_deep_stack("recursion", recursion, 10_000, Path::Drained);
}

#[test]
fn a_boxed_recursion_10000_deep_closed_in_the_middle() {
    on_a_deep_stack("recursion", recursion, 10_000, Path::Closed);
}

#[test]
fn a_boxed_recursion_10000_deep_dropped_in_the_middle() {
    on_a_deep_stack("recursion", recursion, 10_000, Path::Dropped);
}

#[test]
fn stack_per_level_is_within_the_budget() {
    for (form, per_level) in [
        ("wrapper", stack_per_level(wrapper)),
        ("recursion", stack_per_level(recursion)),
    ] {
        eprintln!("{form}: {per_level} bytes of stack per level");
        assert_within_budget(form, per_level);
    }
}

/// How a test leaves a chain.
#[derive(Clone, Copy, Debug)]
enum Path {
    Drained,
    Closed,
    Dropped,
}

/// Drives a chain `depth` deep along `path`, on this thread.
fn run<G>(make: fn(Log, u32) -> G, depth: u32, path: Path)
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    match path {
        Path::Drained => block_on(drained(make, depth)),
        Path::Closed => block_on(closed(make, depth)),
        Path::Dropped => block_on(dropped(make, depth)),
    }
}

/// Runs a chain `depth` deep along `path` on a thread with
/// `STACK_PER_LEVEL` per level, after checking there that a level of
/// `make`'s chain needs at most half of that.
fn on_a_deep_stack<G>(form: &'static str, make: fn(Log, u32) -> G, depth: u32, path: Path)
where
    G: AsyncGenerator<Item = u32, Closed = ()> + 'static,
{
    let levels = usize::try_from(depth).expect("a depth fits a usize");
    let thread = std::thread::Builder::new()
        .name(format!("{form} {depth} deep, {path:?}"))
        .stack_size(STACK_BASE + levels * STACK_PER_LEVEL)
        .spawn(move || {
            assert_within_budget(form, stack_per_level(make));
            run(make, depth, path);
        })
        .expect("spawn the deep test's thread");
    if let Err(panic) = thread.join() {
        std::panic::resume_unwind(panic);
    }
}

#[track_caller]
fn assert_within_budget(form: &str, per_level: usize) {
    assert!(
        per_level <= STACK_PER_LEVEL / 2,
        "a level of {form} uses {per_level} bytes of stack, more than half of the \
         STACK_PER_LEVEL ({STACK_PER_LEVEL}) the deep tests' threads are sized with: \
         raise it, and update the figures in this file's header"
    );
}

thread_local! {
    /// The deepest stack address `mark_stack` has seen on this thread.
    static DEEPEST: Cell<usize> = const { Cell::new(usize::MAX) };
}

/// Records how deep the stack is here (where the innermost level yields
/// and where each cleanup runs). The stack grows down on every target the
/// tests run on.
#[inline(never)]
fn mark_stack() {
    let here = 0_u8;
    let address = std::hint::black_box(&here) as *const u8 as usize;
    DEEPEST.with(|deepest| deepest.set(deepest.get().min(address)));
}

/// The deepest stack address any path of a chain `depth` deep reaches,
/// driven on this thread.
fn deepest_address<G>(make: fn(Log, u32) -> G, depth: u32) -> usize
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    DEEPEST.with(|deepest| deepest.set(usize::MAX));
    for path in [Path::Drained, Path::Closed, Path::Dropped] {
        run(make, depth, path);
    }
    DEEPEST.with(Cell::get)
}

/// The stack one level of `make`'s chain uses on its deepest path: the
/// difference between chains 50 and 150 deep (so the executor's and the
/// scenario's frames cancel out), over 100.
fn stack_per_level<G>(make: fn(Log, u32) -> G) -> usize
where
    G: AsyncGenerator<Item = u32, Closed = ()>,
{
    let shallow = deepest_address(make, 50);
    let deep = deepest_address(make, 150);
    shallow.abs_diff(deep).div_ceil(100)
}

/// Compares event logs thousands of events long, showing where they part.
#[track_caller]
fn assert_events(actual: Vec<String>, expected: Vec<String>) {
    if let Some(at) =
        (0..actual.len().max(expected.len())).find(|&at| actual.get(at) != expected.get(at))
    {
        panic!(
            "the events differ at {at} (of {} actual, {} expected):\n  actual:   {:?}\n  expected: {:?}",
            actual.len(),
            expected.len(),
            window(&actual, at),
            window(&expected, at),
        );
    }
}

/// A few events around `at`.
fn window(events: &[String], at: usize) -> &[String] {
    let from = at.saturating_sub(3).min(events.len());
    &events[from..(from + 8).min(events.len())]
}
