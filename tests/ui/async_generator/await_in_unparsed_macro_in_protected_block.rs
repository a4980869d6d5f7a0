//! `tokio::join!` awaits inside its own expansion, where the attribute cannot see it; in a block
//! protected by `finally!` a close could not interrupt it, so the cleanup would wait on it. It is
//! rejected, with the `async` block idiom as the way out. (`select!` is different: its arms are
//! lowered and a close interrupts it; see tests/select.rs.)

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn join_in_protected_block(mut rx: tokio::sync::mpsc::Receiver<u32>) {
    finally! { println!("cleanup"); }
    loop {
        let (next, ()) = tokio::join!(rx.recv(), tokio::task::yield_now());
        match next {
            Some(item) => yield_!(item),
            None => break,
        }
    }
}

fn main() {
    let _ = join_in_protected_block;
}
