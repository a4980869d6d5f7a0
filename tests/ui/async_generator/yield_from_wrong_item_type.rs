//! `yield_from!` of a stream whose items are not the generator's: reported
//! on the delegated expression.

use asyncgen::async_generator;

#[async_generator(yield = String)]
async fn inner() {
    yield_!("a".to_owned());
}

#[async_generator(yield = u32)]
async fn outer() {
    yield_from!(inner());
}

fn main() {
    let _ = outer();
}
