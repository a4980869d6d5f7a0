//! `on_drop = never`: the drop policy is `report`, `block` or `spawn`.

use asyncgen::async_generator;

#[async_generator(yield = u32, on_drop = never)]
async fn unknown_drop_policy() {
    yield_!(1);
}

fn main() {
    let _ = unknown_drop_policy();
}
