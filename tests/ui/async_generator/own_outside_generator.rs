//! `own!` in a plain `async fn`, not a generator.

use asyncgen::own;

async fn not_a_generator() {
    let _inner = own!(futures::stream::iter([1]));
}

fn main() {
    let _ = not_a_generator();
}
