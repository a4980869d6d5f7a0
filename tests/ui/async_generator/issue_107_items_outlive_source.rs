//! async-stream#107, the original shape: items borrowed from a vector are kept after the
//! vector is dropped; must not compile (the items carry the argument's lifetime).

use std::pin::pin;

use asyncgen::async_generator;
use futures::StreamExt;

#[async_generator(yield = &'a u32)]
async fn each<'a>(items: &'a [u32]) {
    for item in items {
        yield_!(item);
    }
}

async fn use_after_free() {
    let mut outer = Vec::new();
    {
        let v = vec![0; 10];
        let mut s = pin!(each(&v));
        while let Some(x) = s.next().await {
            outer.push(x);
        }
    }
    println!("{outer:?}");
}

fn main() {
    let _ = use_after_free();
}
