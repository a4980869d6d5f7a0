//! `boxed` and `boxed_local` together: the box is either `Send` or not.

use asyncgen::async_generator;

#[async_generator(yield = u32, boxed, boxed_local)]
async fn both() {
    yield_!(1);
}

fn main() {
    let _ = both();
}
