//! async-stream#107: with `yield = &'static str`, yielding a reference to a local `String` must
//! not compile (the yield slot is typed and invariant, so the item cannot outlive its referent).

use asyncgen::async_generator;

#[async_generator(yield = &'static str)]
async fn dangling() {
    let local = String::from("freed when the generator ends");
    yield_!(local.as_str());
}

fn main() {
    let _ = dangling();
}
