//! A body returning `u32`: it must return `()` or `Result<(), E>`.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn returns_u32() -> u32 {
    yield_!(1);
    2
}

fn main() {
    let _ = returns_u32();
}
