//! An attribute argument the macro does not know (`foo = 1`).

use asyncgen::async_generator;

#[async_generator(yield = u32, foo = 1)]
async fn unknown_argument() {
    yield_!(1);
}

fn main() {
    let _ = unknown_argument();
}
