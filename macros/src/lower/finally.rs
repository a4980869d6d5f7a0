//! `finally!` blocks protect the rest of their enclosing block.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, ExprBlock, Ident, Item, Stmt};

use super::escape::{self, Jump};
use super::{Lowering, build};
use crate::errors::Errors;
use crate::names::{self, CLEANUP_HOLE, PROTECTED_HOLE, hole};

pub(super) fn lower(block: &mut Block, lowering: &Lowering<'_>) -> syn::Result<()> {
    let mut pass = Regions {
        krate: syn::parse2(lowering.krate.clone())?,
        lowering,
        regions: 0,
        // The body initializes `let __asyncgen_ret: Ret = <body>;`.
        block_ty: Some(lowering.ret_ty.to_token_stream()),
        body_level: true,
        errors: Errors::default(),
    };
    pass.visit_block_mut(block);
    pass.errors.finish(())
}

struct Regions<'a, 'l> {
    /// `lowering.krate`, parsed once.
    krate: syn::Path,
    lowering: &'a Lowering<'l>,
    regions: usize,
    /// The type of the next block visited, where its context fixes it.
    block_ty: Option<TokenStream>,
    /// Whether the next block visited is the body's own: its value is what
    /// the body returns.
    body_level: bool,
    errors: Errors,
}

