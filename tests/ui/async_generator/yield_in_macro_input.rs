//! `yield_!` inside another macro's input (`println!`) in a generator: the attribute cannot see
//! it, so it reaches the `asyncgen::yield_!` fallback and is rejected.

use asyncgen::{async_generator, yield_};

#[async_generator(yield = u32)]
async fn in_macro_input() {
    println!("{:?}", yield_!(1));
}

fn main() {
    let _ = in_macro_input();
}
