//! Valid Rust the attribute used to reject or change: `yield_!()` for `()`
//! items, `ref mut` and `#[cfg]` parameters, an attributed block as the
//! body's tail, `-> (())`, and attributes on `yield_!` / `finally!`
//! statements, which must apply exactly as written (a `#[cfg]`'d-out
//! statement does not run).

mod common;

use asyncgen::async_generator;
use common::{Log, drain};

#[async_generator(yield = ())]
async fn ticks(log: Log) {
    log.push("before");
    yield_!();
    yield_!(());
    log.push("after");
}

#[tokio::test]
async fn empty_yield_yields_unit() {
    let log = Log::new();
    drain(&log, ticks(log.clone())).await;
    assert_eq!(
        log.take(),
        ["before", "got ()", "got ()", "after", "got None"]
    );
}

#[async_generator(yield = u32)]
async fn ref_mut_parameter(ref mut numbers: Vec<u32>) {
    numbers.push(3);
    for n in numbers.iter() {
        yield_!(*n);
    }
}

#[async_generator(yield = u32)]
async fn cfg_parameters(first: u32, #[cfg(not(test))] never: u32, #[cfg(test)] always: u32) {
    yield_!(first);
    yield_!(always);
}

#[tokio::test]
async fn parameters_as_written() {
    let log = Log::new();
    drain(&log, ref_mut_parameter(vec![1, 2])).await;
    drain(&log, cfg_parameters(1, 2)).await;
    assert_eq!(
        log.take(),
        [
            "got 1", "got 2", "got 3", "got None", "got 1", "got 2", "got None"
        ]
    );
}

#[async_generator(yield = u32)]
async fn attributed_tail(log: Log) {
    yield_!(1);
    #[allow(unused_variables)]
    {
        let unused = 0;
        log.push("tail");
    }
}

#[allow(unused_parens)]
#[async_generator(yield = u32)]
async fn parenthesized_unit() -> (()) {
    yield_!(1);
}

#[allow(unused_parens)]
#[async_generator(yield = u32)]
async fn parenthesized_result() -> (Result<(()), String>) {
    yield_!(1);
    Err("end".into())
}

#[tokio::test]
async fn tails_and_return_types() {
    let log = Log::new();
    drain(&log, attributed_tail(log.clone())).await;
    drain(&log, parenthesized_unit()).await;
    drain(&log, parenthesized_result()).await;
    assert_eq!(
        log.take(),
        [
            "got 1",
            "tail",
            "got None",
            "got 1",
            "got None",
            "got Ok(1)",
            "got Err(\"end\")",
            "got None"
        ]
    );
}

#[async_generator(yield = u32)]
async fn configured(log: Log) {
    #[cfg(not(test))]
    finally! {
        log.push("configured-out cleanup");
    }
    #[cfg(test)]
    finally! {
        log.push("configured-in cleanup");
    }
    #[cfg(not(test))]
    finally!(|outcome| log.push(format!("configured-out {outcome:?}")));
    #[cfg(not(test))]
    yield_!(1);
    #[cfg(test)]
    yield_!(2);
    #[cfg(not(test))]
    yield_from!(futures::stream::iter([3, 4]));
    log.push("end");
}

#[tokio::test]
async fn statement_attributes_apply() {
    let log = Log::new();
    drain(&log, configured(log.clone())).await;
    assert_eq!(
        log.take(),
        ["got 2", "end", "configured-in cleanup", "got None"]
    );
}

/// Inner attributes of the body apply to the function (found by the
/// macros' fuzzer: they were emitted in item position, "an inner attribute
/// is not permitted in this context"). `deny(unused_variables)` would make
/// the unused local an error if the `allow` were lost.
#[deny(unused_variables)]
#[async_generator(yield = u32)]
async fn inner_attribute(log: Log) {
    #![allow(unused_variables)]
    let unused = 1;
    log.push("body");
    yield_!(1);
}

#[deny(unused_variables)]
#[asyncgen::acmgr(yield = u32)]
async fn inner_attribute_acmgr(log: Log) {
    #![allow(unused_variables)]
    let unused = 1;
    let outcome = yield_!(2);
    log.push(format!("exit {outcome:?}"));
}

#[tokio::test]
async fn inner_attributes_of_the_body_apply_to_the_function() {
    use asyncgen::AsyncContextManager;
    let log = Log::new();
    drain(&log, inner_attribute(log.clone())).await;
    let doubled = inner_attribute_acmgr(log.clone())
        .with(async |n| Ok::<_, std::io::Error>(n * 2))
        .await;
    assert_eq!(doubled.ok(), Some(4));
    assert_eq!(log.take(), ["body", "got 1", "got None", "exit Completed"]);
}
