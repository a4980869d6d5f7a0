//! `yield_from!` inside a closure in a generator body: the closure is a
//! separate function.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_closure() {
    let relay = || {
        yield_from!(futures::stream::iter([1, 2]));
    };
    relay();
}

fn main() {
    let _ = in_closure();
}
