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
}

impl Lowering<'_> {
    /// The value the body returns when it leaves, as an expression.
    pub(crate) fn leave_value(&self) -> TokenStream {
        if self.leave.is_empty() {
            quote::quote!(())
        } else {
            self.leave.clone()
        }
    }
}

pub(crate) fn body(block: &mut Block, lowering: &Lowering<'_>) -> syn::Result<()> {
    return_tail(block);
    suspend::lower(block, lowering)?;
    finally::lower(block, lowering)
}

// Desugar
// from:  { ..; <tail> }
// into:  { ..; return <tail>; }
//
// The body's value is its return value: written as a `return`, it travels
// through the `finally!` blocks as one, so a cleanup error cannot silently
// replace an error the body ended with.
fn return_tail(block: &mut Block) {
    if let Some(Stmt::Expr(tail, semi @ None)) = block.stmts.last_mut() {
        let value = std::mem::replace(tail, Expr::Verbatim(TokenStream::new()));
        *tail = syn::parse_quote!(return #value);
        *semi = Some(Default::default());
    }
}
