//! An acmgr body that yields twice in sequence.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn yields_twice() {
    let _first = yield_!(1);
    let _second = yield_!(2);
}

fn main() {
    let _ = yields_twice();
}
