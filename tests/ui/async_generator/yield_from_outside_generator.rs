//! `yield_from!` in a plain `async fn`, not a generator.

use asyncgen::yield_from;

async fn not_a_generator() {
    yield_from!(futures::stream::iter([1]));
}

fn main() {
    let _ = not_a_generator();
}
