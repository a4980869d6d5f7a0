//! `return` inside `finally!`: it would end the generator from its cleanup and could hide the
//! error or the close being unwound (PEP 765 forbids the same in Python's `finally`).

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn returns_from_cleanup() {
    finally! {
        return;
    }
    yield_!(1);
}

fn main() {
    let _ = returns_from_cleanup();
}
