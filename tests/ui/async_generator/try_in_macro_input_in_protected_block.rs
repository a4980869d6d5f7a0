//! `?` inside another macro's input (`println!`) in a block protected by `finally!`: the
//! attribute cannot route that exit through the cleanup.

use asyncgen::async_generator;

fn parse(s: &str) -> Result<u32, std::num::ParseIntError> {
    s.parse()
}

#[async_generator(yield = u32)]
async fn try_in_macro_input() -> Result<(), std::num::ParseIntError> {
    finally! { println!("cleanup"); }
    println!("{}", parse("1")?);
    yield_!(1);
    Ok(())
}

fn main() {
    let _ = try_in_macro_input();
}
