//! Bare `yield expr` in an `#[async_generator]` body, accepted as `yield_!`
//! when the crate enables `#![feature(coroutines)]`. On stable this crate is
//! empty; `.ci/run` runs it with `cargo +nightly test -p asyncgen-nightly-tests`.

#![cfg_attr(nightly, feature(coroutines))]

// Out of line: a file under an inactive `cfg` is not parsed, so stable never
// sees the feature-gated `yield` syntax.
#[cfg(all(test, nightly))]
mod bare_yield;
