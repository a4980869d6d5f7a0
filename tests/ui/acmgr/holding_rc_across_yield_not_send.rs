//! An acmgr whose body holds an `Rc` across its yield is not `Send`, in none
//! of its forms.

use std::rc::Rc;

use asyncgen::{AsyncContextManager, acmgr};

#[acmgr(yield = u32)]
async fn holds_rc() {
    let shared = Rc::new(1);
    yield_!(*shared);
    drop(shared);
}

fn assert_send<T: Send>(_: T) {}

fn main() {
    assert_send(holds_rc().into_stream());
    assert_send(holds_rc().enter());
    assert_send(holds_rc().with(async |_: u32| ()));
}
