//! async-stream#107 through a helper: a `yield = &'static str` generator relays the items of a
//! helper generator that borrows a local (its items are shorter-lived than declared); must not
//! compile.

use std::pin::pin;

use asyncgen::async_generator;
use futures::StreamExt;

#[async_generator(yield = &'a str)]
async fn helper<'a>(text: &'a str) {
    yield_!(text);
}

#[async_generator(yield = &'static str)]
async fn relay() {
    let local = String::from("lives only inside `relay`");
    let mut inner = pin!(helper(&local));
    while let Some(item) = inner.next().await {
        yield_!(item);
    }
}

fn main() {
    let _ = relay();
}
