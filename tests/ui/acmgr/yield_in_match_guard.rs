//! A yield in a match guard runs before the later arms are tried: with a
//! yield in one of those, the body can yield twice.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn guarded(x: u32) {
    match x {
        _ if {
            yield_!(1);
            false
        } => {}
        _ => {
            yield_!(2);
        }
    }
}

fn main() {
    let _ = guarded(0);
}
