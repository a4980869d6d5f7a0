//! Rewrites the exits of a protected block so they pass through its cleanup.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::visit_mut::{self, VisitMut};
use syn::{Block, Expr, Item, Lifetime, Macro};

use super::{Lowering, build};
use crate::errors::Errors;
use crate::foreign;
use crate::names;
use crate::scope::JumpScope;

/// A `break` or `continue` that leaves the protected block, replayed after
/// the cleanup.
#[derive(Clone, PartialEq)]
pub(super) struct Jump {
    pub(super) is_continue: bool,
    pub(super) label: Option<Lifetime>,
}

impl ToTokens for Jump {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        let keyword = if self.is_continue {
            quote!(continue)
        } else {
            quote!(break)
        };
        let label = &self.label;
        tokens.extend(quote!(#keyword #label));
    }
}

/// Rewrites every exit of `rest` into `break <label> Flow::...`; returns the
/// jumps to replay after the cleanup.
///
/// The regions of `rest` lowered already are `Expr::Verbatim`, which the
/// walk does not enter: their exits were rewritten into `break` to their own
/// label when they were lowered, so there is nothing left to rewrite, and
/// walking them again made every region cost as much as all the regions
/// nested in it (issue 8). Their cleanups and dispatching `match`es are syn
/// nodes and are walked.
pub(super) fn rewrite(
    rest: &mut Block,
    label: &Lifetime,
    lowering: &Lowering<'_>,
) -> syn::Result<Vec<Jump>> {
    run(rest, label, lowering, false).map(|(jumps, _)| jumps)
}

/// Rewrites the failures of a fallible body's `finally!` block (its `?`, and
/// the returns its own nested cleanups dispatch) into `break <label> Err(..)`,
/// so they can be weighed against the error already being unwound.
/// Rewrites a cleanup's exits (`return`, `?`) into `break`s out of its
/// labelled block; returns whether it has any.
pub(super) fn rewrite_cleanup(
    cleanup: &mut Block,
    label: &Lifetime,
    lowering: &Lowering<'_>,
) -> syn::Result<bool> {
    run(cleanup, label, lowering, true).map(|(_, returns)| returns)
}

fn run(
    block: &mut Block,
    label: &Lifetime,
    lowering: &Lowering<'_>,
    in_cleanup: bool,
) -> syn::Result<(Vec<Jump>, bool)> {
    let mut pass = Exits {
        lowering,
        label,
        in_cleanup,
        scope: JumpScope::default(),
        jumps: Vec::new(),
        returns: false,
        errors: Errors::default(),
    };
    pass.visit_block_mut(block);
    pass.errors.finish((pass.jumps, pass.returns))
}

struct Exits<'a, 'l> {
    lowering: &'a Lowering<'l>,
    label: &'a Lifetime,
    /// Rewriting a cleanup block: exits carry the body's return value itself.
    in_cleanup: bool,
    scope: JumpScope,
    jumps: Vec<Jump>,
    /// Whether a `return` or `?` was rewritten.
    returns: bool,
    errors: Errors,
}

impl Exits<'_, '_> {
    // Desugar
    // from:  return <e>
    // into:  break '__asyncgen_protectedN Flow::Return(<e>)
    fn exit_with_return(&mut self, value: Expr) -> Expr {
        self.exit_with_return_at(value, Span::call_site())
    }

    /// The exit, located at the user's token `at` (a `?`): a type error in
    /// the conversion, or a `break` that cannot leave a closure another
    /// macro put it in, is reported there.
    fn exit_with_return_at(&mut self, value: Expr, at: Span) -> Expr {
        self.returns = true;
        let label = names::label_at(self.label, at);
        let wrap: &[&str] = if self.in_cleanup {
            &["exit"]
        } else {
            &["Flow", "Return"]
        };
        let wrapped = build::call_at(build::path_from(names::private(), wrap, at), [value], at);
        build::break_expr(label, wrapped, at)
    }

    // Desugar
    // from:  break 'outer        (a loop outside the protected block)
    // into:  break '__asyncgen_protectedN Flow::Jump(<index of `break 'outer`>)
    fn exit_with_jump(&mut self, jump: Jump) -> Expr {
        let index = match self.jumps.iter().position(|known| *known == jump) {
            Some(index) => index,
            None => {
                self.jumps.push(jump);
                self.jumps.len() - 1
            }
        };
        let index = u32::try_from(index).expect("fewer than 2^32 jump targets");
        let span = Span::call_site();
        let index = Expr::Lit(syn::ExprLit {
            attrs: Vec::new(),
            lit: syn::Lit::Int(syn::LitInt::new(&format!("{index}u32"), span)),
        });
        let jump = build::call(
            build::path_from(names::private(), &["Flow", "Jump"], span),
            [index],
        );
        build::break_expr(self.label.clone(), jump, span)
    }

