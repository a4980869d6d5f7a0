//! `finally!` blocks protect the rest of their enclosing block.

use quote::quote;
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Item, Stmt};

use super::Lowering;
use super::escape::{self, Jump};
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
    //          { <cleanup> };
    //          match __flow { Normal(v) => v, Return(r) => return r, Jump(i) => <break/continue i> } }
    fn protect(&mut self, block: &mut Block, index: usize) -> syn::Result<()> {
        let rest = block.stmts.split_off(index + 1);
        let Some(Stmt::Expr(Expr::Block(cleanup), None)) = block.stmts.pop() else {
            unreachable!("marker_index found a marked block")
        };
        let cleanup = cleanup.block;
        let label = names::region_label(self.regions);
        self.regions += 1;
        let mut rest = Block {
            brace_token: Default::default(),
            stmts: rest,
        };
        let jumps = escape::rewrite(&mut rest, &label, self.lowering)?;
        let krate = self.lowering.krate;
        let ret_ty = self.lowering.ret_ty;
        let flow = escape::flow();
        let value = syn::Ident::new("__asyncgen_value", proc_macro2::Span::mixed_site());
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
            #cleanup;
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
