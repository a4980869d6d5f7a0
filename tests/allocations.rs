//! A generator allocates nothing per item and nothing per generator: the
//! yielded value goes through a slot inside the generator, and the body is
//! built in place on the first poll. Counted with a global allocator.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use asyncgen::{AsyncGenerator, async_generator};
use futures::Stream;

struct Counting;

// Counted per thread: the test harness allocates on other threads meanwhile.
thread_local! {
    static ALLOCATIONS: Cell<usize> = const { Cell::new(0) };
}

fn count_one() {
    ALLOCATIONS.with(|count| count.set(count.get() + 1));
}

// SAFETY: forwards to the system allocator unchanged; only counts calls.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::alloc`'s contract.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: the caller upholds `GlobalAlloc::dealloc`'s contract.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        count_one();
        // SAFETY: the caller upholds `GlobalAlloc::realloc`'s contract.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

fn allocations() -> usize {
    ALLOCATIONS.with(Cell::get)
}

#[async_generator(yield = u64)]
async fn numbers(count: u64, cleaned: &Cell<bool>) {
    finally! { cleaned.set(true); }
    for i in 0..count {
        std::future::ready(()).await;
        yield_!(i ^ (i >> 3));
    }
}

fn next<S: Stream + ?Sized>(
    stream: std::pin::Pin<&mut S>,
    cx: &mut Context<'_>,
) -> Option<S::Item> {
    match stream.poll_next(cx) {
        Poll::Ready(item) => item,
        Poll::Pending => panic!("never pending"),
    }
}

const ITEMS: u64 = 1_000_000;

#[test]
fn a_million_items_allocate_nothing() {
    let cleaned = Cell::new(false);
    let mut cx = Context::from_waker(Waker::noop());
    let before = allocations();
    let mut generator = pin!(numbers(ITEMS, &cleaned));
    let mut sum = 0u64;
    let mut count = 0u64;
    while let Some(item) = next(generator.as_mut(), &mut cx) {
        sum = sum.wrapping_add(item);
        count += 1;
    }
    assert_eq!(count, ITEMS);
    assert!(generator.is_finished());
    assert!(cleaned.get());
    let expected: u64 = (0..ITEMS).map(|i| i ^ (i >> 3)).fold(0, u64::wrapping_add);
    assert_eq!(sum, expected);
    assert_eq!(allocations() - before, 0, "allocations for {ITEMS} items");
}

#[test]
fn create_poll_and_drop_allocate_nothing() {
    let cleaned = Cell::new(false);
    let mut cx = Context::from_waker(Waker::noop());
    let before = allocations();
    {
        let mut generator = pin!(numbers(ITEMS, &cleaned));
        assert_eq!(next(generator.as_mut(), &mut cx), Some(0));
    }
    assert!(cleaned.get(), "dropping mid-body ran the cleanup in place");
    assert_eq!(allocations() - before, 0);
}
