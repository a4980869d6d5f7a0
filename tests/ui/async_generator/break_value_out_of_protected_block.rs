//! `break 5` out of a block protected by `finally!`: a `break` with a value cannot be carried
//! through the cleanup.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn break_value() {
    let x = loop {
        finally! { println!("cleanup"); }
        break 5;
    };
    yield_!(x);
}

fn main() {
    let _ = break_value();
}
