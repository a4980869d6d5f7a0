//! Other macros' calls inside a generator body.
//!
//! Their input is tokens the attribute cannot see into, except where it
//! parses as a comma-separated list of expressions (`println!`, `format!`,
//! `assert_eq!`, `vec!`...): those are lowered like the body and re-emitted.
//! For the rest, the scans below find what the lowering would have rewritten
//! (an await, an exit, one of our macros) so it is handled or rejected,
//! never passed through unseen.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Token};

use crate::names::Ours;

/// The call's input as expressions, if it parses as `expr, expr, ...`.
pub(crate) fn args(mac: &Macro) -> Option<Punctuated<Expr, Token![,]>> {
    mac.parse_body_with(Punctuated::parse_terminated).ok()
}

/// Replaces the call's input by the (rewritten) expressions.
pub(crate) fn set_args(mac: &mut Macro, args: &Punctuated<Expr, Token![,]>) {
    mac.tokens = args.to_token_stream();
}

/// Macros that never await: their calls need no handling.
const NEVER_AWAIT: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "concat",
    "dbg",
    "debug",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "error",
    "event",
    "file",
    "format",
    "format_args",
    "include",
    "include_bytes",
    "include_str",
    "info",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "pin",
    "print",
    "println",
    "stringify",
    "todo",
    "trace",
    "unimplemented",
    "unreachable",
    "vec",
    "warn",
    "write",
    "writeln",
];

/// Macros that await inside their own expansion, with no `.await` in their
/// input: `tokio::select!`, `futures::join!`...
const AWAIT_INSIDE: &[&str] = &["join", "pending", "select", "select_biased", "try_join"];

fn name(mac: &Macro) -> String {
    mac.path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

/// Whether the call is known never to await.
pub(crate) fn never_awaits(mac: &Macro) -> bool {
    NEVER_AWAIT.contains(&name(mac).as_str())
}

/// Whether the call is known to await in its expansion.
pub(crate) fn awaits_inside(mac: &Macro) -> bool {
    AWAIT_INSIDE.contains(&name(mac).as_str())
}

/// The span of the first `.await` in the tokens, outside `async` blocks
/// (which are futures of their own).
/// Whether the tokens call a macro (which may await inside its expansion).
pub(crate) fn calls_macro(tokens: &TokenStream) -> bool {
    let mut previous_is_ident = false;
    for token in tokens.clone() {
        match &token {
            TokenTree::Punct(bang) if bang.as_char() == '!' && previous_is_ident => return true,
            TokenTree::Group(group) if calls_macro(&group.stream()) => return true,
            _ => {}
        }
        previous_is_ident = matches!(token, TokenTree::Ident(_));
    }
    false
}

pub(crate) fn find_await(tokens: &TokenStream) -> Option<Span> {
    let mut previous: Option<TokenTree> = None;
    let mut after_async = false;
    for token in tokens.clone() {
        match (&previous, &token) {
            (Some(TokenTree::Punct(dot)), TokenTree::Ident(ident))
                if dot.as_char() == '.' && ident == "await" =>
            {
                return Some(ident.span());
            }
            (_, TokenTree::Ident(ident)) if ident == "async" => after_async = true,
            (_, TokenTree::Ident(ident)) if ident == "move" && after_async => {}
            (_, TokenTree::Group(group)) => {
                if !after_async {
                    if let Some(found) = find_await(&group.stream()) {
                        return Some(found);
                    }
                }
                after_async = false;
            }
            _ => after_async = false,
        }
        previous = Some(token);
    }
    None
}

/// The span of the first `?`, `return`, `break` or `continue` in the tokens.
pub(crate) fn find_exit(tokens: &TokenStream) -> Option<Span> {
    find(tokens, &mut |_, token| match token {
        TokenTree::Punct(punct) if punct.as_char() == '?' => Some(punct.span()),
        TokenTree::Ident(ident) if ident == "return" || ident == "break" || ident == "continue" => {
            Some(ident.span())
        }
        _ => None,
    })
}

/// The first call of one of our macros in the tokens.
pub(crate) fn find_ours(tokens: &TokenStream) -> Option<(Span, Ours)> {
    find(tokens, &mut |previous, token| match (previous, token) {
        (Some(TokenTree::Ident(ident)), TokenTree::Punct(bang)) if bang.as_char() == '!' => {
            Ours::from_name(ident).map(|ours| (ident.span(), ours))
        }
        _ => None,
    })
}

fn find<T>(
    tokens: &TokenStream,
    matches: &mut impl FnMut(Option<&TokenTree>, &TokenTree) -> Option<T>,
) -> Option<T> {
    let mut previous = None;
    for token in tokens.clone() {
        if let Some(found) = matches(previous.as_ref(), &token) {
            return Some(found);
        }
        if let TokenTree::Group(group) = &token {
            if let Some(found) = find(&group.stream(), matches) {
                return Some(found);
            }
        }
        previous = Some(token);
    }
    None
}
