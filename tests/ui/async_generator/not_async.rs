//! The attribute on a `fn` without `async`.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
fn not_async() {
    yield_!(1);
}

fn main() {
    not_async();
}