    // Desugar
    // from:  <e>?
    // into:  match <e> { Ok(v) => v, Err(e) => <exit with return Err(From::from(e))> }
    fn exit_with_error(&mut self, value: Expr, question: Span) -> Expr {
        // Located at the user's `?`, still expanded from the macro (so
        // lints on user code, such as clippy's, leave it alone).
        let question = Span::mixed_site().located_at(question);
        let ok = names::ok();
        let error = names::error();
        let from = build::core_path(&["convert", "From", "from"], question);
        let convert = build::call_at(from, [build::local(names::error_at(question))], question);
        let span = Span::call_site();
        let err = build::call(
            build::core_path(&["result", "Result", "Err"], span),
            [convert],
        );
        let exit = self.exit_with_return_at(err, question);
        build::match_expr(
            value,
            vec![
                build::arm(
                    build::tuple_pat(
                        build::core_path(&["result", "Result", "Ok"], span),
                        build::bind(ok.clone()),
                    ),
                    build::local(ok),
                ),
                build::arm(
                    build::tuple_pat(
                        build::core_path(&["result", "Result", "Err"], span),
                        build::bind(error),
                    ),
                    exit,
                ),
            ],
        )
    }

    /// The exit replacing a `break` (its value lowered already), when it
    /// leaves the protected block.
    fn exit_with_break(&mut self, inner: &syn::ExprBreak) -> Option<Expr> {
        if !self.scope.escapes(inner.label.as_ref()) {
            return None;
        }
        if inner.expr.is_some() {
            self.errors.at(
                inner.break_token.span,
                "`break` with a value out of a block protected by `finally!` is not \
                 supported; assign the value to a variable declared before the block \
                 and `break` without a value",
            );
            return None;
        }
        let jump = Jump {
            is_continue: false,
            label: inner.label.clone(),
        };
        Some(self.exit_with_jump(jump))
    }

    fn in_scope(
        &mut self,
        label: Option<&syn::Label>,
        is_loop: bool,
        visit: impl FnOnce(&mut Self),
    ) {
        self.scope.enter(label, is_loop);
        visit(self);
        self.scope.exit(label, is_loop);
    }
}

impl VisitMut for Exits<'_, '_> {
    fn visit_expr_mut(&mut self, expr: &mut Expr) {
        match expr {
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => {}
            Expr::Loop(inner) => {
                let label = inner.label.clone();
                self.in_scope(label.as_ref(), true, |pass| {
                    visit_mut::visit_expr_loop_mut(pass, inner)
                });
            }
            Expr::While(inner) => {
                let label = inner.label.clone();
                self.in_scope(label.as_ref(), true, |pass| {
                    visit_mut::visit_expr_while_mut(pass, inner)
                });
            }
            Expr::ForLoop(inner) => {
                let label = inner.label.clone();
                self.in_scope(label.as_ref(), true, |pass| {
                    visit_mut::visit_expr_for_loop_mut(pass, inner)
                });
            }
            Expr::Block(inner) => {
                let label = inner.label.clone();
                self.in_scope(label.as_ref(), false, |pass| {
                    visit_mut::visit_expr_block_mut(pass, inner)
                });
            }
            Expr::Return(inner) => {
                if let Some(value) = &mut inner.expr {
                    self.visit_expr_mut(value);
                }
                let value = inner.expr.take().map_or_else(build::unit, |value| *value);
                *expr = self.exit_with_return(value);
            }
            Expr::Try(inner) if self.lowering.fallible => {
                self.visit_expr_mut(&mut inner.expr);
                let value = std::mem::replace(&mut *inner.expr, build::unit());
                *expr = self.exit_with_error(value, inner.question_token.span);
            }
            Expr::Break(inner) => {
                if let Some(value) = &mut inner.expr {
                    self.visit_expr_mut(value);
                }
                if let Some(exit) = self.exit_with_break(inner) {
                    *expr = exit;
                }
            }
            Expr::Continue(inner) => {
                if self.scope.escapes(inner.label.as_ref()) {
                    let jump = Jump {
                        is_continue: true,
                        label: inner.label.clone(),
                    };
                    *expr = self.exit_with_jump(jump);
                }
            }
            _ => visit_mut::visit_expr_mut(self, expr),
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut Macro) {
        if foreign::is_inline_generator(mac) {
            return;
        }
        let Some(span) = foreign::find_exit(&mac.tokens) else {
            return;
        };
        // Only where the expansion is known to keep its input in the body:
        // a macro of the user's may put it in a closure, where the exit
        // could not leave the generator (rustc's error would name the
        // lowering's label).
        let known = foreign::never_awaits(mac) || foreign::is_select(mac);
        if known {
            if let Some(mut args) = foreign::args(mac) {
                for arg in args.iter_mut() {
                    self.visit_expr_mut(arg);
                }
                foreign::set_args(mac, &args);
                return;
            }
        }
        self.errors.at(
            span,
            "this exit is inside another macro's input, where `#[async_generator]` cannot \
             see where it goes, in a block protected by `finally!`: it would skip the \
             cleanup; compute the value outside the macro call",
        );
    }

    fn visit_item_mut(&mut self, _item: &mut Item) {}
}
