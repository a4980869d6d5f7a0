//! `break` out of a `finally!` block to an enclosing loop: it would skip the rest of the cleanup.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn break_out_of_finally() {
    loop {
        finally! {
            println!("cleanup");
            break;
        }
        yield_!(1);
    }
}

fn main() {
    let _ = break_out_of_finally();
}
