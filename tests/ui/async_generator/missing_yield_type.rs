//! The attribute without arguments: `yield = T` is required.

use asyncgen::async_generator;

#[async_generator]
async fn no_yield_type() {
    yield_!(1u32);
}

fn main() {
    let _ = no_yield_type();
}
