//! `yield_!` inside `finally!`: cleanup runs while closing, with no consumer left (as C# forbids).

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_finally() {
    finally! {
        yield_!(0);
    }
    yield_!(1);
}

fn main() {
    let _ = in_finally();
}
