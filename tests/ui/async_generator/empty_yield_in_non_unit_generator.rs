//! `yield_!()` yields `()`: in a generator of `u32` it is a type error on
//! the user's `yield_!()`.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn numbers() {
    yield_!();
}

fn main() {
    let _ = numbers();
}
