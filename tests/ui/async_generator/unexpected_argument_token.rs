//! An attribute argument that is not a name at all (a literal).

use asyncgen::async_generator;

#[async_generator(yield = u32, "report")]
async fn unexpected_argument() {
    yield_!(1);
}

fn main() {
    let _ = unexpected_argument();
}
