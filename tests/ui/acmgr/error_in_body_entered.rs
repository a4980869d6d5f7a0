//! An acmgr whose body is wrong, entered by its callers: the attribute's
//! error is the only one. On an error the function still returns what the
//! attribute would make it return (`Acmgr<impl AcmBody<..>>`), so `with`
//! type-checks at the call site instead of failing on an `impl Future`.

use asyncgen::{AsyncContextManager, acmgr};

#[acmgr(yield = u32)]
async fn connection(id: u32) {
    let _first = yield_!(id);
    let _second = yield_!(id + 1);
}

async fn use_it() -> Result<u32, std::fmt::Error> {
    connection(7).with(async |id| Ok::<_, std::fmt::Error>(id + 1)).await
}

fn main() {
    let _ = use_it();
}
