//! An acmgr is not a `Stream`: `StreamExt::for_each` does not apply to it.

use asyncgen::acmgr;
use futures::StreamExt;

#[acmgr(yield = futures::stream::Iter<std::ops::Range<u32>>)]
async fn numbers() {
    let _outcome = yield_!(futures::stream::iter(0..3));
}

async fn iterate() {
    numbers().for_each(async |n| println!("{n}")).await;
}

fn main() {
    let _ = iterate();
}
