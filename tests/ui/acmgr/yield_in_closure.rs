//! `yield_!` inside a closure of an acmgr body: it would belong to the
//! closure, not to the acmgr.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn yields_in_a_closure() {
    let hand_out = |resource: u32| yield_!(resource);
    hand_out(1);
}

fn main() {
    let _ = yields_in_a_closure();
}
