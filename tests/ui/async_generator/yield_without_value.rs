//! `yield_!()` with no value.

use asyncgen::async_generator;

#[async_generator(yield = ())]
async fn yield_without_value() {
    yield_!();
}

fn main() {
    let _ = yield_without_value();
}
