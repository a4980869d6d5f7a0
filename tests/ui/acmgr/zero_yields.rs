//! An acmgr body that never yields its resource.

use asyncgen::acmgr;

#[acmgr(yield = u32)]
async fn never_yields() {
    println!("enter and exit, no scope in between");
}

fn main() {
    let _ = never_yields();
}
