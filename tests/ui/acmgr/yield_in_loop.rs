//! An acmgr body that yields inside a loop.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn yields_in_a_loop() {
    for resource in 0..3 {
        let _outcome = yield_!(resource);
    }
}

fn main() {
    let _ = yields_in_a_loop();
}
