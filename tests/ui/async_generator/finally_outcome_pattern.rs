//! The parameter of `finally!(|..| ..)` is a name or `_`: the block is told
//! every outcome and matches on it inside.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn refutable() {
    finally!(|asyncgen::Outcome::Completed| {
        println!("committed");
    });
    yield_!(1);
}

fn main() {}
