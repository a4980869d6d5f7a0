//! The item type's elided lifetime is the one the signature gives it (here,
//! `source`'s), at every yield: a value borrowed from a local does not fit,
//! whichever way the yield is lowered.

use asyncgen::async_generator;

#[async_generator(yield = &str)]
async fn dangling(source: &String) {
    yield_!(source.as_str());
    let local = String::from("freed when the generator ends");
    yield_!(local.as_str());
}

fn main() {
    let source = String::from("outlives the generator");
    let _ = dangling(&source);
}
