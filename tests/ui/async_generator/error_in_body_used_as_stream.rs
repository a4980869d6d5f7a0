//! A generator whose body is wrong, used as a stream by its callers: the
//! attribute's error is the only one. On an error the function still has
//! the signature the attribute would give it (`-> impl AsyncGenerator<..>`),
//! so `next`, `map` and `close` type-check at the call sites instead of
//! failing on an `impl Future` with errors that only mislead.

use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn doubled(to: u32) -> Result<(), std::fmt::Error> {
    let each = |i: u32| {
        yield_!(i * 2);
    };
    for i in 0..to {
        each(i);
    }
    Ok(())
}

async fn total() -> Result<u32, std::fmt::Error> {
    let mut items = pin!(doubled(3));
    let mut total = 0;
    while let Some(item) = items.next().await {
        total += item?;
    }
    items.as_mut().close().await?;
    let lengths: Vec<usize> = doubled(2).map(|item| item.map_or(0, |n| n as usize)).collect().await;
    Ok(total + lengths.len() as u32)
}

fn main() {
    let _ = total();
}
