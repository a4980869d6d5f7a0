//! A body returning `Result<u32, E>`: the `Ok` type must be `()`.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn returns_result_u32() -> Result<u32, std::io::Error> {
    yield_!(1);
    Ok(2)
}

fn main() {
    let _ = returns_result_u32();
}
