//! `tokio::select!` awaits inside its own expansion, where the attribute cannot see it; in a block
//! protected by `finally!` a close could not interrupt it, so the cleanup would wait on it. It is
//! rejected, with the `async` block idiom as the way out.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn select_in_protected_block(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    finally! { println!("cleanup"); }
    loop {
        let next = tokio::select! {
            item = rx.recv() => item,
            () = tokio::time::sleep(std::time::Duration::from_secs(1)) => None,
        };
        match next {
            Some(item) => yield_!(item),
            None => break,
        }
    }
}

fn main() {
    let _ = select_in_protected_block;
}
