//! `?` inside a user macro that puts its input in a closure: the exit
//! cannot leave the generator from there; the error says so on the `?`.

use asyncgen::async_generator;

macro_rules! in_closure {
    ($e:expr) => {
        (|| $e)()
    };
}

fn parse(s: &str) -> Result<u32, std::num::ParseIntError> {
    s.parse()
}

#[async_generator(yield = u32)]
async fn numbers() -> Result<(), std::num::ParseIntError> {
    finally! {}
    let n = in_closure!(parse("1")?);
    yield_!(n);
    Ok(())
}

fn main() {
    let _ = numbers();
}
