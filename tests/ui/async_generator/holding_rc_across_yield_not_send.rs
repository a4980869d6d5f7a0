//! A generator holding an `Rc` across a yield is not `Send`.

use std::rc::Rc;

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn holds_rc() {
    let shared = Rc::new(1);
    yield_!(*shared);
    yield_!(*shared + 1);
}

fn assert_send<T: Send>(_: T) {}

fn main() {
    assert_send(holds_rc());
}
