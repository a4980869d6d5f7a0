//! An acmgr is not a `Stream`: it must be entered (`with`, `enter`) or
//! turned into one (`into_stream`), never iterated directly.

use asyncgen::acmgr;
use futures::StreamExt;

#[acmgr(yield = futures::stream::Iter<std::ops::Range<u32>>)]
async fn numbers() {
    let _outcome = yield_!(futures::stream::iter(0..3));
}

async fn iterate() {
    let mut acm = numbers();
    while let Some(n) = acm.next().await {
        println!("{n}");
    }
}

fn main() {
    let _ = iterate();
}
