//! `boxed` given twice.

use asyncgen::async_generator;

#[async_generator(yield = u32, boxed, boxed)]
async fn twice() {
    yield_!(1);
}

fn main() {
    let _ = twice();
}
