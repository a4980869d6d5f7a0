//! `finally!` blocks protect the rest of their enclosing block.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Ident, Item, Stmt};

use super::Lowering;
use super::escape::{self, Jump};
use crate::foreign;
use crate::names;

pub(super) fn lower(block: &mut Block, lowering: &Lowering<'_>) -> syn::Result<()> {
    let mut pass = Regions {
        lowering,
        regions: 0,
        error: None,
    };
    pass.visit_block_mut(block);
    pass.error.map_or(Ok(()), Err)
}

struct Regions<'a, 'l> {
    lowering: &'a Lowering<'l>,
    regions: usize,
    error: Option<syn::Error>,
}

fn marker_index(stmts: &[Stmt]) -> Option<usize> {
    stmts.iter().rposition(|stmt| match stmt {
        Stmt::Expr(Expr::Block(block), None) => block
            .attrs
            .iter()
            .any(|attr| attr.path().is_ident(names::FINALLY_MARKER)),
        _ => false,
    })
}

impl Regions<'_, '_> {
    // Desugar
    // from:  { <before>; #[__asyncgen_finally] { <cleanup> } <rest> }
    // into:  { <before>;
    //          let __flow: Flow<_, Ret> = 'protectedN: { Flow::Normal({ <rest, exits rewritten> }) };
    //          { <cleanup> };                      (fallible: its failure weighed against __flow)
    //          let __flow = Co::leave_if_closing(&__co, __flow, <leave>);   (if it may await)
    //          match __flow { Normal(v) => v, Return(r) => return r, Jump(i) => <break/continue i> } }
    fn protect(&mut self, block: &mut Block, index: usize) -> syn::Result<()> {
        let rest = block.stmts.split_off(index + 1);
        let Some(Stmt::Expr(Expr::Block(cleanup), None)) = block.stmts.pop() else {
            unreachable!("marker_index found a marked block")
        };
        let mut cleanup = cleanup.block;
        let region = self.regions;
        self.regions += 1;
        let label = names::region_label(region);
        let mut rest = Block {
            brace_token: Default::default(),
            stmts: rest,
        };
        let jumps = escape::rewrite(&mut rest, &label, self.lowering)?;
        let krate = self.lowering.krate;
        let ret_ty = self.lowering.ret_ty;
        let flow = names::flow();
        let value = Ident::new("__asyncgen_value", Span::mixed_site());
        let may_await = foreign::find_await(&cleanup.to_token_stream()).is_some()
            || contains_macro_call(&cleanup.to_token_stream());
        let run_cleanup = if self.lowering.fallible {
            self.fallible_cleanup(&mut cleanup, region)?
        } else {
            quote!(#cleanup;)
        };
        let leave_check = may_await.then(|| {
            let co = names::co();
            let leave = self.lowering.leave_value();
            quote! {
                let #flow = #krate::__private::Co::leave_if_closing(&#co, #flow, #leave).await;
            }
        });
        let arms = jumps
            .iter()
            .enumerate()
            .map(|(index, jump): (usize, &Jump)| {
                let index = u32::try_from(index).expect("fewer than 2^32 jump targets");
                quote!(#krate::__private::Flow::Jump(#index) => #jump,)
            });
        let lowered = quote! {
            #[allow(unreachable_code, unused_labels)]
            let #flow: #krate::__private::Flow<_, #ret_ty> =
                #label: { #krate::__private::Flow::Normal(#rest) };
            #run_cleanup
            #leave_check
            match #flow {
                #krate::__private::Flow::Normal(#value) => #value,
                #krate::__private::Flow::Return(#value) => return #value,
                #(#arms)*
                #krate::__private::Flow::Jump(_) => ::core::unreachable!(),
            }
        };
        let stmts = syn::parse::Parser::parse2(Block::parse_within, lowered)?;
        block.stmts.extend(stmts);
        Ok(())
    }

    // Desugar (fallible bodies)
    // from:  { <cleanup> };
    // into:  let __failure: Ret = 'cleanupN: { { <cleanup, `?` => break 'cleanupN Err(e)> }; Ok(()) };
    //        let __flow = after_cleanup(__flow, __failure, |e| <report e: displaced>);
    //
    // The first error of an unwinding is the one returned; a later one is
    // reported through `tracing`, never dropped silently.
    fn fallible_cleanup(&self, cleanup: &mut Block, region: usize) -> syn::Result<TokenStream> {
        let label = names::cleanup_label(region);
        escape::rewrite_cleanup(cleanup, &label, self.lowering)?;
        let krate = self.lowering.krate;
        let ret_ty = self.lowering.ret_ty;
        let flow = names::flow();
        let failure = Ident::new("__asyncgen_failure", Span::mixed_site());
        let error = Ident::new("__asyncgen_error", Span::mixed_site());
        Ok(quote! {
            #[allow(unreachable_code, unused_labels)]
            let #failure: #ret_ty = #label: {
                #cleanup;
                ::core::result::Result::Ok(())
            };
            let #flow = #krate::__private::after_cleanup(#flow, #failure, |#error| {
                #[allow(unused_imports)]
                use #krate::__private::{ReportDebug as _, ReportOpaque as _};
                (&#krate::__private::Displaced(#error)).report();
            });
        })
    }
}

/// Whether the tokens call a macro (which may await inside its expansion).
fn contains_macro_call(tokens: &TokenStream) -> bool {
    let mut previous_is_ident = false;
    for token in tokens.clone() {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == '!' && previous_is_ident => return true,
            TokenTree::Group(group) if contains_macro_call(&group.stream()) => return true,
            _ => {}
        }
        previous_is_ident = matches!(token, TokenTree::Ident(_));
    }
    false
}

impl VisitMut for Regions<'_, '_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        // Inner blocks first, so their cleanups run before the outer ones.
        visit_mut::visit_block_mut(self, block);
        while let Some(index) = marker_index(&block.stmts) {
            if let Err(error) = self.protect(block, index) {
                match &mut self.error {
                    Some(first) => first.combine(error),
                    None => self.error = Some(error),
                }
                return;
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _item: &mut Item) {}
}
