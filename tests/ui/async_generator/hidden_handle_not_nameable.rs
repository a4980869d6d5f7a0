//! The generator's yield handle is a hygienic local: user code cannot name it, so no yield can
//! reach the generator's slot except through `yield_!` in the body (the async-stream#106 defence).

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn grab_handle() {
    let handle = &yield_;
    yield_!(1);
    let _ = handle;
}

fn main() {
    let _ = grab_handle();
}
