//! `on_drop = spawn` with an argument that borrows: the rest of the cleanup
//! could outlive the caller's data.

use asyncgen::async_generator;

#[async_generator(yield = usize, on_drop = spawn)]
async fn lengths(words: &[String]) {
    finally! {
        tokio::task::yield_now().await;
    }
    for word in words {
        yield_!(word.len());
    }
}

fn main() {
    let _ = lengths(&[]);
}
