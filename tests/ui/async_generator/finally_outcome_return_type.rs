//! `finally!(|outcome| ..)` returns nothing.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn returns() {
    finally!(|outcome| -> bool { outcome.is_completed() });
    yield_!(1);
}

fn main() {}
