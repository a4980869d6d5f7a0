//! `finally!` inside a closure in a generator body: it must be directly in the body.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn finally_in_closure() {
    let run = || {
        finally! { println!("cleanup"); }
    };
    run();
    yield_!(1);
}

fn main() {
    let _ = finally_in_closure();
}
