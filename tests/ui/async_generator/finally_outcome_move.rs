//! `finally!(|outcome| ..)` runs in place: nothing is captured, so no `move`.

use asyncgen::async_generator;

#[async_generator(yield = u32)]
async fn moves() {
    let name = String::from("conn");
    finally!(move |outcome| {
        println!("{name} {outcome:?}");
    });
    yield_!(1);
}

fn main() {}
