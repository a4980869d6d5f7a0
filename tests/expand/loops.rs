#[async_generator(yield = u32, on_drop = block)]
async fn loops(log: Log) {
    'outer: for round in 0..3 {
        finally! { log.push("round done"); }
        for i in 0..10 {
            if i == 2 {
                continue 'outer;
            }
            yield_!(round * 10 + i);
        }
    }
}
