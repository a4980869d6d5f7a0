#[async_generator(yield = u32)]
async fn count(to: u32) {
    for i in 0..to {
        yield_!(i);
    }
}
