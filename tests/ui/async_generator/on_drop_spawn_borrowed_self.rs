//! `on_drop = spawn` on a `&self` method: the generator borrows `self`.

use asyncgen::async_generator;

struct Table;

impl Table {
    #[async_generator(yield = u32, on_drop = spawn)]
    async fn rows(&self) {
        finally! {
            tokio::task::yield_now().await;
        }
        yield_!(1);
    }
}

fn main() {
    let _ = Table.rows();
}
