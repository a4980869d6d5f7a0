//! async-stream#107: with `yield = &'a str`, where the caller picks `'a` (`'static` included),
//! yielding a borrow of a local that lives shorter than `'a` must not compile.

use asyncgen::async_generator;

#[async_generator(yield = &'a str)]
async fn shorter<'a>(_anchor: &'a str) {
    let local = String::from("lives only inside the generator");
    let short: &str = &local;
    yield_!(short);
}

fn main() {
    let _ = shorter("static anchor");
}
