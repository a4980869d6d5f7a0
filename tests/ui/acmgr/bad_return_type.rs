//! An acmgr body returns `()` or `Result<(), E>`; `u32` is neither.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn returns_a_number() -> u32 {
    let _outcome = yield_!(1);
    7
}

fn main() {
    let _ = returns_a_number();
}
