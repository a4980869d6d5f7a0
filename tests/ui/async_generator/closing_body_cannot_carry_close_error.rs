//! `closing` over a generator whose close can fail, with a body that returns
//! a plain value: the close's error would have nowhere to go. The error says
//! so on the user's body and tells them what to return instead.

use asyncgen::{async_generator, closing};
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn rows() -> Result<(), String> {
    finally! { Err::<(), _>("rollback failed".to_string())?; }
    yield_!(1);
    Ok(())
}

fn main() {
    let _ = futures::executor::block_on(closing(rows(), async |mut rows| {
        rows.next().await.is_some()
    }));
}
