//! `yield_!` inside another macro's input (`println!`) in a generator, without importing
//! `asyncgen::yield_`: the attribute cannot see it, so it must not compile either.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_macro_input() {
    println!("{:?}", yield_!(1));
}

fn main() {
    let _ = in_macro_input();
}
