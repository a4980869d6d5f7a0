//! Yields and awaits become suspensions that notice a close.

use quote::quote_spanned;
use syn::spanned::Spanned;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Item, Macro, Stmt, parse_quote};

use super::Lowering;
use crate::names::{self, Ours, classify};

pub(super) fn lower(block: &mut Block, lowering: &Lowering<'_>) -> syn::Result<()> {
    let mut pass = Suspend {
        lowering,
        in_finally: false,
        error: None,
    };
    pass.visit_block_mut(block);
    pass.error.map_or(Ok(()), Err)
}

struct Suspend<'a, 'l> {
    lowering: &'a Lowering<'l>,
    /// Inside `finally!`: awaits run to completion (not abandoned by close).
    in_finally: bool,
    error: Option<syn::Error>,
}

impl Suspend<'_, '_> {
    fn fail(&mut self, error: syn::Error) {
        match &mut self.error {
            Some(first) => first.combine(error),
            None => self.error = Some(error),
        }
    }

    // Desugar
    // from:  yield_!(<e>)
    // into:  match Co::yield_(&__co, <e>).await { Some(()) => (), None => return <leave> }
    fn yield_expr(&mut self, mut value: Expr, span: proc_macro2::Span) -> Expr {
        self.visit_expr_mut(&mut value);
        let krate = self.lowering.krate;
        let leave = self.lowering.leave;
        let co = names::co();
        // The user's span, so "future is not `Send`" points at the yield.
        let yielded = quote_spanned!(span=> #krate::__private::Co::yield_(&#co, #value).await);
        parse_quote! {
            match #yielded {
                ::core::option::Option::Some(()) => (),
                ::core::option::Option::None => return #leave,
            }
        }
    }

    // Desugar
    // from:  <e>.await
    // into:  match Co::unless_leaving(&__co, <e>).await { Some(v) => v, None => return <leave> }
    fn await_expr(&self, base: &Expr, await_span: proc_macro2::Span) -> Expr {
        let krate = self.lowering.krate;
        let leave = self.lowering.leave;
        let co = names::co();
        let value = proc_macro2::Ident::new("__asyncgen_value", proc_macro2::Span::mixed_site());
        let awaited =
            quote_spanned!(await_span=> #krate::__private::Co::unless_leaving(&#co, #base).await);
        parse_quote! {
            match #awaited {
                ::core::option::Option::Some(#value) => #value,
                ::core::option::Option::None => return #leave,
            }
        }
    }

    // Desugar
    // from:  finally! { <stmts> }
    // into:  #[__asyncgen_finally] { <stmts> }   (a marker for the next pass)
    fn finally_marker(&mut self, mac: &Macro) -> Stmt {
        let stmts = match mac.parse_body_with(Block::parse_within) {
            Ok(stmts) => stmts,
            Err(error) => {
                self.fail(error);
                Vec::new()
            }
        };
        let mut cleanup = Block {
            brace_token: Default::default(),
            stmts,
        };
        let was_in_finally = std::mem::replace(&mut self.in_finally, true);
        self.visit_block_mut(&mut cleanup);
        self.in_finally = was_in_finally;
        let marker = proc_macro2::Ident::new(names::FINALLY_MARKER, proc_macro2::Span::call_site());
        Stmt::Expr(parse_quote!(#[#marker] #cleanup), None)
    }

    fn macro_stmt(&mut self, mac: &Macro, semi: Option<syn::Token![;]>) -> Option<Stmt> {
        match classify(mac)? {
            Ours::Finally => Some(self.finally_marker(mac)),
            Ours::Yield => {
                let value = self.parse_yield(mac);
                let expr = self.yield_expr(value, mac.span());
                Some(Stmt::Expr(expr, semi))
            }
        }
    }

    fn parse_yield(&mut self, mac: &Macro) -> Expr {
        mac.parse_body::<Expr>().unwrap_or_else(|error| {
            self.fail(error);
            parse_quote!(())
        })
    }
}

impl VisitMut for Suspend<'_, '_> {
    fn visit_stmt_mut(&mut self, stmt: &mut Stmt) {
        let replacement = match stmt {
            Stmt::Macro(inner) => self.macro_stmt(&inner.mac.clone(), inner.semi_token),
            Stmt::Expr(Expr::Macro(inner), semi) => self.macro_stmt(&inner.mac.clone(), *semi),
            _ => None,
        };
        match replacement {
            Some(replacement) => *stmt = replacement,
            None => visit_mut::visit_stmt_mut(self, stmt),
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            // Separate functions and futures: not part of the generator.
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Macro(inner) if classify(&inner.mac) == Some(Ours::Yield) => {
                let mac = inner.mac.clone();
                let value = self.parse_yield(&mac);
                *expr = self.yield_expr(value, mac.span());
            }
            Expr::Yield(inner) => {
                let span = inner.yield_token.span;
                let value = inner
                    .expr
                    .take()
                    .map_or_else(|| parse_quote!(()), |value| *value);
                *expr = self.yield_expr(value, span);
            }
            Expr::Await(inner) if !self.in_finally => {
                self.visit_expr_mut(&mut inner.base);
                *expr = self.await_expr(&inner.base, inner.await_token.span);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _item: &mut Item) {}
}
