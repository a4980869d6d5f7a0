//! `yield =` with no type after it.

use asyncgen::async_generator;

#[async_generator(yield =)]
async fn yield_without_type() {
    yield_!(1u32);
}

fn main() {
    let _ = yield_without_type();
}
