//! `try_yield_from!` ends the body with an inner error: an infallible body
//! has no error to end with.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn inner() -> Result<(), String> {
    yield_!(1);
    Ok(())
}

#[async_generator(yield = u32)]
async fn outer() {
    try_yield_from!(inner());
}

fn main() {
    let _ = outer();
}
