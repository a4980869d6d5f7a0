//! `yield u32` instead of `yield = u32`.

use asyncgen::async_generator;

#[async_generator(yield u32)]
async fn yield_without_eq() {
    yield_!(1);
}

fn main() {
    let _ = yield_without_eq();
}
