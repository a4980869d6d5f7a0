//! `async_gen! { .. }`: a generator in expression position.
//!
//! ```text
//! async_gen! { for i in 0..3 { yield_!(i); } }
//! ```
//!
//! becomes
//!
//! ```text
//! Gen::<_, _, NoCleanup, _>::new(move |__co| async move {
//!     let __ret: () = { for i in 0..3 { <yield i, leaving on close> } };
//!     return __ret;
//! }, ReportByType)
//! ```
//!
//! It captures like an `async move` block. The item type is inferred from
//! the yields. The block is fallible (a stream of `Result<T, E>`) when it
//! uses `?` or evaluates to `Ok(..)`/`Err(..)`: then its value is
//! `Result<(), _>`, with the error type inferred from its `Err`s and from
//! where the generator is used.

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Block, Expr, Stmt};

use crate::args::OnDrop;
use crate::lower::{self, Lowering};
use crate::names;
use crate::tokens::{self, Step};
use crate::validate;

pub(crate) fn inline(input: TokenStream) -> TokenStream {
    expand(input).unwrap_or_else(|error| {
        let error = error.to_compile_error();
        // An expression still, so that the error is the only one.
        quote!({ #error; ::core::unreachable!() })
    })
}

fn expand(input: TokenStream) -> syn::Result<TokenStream> {
    crate::nesting::check(&input, "`async_gen!`")?;
    let stmts = syn::parse::Parser::parse2(Block::parse_within, input)?;
    let mut body = Block {
        brace_token: Default::default(),
        stmts,
    };
    validate::body(&body, false)?;
    let krate = quote!(::asyncgen);
    let fallible = is_fallible(&body);
    let ret_ty: syn::Type = if fallible {
        syn::parse_quote!(::core::result::Result<(), _>)
    } else {
        syn::parse_quote!(())
    };
    // Inferred from the yields; a block without any yields `()`, as
    // async-stream's `stream! {}` does.
    let yield_ty: syn::Type = if yields(&body.to_token_stream()) {
        syn::parse_quote!(_)
    } else {
        syn::parse_quote!(())
    };
    let leave = if fallible {
        quote!(::core::result::Result::Ok(()))
    } else {
        TokenStream::new()
    };
    let cleanup = lower::has_cleanup(&body);
    let sections = lower::body(
        &mut body,
        &Lowering {
            krate: &krate,
            ret_ty: &ret_ty,
            yield_ty: &yield_ty,
            leave: &leave,
            fallible,
            acmgr: false,
            cleanup,
        },
    )?;
    let policy = super::generator::drop_policy(&krate, OnDrop::Report, cleanup, sections);
    Ok(super::generator::new_generator(
        &super::generator::GenParts {
            krate: &krate,
            yield_ty: &yield_ty,
            policy: &policy,
            rebinds: &[],
            ret_ty: &ret_ty,
            body: &body,
            reporter: &quote!(#krate::__private::ReportByType),
        },
    ))
}

/// Whether the block is fallible: a `?` in its own code (not in a closure,
/// an `async` block or an item, which have their own), or `Ok`/`Err` as its
/// value or a `return`'s.
fn is_fallible(body: &Block) -> bool {
    if let Some(Stmt::Expr(tail, None)) = body.stmts.last() {
        if is_result_constructor(tail) {
            return true;
        }
    }
    fallible_tokens(&body.to_token_stream())
}

fn is_result_constructor(expr: &Expr) -> bool {
    let Expr::Call(call) = expr else { return false };
    let Expr::Path(path) = &*call.func else {
        return false;
    };
    path.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "Ok" || segment.ident == "Err")
}

/// Finds a `?` or `return Ok(`/`return Err(` outside closures, `async`
/// blocks and items, by tokens (macro input included, as the lowering sees
/// it).
fn fallible_tokens(tokens: &TokenStream) -> bool {
    // The state: the next brace group is a closure's, an `async` block's or
    // an item's body.
    let found =
        tokens::scan(tokens, &mut |skip_next_group: &mut bool,
                                   previous,
                                   token| {
            match (previous, token) {
                (_, TokenTree::Punct(punct)) if punct.as_char() == '?' => return Step::Found(()),
                (_, TokenTree::Punct(punct)) if punct.as_char() == '|' => {
                    // A closure's body: the next brace group (or expression) is
                    // its own; skipping its group is enough for `?` in braces.
                    *skip_next_group = true;
                }
                (_, TokenTree::Ident(ident)) if ident == "async" || ident == "fn" => {
                    *skip_next_group = true;
                }
                (Some(TokenTree::Ident(keyword)), TokenTree::Ident(ident))
                    if keyword == "return" && (ident == "Ok" || ident == "Err") =>
                {
                    return Step::Found(());
                }
                (_, TokenTree::Group(group)) => {
                    let skip = std::mem::take(skip_next_group)
                        && group.delimiter() == proc_macro2::Delimiter::Brace;
                    return if skip { Step::Pass } else { Step::Enter };
                }
                _ => {}
            }
            Step::Enter
        });
    found.is_some()
}

/// Whether the tokens hold a yield of any form.
fn yields(tokens: &TokenStream) -> bool {
    let found = tokens::scan(tokens, &mut |(): &mut (), _, token| match token {
        TokenTree::Ident(ident) if names::is_yield_name(ident) => Step::Found(()),
        _ => Step::Enter,
    });
    found.is_some()
}
