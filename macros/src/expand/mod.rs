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
    match syn::parse2::<ItemFn>(original) {
        Ok(item) => {
            let ItemFn {
                attrs, vis, sig, ..
            } = item;
            quote! {
                #error
                #(#attrs)*
                #[allow(unused_variables, unused_mut, unreachable_code, clippy::diverging_sub_expression)]
                #vis #sig { ::core::panic!() }
            }
        }
        Err(_) => error,
    }
}
