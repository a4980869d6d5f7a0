//! Emits the generated items.

mod boxing;
mod generator;
mod inline;
#[cfg(test)]
mod snapshots;
mod spawn;

pub(crate) use generator::{acmgr, generator};
pub(crate) use inline::inline;

use proc_macro2::TokenStream;
use quote::quote;
use syn::ItemFn;

/// On error: the error, plus the function with an empty body so that one
/// mistake does not cascade into errors at every use of the function, and
/// IDEs still see its signature.
fn with_error(original: TokenStream, error: syn::Error) -> TokenStream {
    let error = error.to_compile_error();
    // Too deep to parse safely: the error alone.
    if crate::nesting::check(&original, "").is_err() {
        return error;
    }
    match syn::parse2::<ItemFn>(original) {
        Ok(item) => {
            let ItemFn {
                attrs, vis, sig, ..
            } = item;
            // syn gives the body's inner attributes (`#![allow(..)]`) with
            // the function's: they stay inside the body, where they are
            // allowed.
            let (outer, inner): (Vec<_>, Vec<_>) = attrs
                .into_iter()
                .partition(|attr| matches!(attr.style, syn::AttrStyle::Outer));
            quote! {
                #error
                #(#outer)*
                #[allow(unused_variables, unused_mut, unreachable_code, clippy::diverging_sub_expression)]
                #vis #sig { #(#inner)* ::core::panic!() }
            }
        }
        Err(_) => error,
    }
}