impl Regions<'_, '_> {
    // Desugar
    // from:  { <before>; #[__asyncgen_finally] { <cleanup> } <rest> }
    // into:  { <before>;
    //          let __flow: Flow<V, Ret> = 'protectedN: { Flow::Normal({ <rest, exits rewritten> }) };
    //          { <cleanup> };                      (fallible: its failure weighed against __flow)
    //          let __flow = leave_if_closing(__flow, <leave>).await;   (if it may await)
    //          match __flow { Normal(v) => v, Return(r) => return r, Jump(i) => <break/continue i> } }
    //
    // The rest, lowered already (its own regions included), goes into the
    // output as tokens (`Expr::Verbatim`), never parsed nor walked again: a
    // block with N `finally!` blocks nests N regions, and a syn tree that
    // deep was walked again by every enclosing region (quadratic) and
    // overflowed the stack in syn's recursive parser (issue 8). Nothing in
    // it leaves it but `break 'protectedN`, so the enclosing regions have
    // nothing to rewrite there; the cleanup and the `match` stay syn nodes,
    // whose returns and jumps they do rewrite.
    //
    // V is the block's type where its context fixes it (the body's `Ret`, a
    // loop body's `()`), which rustc would infer anyway; else `_`. The
    // regions of a block share that variable, unknown until the innermost
    // rest is checked, and rustc reprocesses the obligations waiting on it
    // at every step: 1,000 `finally!` blocks in a loop took 13 s to check
    // with `_`, 4 s named.
    fn protect(
        &mut self,
        block: &mut Block,
        index: usize,
        block_ty: Option<&TokenStream>,
        body_level: bool,
    ) -> syn::Result<()> {
        let Marked {
            outcome,
            user_attrs,
            mut cleanup,
            mut rest,
        } = split_at_marker(block, index);
        let region = self.regions;
        self.regions += 1;
        let label = names::region_label(region);
        let jumps = escape::rewrite(&mut rest, &label, self.lowering)?;
        let may_await = build::block_may_suspend(&cleanup);
        let weighed_cleanup = if self.lowering.fallible {
            self.fallible_cleanup(&mut cleanup, region)?
        } else {
            None
        };
        if outcome.is_none() && weighed_cleanup.is_none() {
            // The common form, built as nodes (see `build`).
            let protected = self.protected(&label, rest);
            let cleanup = Expr::Block(ExprBlock {
                attrs: user_attrs,
                label: None,
                block: cleanup,
            });
            block.stmts.extend(self.lowered(
                value_ty_of(block_ty),
                protected,
                cleanup,
                may_await,
                &jumps,
            )?);
            return Ok(());
        }
        let tell_outcome = outcome.map(|pattern| {
            let tell = self.tell_outcome(pattern, body_level);
            quote!(#(#user_attrs)* #tell)
        });
        let lowered = self.template(block_ty, tell_outcome, weighed_cleanup, may_await, &jumps);
        let protected = self.protected(&label, rest);
        block
            .stmts
            .extend(fill(lowered, protected, cleanup, user_attrs)?);
        Ok(())
    }

    // The general form of `protect`'s desugaring, as a template whose holes
    // `fill` fills: with the outcome told (`tell_outcome`), a fallible
    // cleanup weighed against the flow (`weighed_cleanup`), or both.
    fn template(
        &self,
        block_ty: Option<&TokenStream>,
        tell_outcome: Option<TokenStream>,
        weighed_cleanup: Option<TokenStream>,
        may_await: bool,
        jumps: &[Jump],
    ) -> TokenStream {
        let krate = self.lowering.krate;
        let ret_ty = self.lowering.ret_ty;
        let flow = names::flow();
        let value = names::value();
        let value_ty = block_ty.map_or_else(|| quote!(_), Clone::clone);
        let run_cleanup = weighed_cleanup.unwrap_or_else(|| {
            let cleanup_hole = hole(CLEANUP_HOLE);
            quote!(#cleanup_hole;)
        });
        let leave_check = may_await.then(|| {
            let leave = self.lowering.leave_value();
            quote! {
                let #flow = #krate::__private::leave_if_closing(#flow, #leave).await;
            }
        });
        let arms = self.jump_arms(jumps);
        let protected_hole = hole(PROTECTED_HOLE);
        quote! {
            #[allow(unreachable_code, unused_labels)]
            let #flow: #krate::__private::Flow<#value_ty, #ret_ty> = #protected_hole;
            #tell_outcome
            #run_cleanup
            #leave_check
            match #flow {
                #krate::__private::Flow::Normal(#value) => #value,
                #krate::__private::Flow::Return(#value) => return #value,
                #(#arms)*
                #krate::__private::Flow::Jump(_) => ::core::unreachable!(),
            }
        }
    }

    // Desugar
    // from:  <rest> = { <stmts>; match __flow { .. } }   (ends in a nested region's dispatch)
    // into:  identity('protectedN: { <stmts>; Flow::Normal(match __flow { .. }) })
    // else:  'protectedN: { Flow::Normal({ <rest> }) }
    //
    // Consecutive `finally!` blocks nest: the rest of one ends in the next
    // one's dispatch. rustc 1.95 recurses once per level in its parser
    // (which grows its stack inside a call's arguments, not for a block in
    // a block: ~1,000 levels of bare blocks overflow it) and in its name
    // resolution (which never grows it, and overflowed 8 MiB at ~1,240
    // levels of the general form: two blocks and a call each). One call
    // around one block per level compiles 2,000 levels. Same types (a
    // tail's type is its block's; `identity` passes its argument's) and
    // drops (the locals still drop at the end of the protected block;
    // building the `Flow` runs nothing; the dispatch's scrutinee is a place,
    // no temporary). A user's tail keeps the general form, where its
    // attributes (`#[cfg]`) apply as written.
    fn protected(&self, label: &syn::Lifetime, mut rest: Block) -> TokenStream {
        let krate = self.lowering.krate;
        if rest.stmts.last().is_some_and(is_dispatch) {
            if let Some(Stmt::Expr(tail, None)) = rest.stmts.pop() {
                let stmts = &rest.stmts;
                return quote! {
                    ::core::convert::identity(
                        #label: { #(#stmts)* #krate::__private::Flow::Normal(#tail) }
                    )
                };
            }
        }
        quote!(#label: { #krate::__private::Flow::Normal(#rest) })
    }

    // Desugar
    // from:  finally!(|<pat>| ..)
    // into:  let <pat> = region_outcome(<whether __flow carries an error>).await;
    //
    // A ready future: it reads the poll's leave flag (close, drop,
    // cancellation: `Cancelled`) from the frame; the flow tells `Failed`
    // from `Completed`. In the body's own block, falling off the end with
    // `Err(e)` is failing too.
    fn tell_outcome(&self, pattern: TokenStream, body_level: bool) -> TokenStream {
        let krate = self.lowering.krate;
        let flow = names::flow();
        let failed = match (self.lowering.fallible, body_level) {
            (false, _) => quote!(false),
            (true, true) => quote!(#krate::__private::ends_in_error(&#flow)),
            (true, false) => quote!(#krate::__private::returns_error(&#flow)),
        };
        quote!(let #pattern = #krate::__private::region_outcome(#failed).await;)
    }

    // Desugar
    // from:  `break 'outer` (the ith jump out of the protected block)
    // into:  Flow::Jump(i) => break 'outer,
    fn jump_arms(&self, jumps: &[Jump]) -> Vec<TokenStream> {
        let krate = self.lowering.krate;
        let arms = jumps.iter().enumerate().map(|(index, jump)| {
            let index = u32::try_from(index).expect("fewer than 2^32 jump targets");
            quote!(#krate::__private::Flow::Jump(#index) => #jump,)
        });
        arms.collect()
    }

    // Desugar (fallible bodies)
    // from:  { <cleanup> };
    // into:  let __failure: Ret = 'cleanupN: { { <cleanup, `?` => break 'cleanupN Err(e)> }; Ok(()) };
    //        let __flow = after_cleanup(__flow, __failure, |e| <report e: displaced>);
    // or, for a cleanup with no `?` nor `return` (it cannot fail):
    //        { <cleanup> };
    //
    // The first error of an unwinding is the one returned; a later one is
    // reported through `tracing`, never dropped silently.
    fn fallible_cleanup(
        &self,
        cleanup: &mut Block,
        region: usize,
    ) -> syn::Result<Option<TokenStream>> {
        let label = names::cleanup_label(region);
        let cleanup_hole = hole(CLEANUP_HOLE);
        if !escape::rewrite_cleanup(cleanup, &label, self.lowering)? {
            return Ok(None);
        }
        let krate = self.lowering.krate;
        let ret_ty = self.lowering.ret_ty;
        let flow = names::flow();
        let failure = names::failure();
        let error = names::error();
        Ok(Some(quote! {
            #[allow(unreachable_code, unused_labels)]
            let #failure: #ret_ty = #label: {
                #cleanup_hole;
                ::core::result::Result::Ok(())
            };
            let #flow = #krate::__private::after_cleanup(#flow, #failure, |#error| {
                #[allow(unused_imports)]
                use #krate::__private::{ReportDebug as _, ReportOpaque as _};
                (&#krate::__private::Displaced(#error)).report();
            });
        }))
    }

    // Desugar (what `protect` emits, built as nodes)
    //        #[allow(unreachable_code, unused_labels)]
    //        let __flow: Flow<V, Ret> = <protected>;
    //        <cleanup>;
    //        let __flow = leave_if_closing(__flow, <leave>).await;     (if it may await)
    //        match __flow { Normal(v) => v, Return(v) => return v, <jumps>, Jump(_) => unreachable!() }
    fn lowered(
        &self,
        value_ty: syn::Type,
        protected: TokenStream,
        cleanup: Expr,
        may_await: bool,
        jumps: &[Jump],
    ) -> syn::Result<Vec<Stmt>> {
        let span = Span::call_site();
        let flow = names::flow();
        let mut declare = build::let_stmt(
            build::typed_pat(build::bind(flow.clone()), self.flow_type(value_ty), span),
            Expr::Verbatim(protected),
            span,
        );
        if let Stmt::Local(local) = &mut declare {
            local.attrs.push(allow_unreachable());
        }
        let mut stmts = vec![declare, Stmt::Expr(cleanup, Some(Default::default()))];
        if may_await {
            stmts.push(self.leave_check());
        }
        stmts.push(Stmt::Expr(self.dispatch(jumps)?, None));
        Ok(stmts)
    }

    /// `<krate>::__private::Flow<<value_ty>, Ret>`.
    fn flow_type(&self, value_ty: syn::Type) -> syn::Type {
        let mut flow_ty = self.private_path(&["Flow"]);
        if let Some(last) = flow_ty.segments.last_mut() {
            let mut args = syn::punctuated::Punctuated::new();
            args.push(syn::GenericArgument::Type(value_ty));
            args.push(syn::GenericArgument::Type(self.lowering.ret_ty.clone()));
            last.arguments =
                syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
                    colon2_token: None,
                    lt_token: Default::default(),
                    args,
                    gt_token: Default::default(),
                });
        }
        syn::Type::Path(syn::TypePath {
            attrs: Vec::new(),
            qself: None,
            path: flow_ty,
        })
    }

    /// `let __flow = leave_if_closing(__flow, <leave>).await;`
    fn leave_check(&self) -> Stmt {
        let span = Span::call_site();
        let flow = names::flow();
        let leave = if self.lowering.leave.is_empty() {
            build::unit()
        } else {
            build::call(
                build::core_path(&["result", "Result", "Ok"], span),
                [build::unit()],
            )
        };
        let check = build::call(
            self.private_path(&["leave_if_closing"]),
            [build::local(flow.clone()), leave],
        );
        build::let_stmt(build::bind(flow), build::await_expr(check, span), span)
    }

    /// `match __flow { Normal(v) => v, Return(v) => return v, <jumps>,
    /// Jump(_) => unreachable!() }`.
    fn dispatch(&self, jumps: &[Jump]) -> syn::Result<Expr> {
        let span = Span::call_site();
        let value = names::value();
        let variant = |name: &str| self.private_path(&["Flow", name]);
        let mut arms = vec![
            build::arm(
                build::tuple_pat(variant("Normal"), build::bind(value.clone())),
                build::local(value.clone()),
            ),
            build::arm(
                build::tuple_pat(variant("Return"), build::bind(value.clone())),
                build::return_expr(Some(build::local(value))),
            ),
        ];
        for (index, jump) in jumps.iter().enumerate() {
            let index = u32::try_from(index).expect("fewer than 2^32 jump targets");
            let index = syn::Pat::Lit(syn::ExprLit {
                attrs: Vec::new(),
                lit: syn::Lit::Int(syn::LitInt::new(&format!("{index}u32"), span)),
            });
            arms.push(build::arm(
                build::tuple_pat(variant("Jump"), index),
                syn::parse2(jump.to_token_stream())?,
            ));
        }
        let unreachable = Expr::Macro(syn::ExprMacro {
            attrs: Vec::new(),
            mac: syn::Macro {
                path: build::core_path(&["unreachable"], span),
                bang_token: Default::default(),
                delimiter: syn::MacroDelimiter::Paren(Default::default()),
                tokens: TokenStream::new(),
            },
        });
        let wild = syn::Pat::Wild(syn::PatWild {
            attrs: Vec::new(),
            underscore_token: Default::default(),
        });
        arms.push(build::arm(
            build::tuple_pat(variant("Jump"), wild),
            unreachable,
        ));
        Ok(build::match_expr(build::local(names::flow()), arms))
    }

    /// `<krate>::__private::<rest>`.
    fn private_path(&self, rest: &[&str]) -> syn::Path {
        let span = Span::call_site();
        build::join(
            build::join(self.krate.clone(), &["__private"], span),
            rest,
            span,
        )
    }
}

/// A block taken apart at its last `finally!` marker.
struct Marked {
    /// The parameter of `finally!(|<pat>| ..)`.
    outcome: Option<TokenStream>,
    /// The user's attributes on `finally!` (`#[cfg(..)]`): they apply to the
    /// cleanup and to the outcome it is told.
    user_attrs: Vec<syn::Attribute>,
    cleanup: Block,
    /// The statements after the marker, which it protects.
    rest: Block,
}

/// Takes the marked block at `index` and the statements after it out of
/// `block`.
fn split_at_marker(block: &mut Block, index: usize) -> Marked {
    let rest = block.stmts.split_off(index + 1);
    let Some(Stmt::Expr(Expr::Block(cleanup), None)) = block.stmts.pop() else {
        unreachable!("`is_marker` found a marked block")
    };
    let outcome = outcome_pattern(&cleanup.attrs);
    let user_attrs = cleanup
        .attrs
        .iter()
        .filter(|attr| !names::is_finally_marker(attr))
        .cloned()
        .collect();
    Marked {
        outcome,
        user_attrs,
        cleanup: cleanup.block,
        rest: Block {
            brace_token: Default::default(),
            stmts: rest,
        },
    }
}

/// `#[allow(unreachable_code, unused_labels)]`.
fn allow_unreachable() -> syn::Attribute {
    let span = Span::call_site();
    syn::Attribute {
        pound_token: Default::default(),
        style: syn::AttrStyle::Outer,
        bracket_token: Default::default(),
        meta: syn::Meta::List(syn::MetaList {
            path: syn::Path::from(Ident::new("allow", span)),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens: quote!(unreachable_code, unused_labels),
        }),
    }
}

/// The type `V` of a region's `Flow<V, Ret>`: its block's, or `_`.
fn value_ty_of(block_ty: Option<&TokenStream>) -> syn::Type {
    match block_ty.map(|ty| syn::parse2(ty.clone())) {
        Some(Ok(ty)) => ty,
        _ => syn::Type::Infer(syn::TypeInfer {
            attrs: Vec::new(),
            underscore_token: Default::default(),
        }),
    }
}

/// The parameter of `finally!(|<pat>| ..)`, kept in its marker's arguments.
fn outcome_pattern(attrs: &[syn::Attribute]) -> Option<TokenStream> {
    let mut markers = attrs.iter().filter(|attr| names::is_finally_marker(attr));
    markers.find_map(|attr| match &attr.meta {
        syn::Meta::List(list) => Some(list.tokens.clone()),
        _ => None,
    })
}

/// Whether `stmt` is the `match` that ends a region's lowering (as a tail).
fn is_dispatch(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::Match(dispatch), None) = stmt else {
        return false;
    };
    let Expr::Path(scrutinee) = &*dispatch.expr else {
        return false;
    };
    dispatch.attrs.is_empty() && scrutinee.path.is_ident(&names::flow())
}

/// Parses `template` (small: no user code but the signature's types) and
/// fills its holes: `protected` as tokens, the cleanup as a syn block, so
/// the region around this one still rewrites the returns its nested
/// `finally!` dispatches.
fn fill(
    template: TokenStream,
    protected: TokenStream,
    cleanup: Block,
    cleanup_attrs: Vec<syn::Attribute>,
) -> syn::Result<Vec<Stmt>> {
    let mut stmts = syn::parse::Parser::parse2(Block::parse_within, template)?;
    let mut holes = Holes {
        protected: Some(Expr::Verbatim(protected)),
        cleanup: Some(Expr::Block(ExprBlock {
            attrs: cleanup_attrs,
            label: None,
            block: cleanup,
        })),
    };
    for stmt in &mut stmts {
        holes.visit_stmt_mut(stmt);
    }
    assert!(
        holes.protected.is_none() && holes.cleanup.is_none(),
        "the template has both holes"
    );
    Ok(stmts)
}

struct Holes {
    protected: Option<Expr>,
    cleanup: Option<Expr>,
}

impl VisitMut for Holes {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        let filling = match expr {
            Expr::Path(path) if path.path.is_ident(PROTECTED_HOLE) => self.protected.take(),
            Expr::Path(path) if path.path.is_ident(CLEANUP_HOLE) => self.cleanup.take(),
            _ => None,
        };
        match filling {
            // Not walked: it is lowered already.
            Some(filling) => *expr = filling,
            None => visit_mut::visit_expr_mut(self, expr),
        }
    }
}

