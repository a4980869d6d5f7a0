//! `?` inside a user macro (here one that puts its input in a closure), in a
//! protected block: the attribute cannot know where the exit goes; a spanned
//! error on the `?` says to compute the value first.

use asyncgen::async_generator;

#[allow(unused_macros)] // rejected before it is used
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
