//! `yield = T` given twice.

use asyncgen::async_generator;

#[async_generator(yield = u32, yield = u64)]
async fn duplicate_yield() {
    yield_!(1);
}

fn main() {
    let _ = duplicate_yield();
}
