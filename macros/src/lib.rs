//! Implementation detail of [`asyncgen`](https://docs.rs/asyncgen): its
//! macros (`#[async_generator]`, `#[acmgr]`, `async_gen!`). Depend on
//! `asyncgen`, not on this crate.
//!
//! The pipeline: `args` parses the attribute, `parse` the function,
//! `validate` checks every rule (one rule, one error, one ui test), `lower`
//! rewrites the body (yields, awaits, `finally!`), and `expand` emits the
//! generator.

#![forbid(unsafe_code)]

mod args;
mod errors;
mod expand;
mod foreign;
mod lower;
mod names;
mod nesting;
mod parse;
mod scope;
mod single_yield;
mod tokens;
mod validate;

#[cfg(test)]
mod fuzz_tests;
#[cfg(test)]
mod surface_tests;

use proc_macro::TokenStream;

/// Turns an `async fn` with `yield_!` into a function returning
/// `impl AsyncGenerator`. Documented on the `asyncgen` re-export.
#[proc_macro_attribute]
pub fn async_generator(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::generator(args.into(), input.into()).into()
}

/// Turns an `async fn` that yields once into a function returning
/// an `Acmgr` (an `AsyncContextManager`). Documented on the `asyncgen`
/// re-export.
#[proc_macro_attribute]
pub fn acmgr(args: TokenStream, input: TokenStream) -> TokenStream {
    expand::acmgr(args.into(), input.into()).into()
}

/// A generator in expression position: `async_gen! { .. }` captures like an
/// `async move` block and evaluates to an `AsyncGenerator`. Documented on
/// the `asyncgen` re-export.
#[proc_macro]
pub fn async_gen(input: TokenStream) -> TokenStream {
    expand::inline(input.into()).into()
}
