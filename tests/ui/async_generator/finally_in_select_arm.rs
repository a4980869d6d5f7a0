//! `finally!` inside a `select!` arm: the arm is not a block the cleanup can
//! protect; it belongs around the select.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn merged(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    tokio::select! {
        value = rx.recv() => {
            yield_!(value.unwrap_or_default());
            finally! { println!("cleanup"); }
            yield_!(0);
        }
    }
}

fn main() {
    let _ = merged;
}
