//! A `?` whose error does not convert into the body's error type is
//! reported on the user's `?`, in terms of the two error types.

use asyncgen::async_generator;

#[derive(Debug)]
struct MyError;

fn parse(s: &str) -> Result<u32, std::num::ParseIntError> {
    s.parse()
}

#[async_generator(yield = u32)]
async fn numbers() -> Result<(), MyError> {
    finally! {}
    yield_!(parse("1")?);
    Ok(())
}

fn main() {
    let _ = numbers();
}
