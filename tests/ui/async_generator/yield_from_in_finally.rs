//! `yield_from!` inside `finally!`: no consumer is left to take the items.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_finally() {
    finally! {
        yield_from!(futures::stream::iter([1, 2]));
    }
    yield_!(0);
}

fn main() {
    let _ = in_finally();
}
