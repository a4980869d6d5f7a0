//! The attribute the lowering uses to mark `finally!` blocks between its passes cannot be written
//! by hand to make a block pass for cleanup.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn fake_cleanup() {
    #[__asyncgen_finally]
    {
        yield_!(1);
    }
}

fn main() {
    let _ = fake_cleanup();
}
