//! `on_drop = spawn` with a generic argument that may borrow: the body is
//! not `'static` unless the parameter is.

use asyncgen::async_generator;

#[async_generator(yield = T, on_drop = spawn)]
async fn repeat<T: Clone + Send>(value: T) {
    finally! {
        tokio::task::yield_now().await;
    }
    yield_!(value.clone());
}

fn main() {
    let _ = repeat(1);
}
