//! A tail that is not the body's return type (a missing `;`) is reported on
//! the user's expression, not on the attribute.

use asyncgen::async_generator;

#[async_generator(yield = ())]
async fn missing_semicolon() {
    yield_!(());
    Some(())
}

fn main() {
    let _ = missing_semicolon();
}
