//! `on_drop = spawn` with a body that holds an `Rc` across a yield: the rest
//! of the cleanup could not move into a task. The error points at `spawn`.

use std::rc::Rc;

use asyncgen::async_generator;

#[async_generator(yield = u32, on_drop = spawn)]
async fn holds_rc() {
    let shared = Rc::new(1);
    finally! {
        tokio::task::yield_now().await;
    }
    yield_!(*shared);
    yield_!(*shared + 1);
}

fn main() {
    let _ = holds_rc();
}
