//! Code nested deeper than the attribute's limit (128 levels of brackets)
//! gets a spanned error instead of overflowing rustc's stack in the macro.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
#[rustfmt::skip]
async fn deep() {
    {{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{{ yield_!(1); }}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}}
}

fn main() {
    let _ = deep();
}
