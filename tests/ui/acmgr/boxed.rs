//! `boxed` is an `#[async_generator]` argument; an acmgr does not take it.

use asyncgen::acmgr;

#[acmgr(yield = u32, boxed)]
async fn boxed_acmgr() {
    let _outcome = yield_!(1);
}

fn main() {
    let _ = boxed_acmgr();
}
