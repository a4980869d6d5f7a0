//! `yield_!` inside an `async` block in a generator body: the block is a separate future.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn in_async_block() {
    let child = async {
        yield_!(1);
    };
    child.await;
}

fn main() {
    let _ = in_async_block();
}
