//! Sizes and heap allocations of every contender, as a Markdown table:
//! `size_of_val` of the stream as returned (before its first poll), how much
//! more that is than the hand-written stream of its group, allocations per
//! generator (create, first item, drop) and per item (differencing two
//! lengths). Allocations are counted by a global allocator on this thread.
//!
//! Also checks that every contender yields the reference items (by their
//! sum), so a broken contender cannot win a table.
//!
//! The `+mpsc` rows include the channel and its feeder
//! (`asyncgen_benches::mpsc::Fed`) in their size and the channel's own
//! allocations (its shared state and blocks) in their counts: read them
//! against `hand-written+mpsc` / `hand-written+mpsc-wait`, the raw channel.
//! Their last column counts clones of the consumer's waker per item
//! (`mpsc::waker_clones`): the raw channel's are its `recv`'s registrations,
//! anything more is the contender's. The other rows run on a no-op waker,
//! which nothing counts ("-").
//!
//! ```text
//! cargo run --release -p asyncgen-benches --bin footprint [--features nightly]
//! ```

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::hint::black_box;
use std::process::ExitCode;

use asyncgen_benches::{CONTENDERS, Contender, Group, expected, group, mpsc};

/// Counts allocations (and reallocations) on the current thread.
struct Counting;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
    static BYTES: Cell<u64> = const { Cell::new(0) };
}

fn count_one(bytes: usize) {
    ALLOCATIONS.with(|count| count.set(count.get() + 1));
    BYTES.with(|count| count.set(count.get() + bytes as u64));
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one(layout.size());
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one(new_size);
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

/// Allocations and bytes allocated on this thread while `run` runs.
fn allocations(run: impl FnOnce()) -> (u64, u64) {
    let before = (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get));
    run();
    let after = (ALLOCATIONS.with(Cell::get), BYTES.with(Cell::get));
    (after.0 - before.0, after.1 - before.1)
}

/// How much `counter` grows per item of `c`, by differencing drains of
/// [`SHORT`] and [`LONG`] items.
fn per_item(c: &Contender, counter: impl Fn() -> u64) -> f64 {
    let grown = |n| {
        let before = counter();
        black_box((c.sum)(black_box(n)));
        counter() - before
    };
    let (short, long) = (grown(SHORT), grown(LONG));
    (long as f64 - short as f64) / (LONG - SHORT) as f64
}

/// Generators created per allocation count.
const CREATIONS: u64 = 1_000;
/// The two lengths whose difference gives allocations per item.
const SHORT: u64 = 1_000;
const LONG: u64 = 11_000;

fn main() -> ExitCode {
    let mut wrong = Vec::new();
    println!(
        "| contender | size_of_val | over hand-written | allocs / generator | bytes / generator | allocs / item | waker clones / item |"
    );
    println!("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for c in CONTENDERS {
        for n in [0, 1, 7, SHORT] {
            let sum = (c.sum)(n);
            let opaque = (c.sum_opaque)(n);
            if sum != expected(c.group, n) || opaque != sum {
                wrong.push(format!("{}: {n} items summed to {sum} / {opaque}", c.name));
            }
        }
        let baseline = group(c.group)
            .chain(CONTENDERS)
            .find(|b| b.name == c.group.baseline())
            .expect("every group has its hand-written baseline");
        let size = (c.size)();
        let over = size as i64 - (baseline.size)() as i64;
        let (per_creation, bytes) = allocations(|| {
            for _ in 0..CREATIONS {
                black_box((c.first)(black_box(u64::MAX)));
            }
        });
        let allocs = per_item(c, || ALLOCATIONS.with(Cell::get));
        // Only the `+mpsc` groups run on `mpsc::ArcWaker`'s counting waker.
        let clones = match c.group {
            Group::Mpsc | Group::MpscWait => per_item(c, mpsc::waker_clones).to_string(),
            _ => "-".into(),
        };
        println!(
            "| {} | {size} B | {over:+} B | {} | {} B | {allocs} | {clones} |",
            c.name,
            per_creation as f64 / CREATIONS as f64,
            bytes as f64 / CREATIONS as f64,
        );
    }
    if wrong.is_empty() {
        ExitCode::SUCCESS
    } else {
        for line in wrong {
            eprintln!("wrong items: {line}");
        }
        ExitCode::FAILURE
    }
}