impl VisitMut for Regions<'_, '_> {
    fn visit_block_mut(&mut self, block: &mut Block) {
        // Taken before the blocks inside, which have types of their own.
        let block_ty = self.block_ty.take();
        let body_level = std::mem::take(&mut self.body_level);
        // Inner blocks first, so their cleanups run before the outer ones.
        visit_mut::visit_block_mut(self, block);
        // Last marker first; the statements a lowering appends hold none, so
        // each search starts below the previous marker (linear, not quadratic).
        let mut end = block.stmts.len();
        while let Some(index) = block.stmts[..end].iter().rposition(super::is_marker) {
            end = index;
            if let Err(error) = self.protect(block, index, block_ty.as_ref(), body_level) {
                self.errors.push(error);
                return;
            }
        }
    }

    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Loop(inner) => self.visit_unit_block(&mut inner.body),
            Expr::While(inner) => {
                self.visit_expr_mut(&mut inner.cond);
                self.visit_unit_block(&mut inner.body);
            }
            Expr::ForLoop(inner) => {
                self.visit_pat_mut(&mut inner.pat);
                self.visit_expr_mut(&mut inner.expr);
                self.visit_unit_block(&mut inner.body);
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_item_mut(&mut self, _item: &mut Item) {}
}

impl Regions<'_, '_> {
    /// Visits a loop's body, a block whose type is `()`.
    fn visit_unit_block(&mut self, block: &mut Block) {
        self.block_ty = Some(quote!(()));
        self.visit_block_mut(block);
    }
}
