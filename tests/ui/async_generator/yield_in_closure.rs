//! `yield_!` inside a closure in a generator body: the closure is a separate function.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_closure() {
    let each = |i: u32| {
        yield_!(i);
    };
    each(1);
}

fn main() {
    let _ = in_closure();
}
