//! `tokio::select!`, `futures::select!` and `select_biased!`: the arms'
//! handlers run in the body itself, after the select has polled its
//! futures, so they may `yield_!`, await and exit like body code.
//!
//! ```text
//! select! { [biased;] <pat> = <future> [, if <cond>] => <handler>, .. [else|complete|default => <handler>] }
//! ```
//!
//! The input is split into the handlers (expressions the lowering rewrites)
//! and the tokens around them (patterns, futures, preconditions), which it
//! leaves as written.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::parse::{ParseStream, Parser};
use syn::{Expr, Macro, Pat, Token};

use super::{Args, Part};

/// Whether the call is one of the selects whose arms this module knows.
pub(crate) fn is_select(mac: &Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "select" || segment.ident == "select_biased")
}

/// The select's input as handlers and the tokens around them; `None` if it
/// does not parse as a select's arms.
pub(crate) fn args(mac: &Macro) -> Option<Args> {
    let parts = (|input: ParseStream| parse_arms(input))
        .parse2(mac.tokens.clone())
        .ok()?;
    // After `biased;`, the first part when there is one.
    let biased = input_is_biased(&mac.tokens);
    Some(Args {
        parts,
        arms_start: Some(usize::from(biased)),
    })
}

fn input_is_biased(tokens: &TokenStream) -> bool {
    let mut tokens = tokens.clone().into_iter();
    matches!(
        (tokens.next(), tokens.next()),
        (Some(proc_macro2::TokenTree::Ident(ident)), Some(proc_macro2::TokenTree::Punct(semi)))
            if ident == "biased" && semi.as_char() == ';'
    )
}

fn parse_arms(input: ParseStream) -> syn::Result<Vec<Part>> {
    let mut parts = Vec::new();
    if input.peek(syn::Ident) && input.peek2(Token![;]) {
        let fork = input.fork();
        let ident: syn::Ident = fork.parse()?;
        if ident == "biased" {
            let ident: syn::Ident = input.parse()?;
            let semi: Token![;] = input.parse()?;
            parts.push(Part::Tokens(quote::quote!(#ident #semi)));
        }
    }
    while !input.is_empty() {
        let mut head = TokenStream::new();
        let is_keyword_arm = input.peek(syn::Ident) && input.peek2(Token![=>]) && {
            let fork = input.fork();
            let ident: syn::Ident = fork.parse()?;
            ident == "else" || ident == "complete" || ident == "default"
        };
        if is_keyword_arm || input.peek(Token![else]) {
            let keyword: proc_macro2::TokenTree = input.parse()?;
            head.extend([keyword]);
        } else {
            let pat = Pat::parse_multi_with_leading_vert(input)?;
            let eq: Token![=] = input.parse()?;
            let future: Expr = input.parse()?;
            pat.to_tokens(&mut head);
            eq.to_tokens(&mut head);
            future.to_tokens(&mut head);
            if input.peek(Token![,]) && input.peek2(Token![if]) {
                let comma: Token![,] = input.parse()?;
                let if_token: Token![if] = input.parse()?;
                let condition: Expr = input.parse()?;
                comma.to_tokens(&mut head);
                if_token.to_tokens(&mut head);
                condition.to_tokens(&mut head);
            }
        }
        let arrow: Token![=>] = input.parse()?;
        arrow.to_tokens(&mut head);
        parts.push(Part::Tokens(head));
        let block_like = input.peek(syn::token::Brace);
        let handler: Expr = input.parse()?;
        parts.push(Part::Expr(handler));
        if input.peek(Token![,]) {
            let comma: Token![,] = input.parse()?;
            parts.push(Part::Tokens(comma.to_token_stream()));
        } else if !input.is_empty() && !block_like {
            return Err(input.error("expected `,` after a select arm"));
        }
    }
    Ok(parts)
}
