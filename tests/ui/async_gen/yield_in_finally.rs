//! `yield_!` inside `finally!` is rejected in the inline form too.

use asyncgen::async_gen;

fn main() {
    let _numbers = async_gen! {
        finally! {
            yield_!(0);
        }
        yield_!(1);
    };
}
