//! `on_drop = block` without the feature `on-drop-block`: one error, on
//! `block` in the attribute, naming the feature. (Run by tests/ui.rs only when the feature
//! is off.)

use asyncgen::{acmgr, async_generator};

#[async_generator(yield = u32, on_drop = block)]
async fn rows() {
    finally! { std::future::ready(()).await; }
    yield_!(1);
}

#[acmgr(yield = u32, on_drop = block)]
async fn connection() {
    yield_!(1);
}

fn main() {
    drop(rows());
    drop(connection());
}
