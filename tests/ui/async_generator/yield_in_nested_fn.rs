//! `yield_!` inside a `fn` item nested in a generator body: that item is not the generator.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_nested_fn() {
    async fn helper() {
        yield_!(1);
    }
    helper().await;
}

fn main() {
    let _ = in_nested_fn();
}
