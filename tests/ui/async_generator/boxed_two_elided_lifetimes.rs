//! `boxed` on a function whose arguments borrow with two different elided
//! lifetimes: the box needs one.

use asyncgen::async_generator;

#[async_generator(yield = usize, boxed)]
async fn lengths(a: &str, b: &str) {
    yield_!(a.len());
    yield_!(b.len());
}

fn main() {
    let _ = lengths("a", "bc");
}
