//! `finally!` in a plain `async fn`, not a generator.

use asyncgen::finally;

async fn not_a_generator() {
    finally! { println!("cleanup"); }
}

fn main() {
    let _ = not_a_generator();
}
