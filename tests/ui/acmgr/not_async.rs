//! The attribute on a `fn` without `async`.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
fn not_async() {
    let _outcome = yield_!(1);
}

fn main() {
    let _ = not_async();
}
