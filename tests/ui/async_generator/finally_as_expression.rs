//! `finally!` used as an expression (its value bound) instead of a statement.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn finally_as_expression() {
    let _guard = finally! { println!("cleanup"); };
    yield_!(1);
}

fn main() {
    let _ = finally_as_expression();
}
