//! `async_gen!` checks its block as the attribute checks a body: a yield in
//! a closure is not part of the generator.

use asyncgen::async_gen;

fn main() {
    let _numbers = async_gen! {
        let make = || {
            yield_!(1);
        };
        make();
    };
}
