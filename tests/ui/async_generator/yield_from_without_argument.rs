//! `yield_from!()` with nothing to delegate to.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn without_argument() {
    yield_from!();
}

fn main() {
    let _ = without_argument();
}
