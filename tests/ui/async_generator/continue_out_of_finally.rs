//! `continue` out of a `finally!` block to an enclosing loop: it would skip the rest of the
//! cleanup.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn continue_out_of_finally() {
    for i in 0..3 {
        finally! {
            println!("cleanup");
            continue;
        }
        yield_!(i);
    }
}

fn main() {
    let _ = continue_out_of_finally();
}
