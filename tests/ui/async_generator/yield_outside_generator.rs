//! `yield_!` in a plain `async fn`, not a generator.

use asyncgen::yield_;

async fn not_a_generator() {
    yield_!(1);
}

fn main() {
    let _ = not_a_generator();
}
