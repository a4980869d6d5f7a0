//! `finally!(|..| ..)` takes exactly one parameter, the `Outcome`.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn two_parameters() {
    finally!(|outcome, extra| {
        let _ = (outcome, extra);
    });
    yield_!(1);
}

fn main() {}
