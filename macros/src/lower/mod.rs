//! Rewrites a validated generator body into plain async Rust.
//!
//! Two passes, in this order:
//!
//! 1. [`suspend`]: every `yield_!`/`yield` and every `.await` outside
//!    `finally!` becomes a suspension that returns from the body when the
//!    generator is leaving; `finally!` statements become marked blocks.
//! 2. [`finally`]: each marked block splits its enclosing block into a
//!    protected rest and a cleanup that runs on every exit of that rest
//!    ([`escape`] rewrites the exits).
//!
//! The first pass produces `return`s that the second turns into exits
//! through the cleanups, so a close unwinds exactly like a `return` at the
//! suspension point.

mod build;
mod escape;
mod finally;
mod suspend;

use proc_macro2::TokenStream;
use syn::{Block, Expr, Stmt, Type};

/// What the lowering needs to know about the generator.
pub(crate) struct Lowering<'a> {
    /// The path of the `asyncgen` crate.
    pub(crate) krate: &'a TokenStream,
    /// The body's return type.
    pub(crate) ret_ty: &'a Type,
    /// The type given by `yield = T`.
    pub(crate) yield_ty: &'a Type,
    /// The value the body returns when it leaves (`()` or `Ok(())`).
    pub(crate) leave: &'a TokenStream,
    /// Whether `?` returns an error the body propagates.
    pub(crate) fallible: bool,
    /// An `#[acmgr]` body: its one yield resolves to the scope's outcome.
    pub(crate) acmgr: bool,
    /// The body has cleanup (`finally!`, `own!`, `yield_from!`): yields and
    /// awaits must notice the leave signal. Without, leaving is dropping the
    /// body, and they need not.
    pub(crate) cleanup: bool,
}

impl Lowering<'_> {
    /// What a suspension that gives up returns: `return` or
    /// `return ::core::result::Result::Ok(())`.
    fn leave_return(&self) -> Expr {
        let value = (!self.leave.is_empty()).then(|| {
            let ok = build::core_path(&["result", "Result", "Ok"], proc_macro2::Span::call_site());
            build::call(ok, [build::unit()])
        });
        build::return_expr(value)
    }

    /// The value the body returns when it leaves, as an expression.
    pub(crate) fn leave_value(&self) -> TokenStream {
        if self.leave.is_empty() {
            quote::quote!(())
        } else {
            self.leave.clone()
        }
    }
}

/// Lowers the body; returns whether it has sections (another macro's calls
/// whose awaits could not be wrapped, where no cleanup is pending).
pub(crate) fn body(block: &mut Block, lowering: &Lowering<'_>) -> syn::Result<bool> {
    return_tail(block, lowering.ret_ty);
    let sections = suspend::lower(block, lowering)?;
    finally::lower(block, lowering)?;
    Ok(sections)
}

// Desugar
// from:  { ..; <tail> }
// into:  { ..; let __tail: Ret = <tail>; return __tail; }
//
// The body's value is its return value: written as a `return`, it travels
// through the `finally!` blocks as one, so a cleanup error cannot silently
// replace an error the body ended with. Typed first, so that a tail of the
// wrong type (a missing `;`) is reported on the user's expression rather
// than as the async block's inferred return type, at the attribute. An
// attributed tail (`#[allow(..)] { .. }`) stays in statement position,
// inside a block: attributes on an expression operand are unstable.
fn return_tail(block: &mut Block, ret_ty: &syn::Type) {
    use syn::spanned::Spanned;
    if let Some(Stmt::Expr(tail, None)) = block.stmts.last() {
        let value = tail.clone();
        let span = value.span();
        let name = crate::names::tail();
        let typed: Stmt = if has_attrs(&value) {
            syn::parse_quote_spanned!(span=> #[allow(unused_braces)] let #name: #ret_ty = { #value };)
        } else {
            syn::parse_quote_spanned!(span=> let #name: #ret_ty = #value;)
        };
        block.stmts.pop();
        block.stmts.push(typed);
        block
            .stmts
            .push(syn::parse_quote_spanned!(span=> return #name;));
    }
}

fn has_attrs(expr: &Expr) -> bool {
    use quote::ToTokens;
    // An expression's own outer attributes come first in its tokens.
    matches!(
        expr.to_token_stream().into_iter().next(),
        Some(proc_macro2::TokenTree::Punct(punct)) if punct.as_char() == '#'
    )
}

/// Whether a body has cleanup to run when it is left: a `finally!`, `own!`
/// or delegation anywhere in it (a nested item's count too: harmless).
pub(crate) fn has_cleanup(block: &Block) -> bool {
    use crate::names::CrateMacro;
    use crate::tokens::{self, Step};
    use quote::ToTokens;
    let found = tokens::scan(
        &block.to_token_stream(),
        &mut |(): &mut (), previous, token| {
            let ours = tokens::called(previous, token).and_then(CrateMacro::from_name);
            match ours {
                Some(
                    CrateMacro::Finally
                    | CrateMacro::Own
                    | CrateMacro::YieldFrom
                    | CrateMacro::TryYieldFrom,
                ) => Step::Found(()),
                _ => Step::Enter,
            }
        },
    );
    found.is_some()
}

/// Whether a lowered statement is a `finally!` marker.
fn is_marker(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::Expr(Expr::Block(block), None) => {
            block.attrs.iter().any(crate::names::is_finally_marker)
        }
        _ => false,
    }
}
