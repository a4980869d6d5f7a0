//! `yield_from!` in an acmgr body: an acmgr hands out one resource, it does
//! not delegate a stream of them.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn delegates() {
    yield_from!(futures::stream::iter([1, 2, 3]));
}

fn main() {
    let _ = delegates();
}
