//! `?` inside another macro's input that does not parse as expressions, in a block protected by
//! `finally!`: the attribute cannot route that exit through the cleanup, so it is rejected.
//! (Input that parses as `expr, expr, ..`, as `println!`'s does, is lowered like the body.)

use asyncgen::async_generator;

fn parse(s: &str) -> Result<u32, std::num::ParseIntError> {
    s.parse()
}

#[allow(unused_macros)] // rejected before it is used
macro_rules! either {
    ($left:expr ; $right:expr) => {
        $left + $right
    };
}

#[async_generator(yield = u32)]
async fn try_in_macro_input() -> Result<(), std::num::ParseIntError> {
    finally! { println!("cleanup"); }
    yield_!(either!(parse("1")? ; 2));
    Ok(())
}

fn main() {
    let _ = try_in_macro_input();
}
