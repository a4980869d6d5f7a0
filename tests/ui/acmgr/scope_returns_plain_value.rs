//! A `with` scope must return `()` or a `Result` (whose `Err` tells the exit
//! the scope failed): a plain value gets an error on the scope, with the fix.

use asyncgen::{AsyncContextManager, acmgr};

#[acmgr(yield = u32)]
async fn lease() {
    let _outcome = yield_!(7);
}

fn main() {
    let _ = futures::executor::block_on(lease().with(async |id| id + 1));
}
