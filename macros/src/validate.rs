//! The rules an annotated function must follow: one rule, one error, one ui
//! test. Errors are collected and reported together.

use proc_macro2::Span;
use quote::ToTokens;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{Block, Expr, ExprMacro, Item, Macro, Signature, Stmt};

use crate::errors::Errors;
use crate::foreign;
use crate::names::{self, CrateMacro, classify};
use crate::scope::JumpScope;

pub(crate) fn signature(sig: &Signature, attr: &str) -> syn::Result<()> {
    if sig.asyncness.is_none() {
        return Err(syn::Error::new(
            sig.fn_token.span,
            format!("`#[{attr}]` applies to an `async fn`; add `async` before `fn`"),
        ));
    }
    if let Some(constness) = sig.constness {
        return Err(syn::Error::new(
            constness.span,
            format!("`#[{attr}]` cannot be applied to a `const fn`"),
        ));
    }
    Ok(())
}

pub(crate) fn body(block: &Block, acmgr: bool) -> syn::Result<()> {
    let mut rules = BodyRules {
        acmgr,
        ..BodyRules::default()
    };
    rules.visit_block(block);
    rules.errors.finish(())
}

/// Where the visitor is, relative to the generator body.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Context {
    Closure,
    AsyncBlock,
    Item,
    Finally,
}

#[derive(Default)]
struct BodyRules {
    /// Checking an `#[acmgr]` body.
    acmgr: bool,
    errors: Errors,
    context: Vec<Context>,
    /// One entry per context; `Some` inside a `finally!` block, where jumps
    /// must not escape.
    jumps: Vec<Option<JumpScope>>,
}

impl BodyRules {
    fn error(&mut self, span: Span, message: &str) {
        self.errors.at(span, message);
    }

    fn within(&mut self, context: Context, visit: impl FnOnce(&mut Self)) {
        self.context.push(context);
        self.jumps
            .push((context == Context::Finally).then(JumpScope::default));
        visit(self);
        self.jumps.pop();
        self.context.pop();
    }

    fn yield_site(&mut self, span: Span, what: &str) {
        let message = match self.context.last() {
            None => return,
            Some(Context::Closure | Context::AsyncBlock) if self.acmgr => format!(
                "{what} inside a closure or `async` block is not part of the acmgr's body: it is \
                 a separate function or future; yield the resource directly in the body"
            ),
            Some(Context::Closure) => format!(
                "{what} inside a closure is not part of the generator: the closure is a \
                 separate function; move the yield out of the closure, or use `#[acmgr]` \
                 to hold a task group across a yield"
            ),
            Some(Context::AsyncBlock) => format!(
                "{what} inside an `async` block is not part of the generator: the block is a \
                 separate future the generator cannot suspend; await it and yield its result, \
                 or use `#[acmgr]` to hold a task group across a yield"
            ),
            Some(Context::Item) => format!(
                "{what} inside a nested item is not part of this generator; give that \
                 function its own `#[async_generator]`"
            ),
            Some(Context::Finally) => format!(
                "{what} inside `finally!` is not allowed: cleanup runs while the generator is \
                 closing, when no consumer is left to take items (as C# forbids `yield` in \
                 `finally`)"
            ),
        };
        self.error(span, &message);
    }

    fn yield_macro(&mut self, mac: &Macro) {
        self.yield_site(mac.span(), "`yield_!`");
        if mac.tokens.is_empty() {
            // `yield_!()` yields `()`.
            return;
        }
        match mac.parse_body::<Expr>() {
            Ok(expr) => self.visit_expr(&expr),
            Err(err) => self.errors.push(err),
        }
    }

    fn yield_from_macro(&mut self, mac: &Macro) {
        if self.acmgr {
            self.error(
                mac.span(),
                "`yield_from!` delegates a generator's items; an `#[acmgr]` yields its resource \
                 once with `yield_!(resource)` (a stream resource becomes a stream with \
                 `into_stream`)",
            );
            return;
        }
        self.yield_site(mac.span(), "`yield_from!`");
        if mac.tokens.is_empty() {
            self.error(
                mac.span(),
                "`yield_from!` needs a generator or stream: `yield_from!(inner)`",
            );
            return;
        }
        match mac.parse_body::<Expr>() {
            Ok(expr) => self.visit_expr(&expr),
            Err(err) => self.errors.push(err),
        }
    }

    /// `own!` in its place: `let name = own!(generator);`, directly in the
    /// body (outside `finally!`).
    fn own_statement(&mut self, local: &syn::Local, mac: &Macro) {
        if let Some(context) = self.context.last() {
            let message = match context {
                Context::Finally => {
                    "`own!` inside `finally!` is not allowed: cleanup cannot take \
                                     on new cleanup; own the generator before the `finally!`"
                }
                _ => {
                    "`own!` inside a closure, `async` block or nested item is not part of the \
                      generator; use it directly in the generator's body"
                }
            };
            self.error(mac.span(), message);
            return;
        }
        if !matches!(
            local.pat,
            syn::Pat::Ident(syn::PatIdent {
                by_ref: None,
                subpat: None,
                ..
            })
        ) {
            self.error(
                local.pat.span(),
                "`own!` binds a plain name, without a pattern or a type annotation: \
                 `let inner = own!(generator);` (the name is a `Pin<&mut G>`)",
            );
        }
        match mac.parse_body::<Expr>() {
            Ok(expr) => self.visit_expr(&expr),
            Err(err) => self.errors.push(err),
        }
    }

    fn own_misplaced(&mut self, mac: &Macro) {
        self.error(
            mac.span(),
            "`own!` is a `let` initializer: `let inner = own!(generator);` pins the generator \
             in the body and closes it when the enclosing block is left",
        );
    }

    fn finally_block(&mut self, mac: &Macro) {
        if let Some(Context::Closure | Context::AsyncBlock | Context::Item) = self.context.last() {
            self.error(
                mac.span(),
                "`finally!` inside a closure, `async` block or nested item is not part of \
                 the generator; put it directly in the generator's body",
            );
            return;
        }
        match crate::parse::FinallyInput::parse(mac) {
            Ok(input) => self.within(Context::Finally, |rules| {
                for stmt in &input.stmts {
                    rules.visit_stmt(stmt);
                }
            }),
            Err(err) => self.errors.push(err),
        }
    }

    fn foreign_macro(&mut self, mac: &Macro) {
        // `async_gen!` validates its own input when it expands.
        if foreign::is_inline_generator(mac) {
            return;
        }
        // A select's handlers run in the body: they may yield like body code.
        if foreign::is_select(mac) {
            if let Some(args) = foreign::args(mac) {
                if let Some((span, ours)) = args.find_ours_outside() {
                    let name = ours.name();
                    self.error(
                        span,
                        &format!(
                            "`{name}!` in a select's future or condition: only its arms' \
                             handlers run in the body; await the future's value and \
                             `yield_!` it in the handler"
                        ),
                    );
                }
                for handler in args.iter() {
                    if let Some((span, ours)) =
                        foreign::find_ours_where(&handler.to_token_stream(), |ours| {
                            matches!(ours, CrateMacro::Finally | CrateMacro::Own)
                        })
                    {
                        let name = ours.name();
                        self.error(
                            span,
                            &format!(
                                "`{name}!` in a select's arm: put it in the block around \
                                 the select"
                            ),
                        );
                    }
                    self.visit_expr(handler);
                }
                return;
            }
        }
        if let Some((span, ours)) = foreign::find_ours(&mac.tokens) {
            let name = ours.name();
            self.error(
                span,
                &format!(
                    "`{name}!` inside another macro's input is not seen by `#[async_generator]`: \
                     the other macro decides where its input goes; bind the value first, then \
                     `yield_!` it directly in the body"
                ),
            );
        }
    }

    fn jump(&mut self, span: Span, label: Option<&syn::Lifetime>, keyword: &str) {
        if let Some(Some(scope)) = self.jumps.last() {
            if scope.escapes(label) {
                self.error(
                    span,
                    &format!(
                        "`{keyword}` out of a `finally!` block is not allowed: it would skip the \
                         rest of the cleanup, and could resume a generator that is closing"
                    ),
                );
            }
        }
    }

    fn in_jump_scope(
        &mut self,
        label: Option<&syn::Label>,
        is_loop: bool,
        visit: impl FnOnce(&mut Self),
    ) {
        if let Some(Some(scope)) = self.jumps.last_mut() {
            scope.enter(label, is_loop);
        }
        visit(self);
        if let Some(Some(scope)) = self.jumps.last_mut() {
            scope.exit(label, is_loop);
        }
    }
}

fn is_generator_fn(item: &Item) -> bool {
    let Item::Fn(func) = item else { return false };
    func.attrs.iter().any(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|segment| segment.ident == names::GENERATOR_ATTRIBUTE)
    })
}

impl<'ast> Visit<'ast> for BodyRules {
    fn visit_stmt(&mut self, stmt: &'ast Stmt) {
        if let Stmt::Local(local) = stmt {
            if let Some(init) = &local.init {
                if let Expr::Macro(expr) = &*init.expr {
                    if classify(&expr.mac) == Some(CrateMacro::Own) && init.diverge.is_none() {
                        return self.own_statement(local, &expr.mac);
                    }
                }
            }
        }
        let mac = match stmt {
            Stmt::Macro(stmt) => &stmt.mac,
            Stmt::Expr(Expr::Macro(expr), _) => &expr.mac,
            _ => return visit::visit_stmt(self, stmt),
        };
        match classify(mac) {
            Some(CrateMacro::Finally) => self.finally_block(mac),
            Some(CrateMacro::Yield) => self.yield_macro(mac),
            Some(CrateMacro::YieldFrom | CrateMacro::TryYieldFrom) => self.yield_from_macro(mac),
            Some(CrateMacro::Own) => self.own_misplaced(mac),
            None => self.foreign_macro(mac),
        }
    }

    fn visit_expr_macro(&mut self, expr: &'ast ExprMacro) {
        match classify(&expr.mac) {
            Some(CrateMacro::Yield) => self.yield_macro(&expr.mac),
            Some(CrateMacro::YieldFrom | CrateMacro::TryYieldFrom) => {
                self.yield_from_macro(&expr.mac)
            }
            Some(CrateMacro::Own) => self.own_misplaced(&expr.mac),
            Some(CrateMacro::Finally) => self.error(
                expr.mac.span(),
                "`finally!` is a statement: write it on its own in a block; it protects the \
                 rest of that block",
            ),
            None => self.foreign_macro(&expr.mac),
        }
    }

    fn visit_expr_yield(&mut self, expr: &'ast syn::ExprYield) {
        self.yield_site(expr.yield_token.span, "`yield`");
        // A bare `yield` yields `()`.
        if let Some(value) = &expr.expr {
            self.visit_expr(value);
        }
    }

    fn visit_expr_closure(&mut self, expr: &'ast syn::ExprClosure) {
        self.within(Context::Closure, |rules| {
            visit::visit_expr_closure(rules, expr)
        });
    }

    fn visit_expr_async(&mut self, expr: &'ast syn::ExprAsync) {
        self.within(Context::AsyncBlock, |rules| {
            visit::visit_expr_async(rules, expr)
        });
    }

    fn visit_item(&mut self, item: &'ast Item) {
        if !is_generator_fn(item) {
            self.within(Context::Item, |rules| visit::visit_item(rules, item));
        }
    }

    fn visit_expr_loop(&mut self, expr: &'ast syn::ExprLoop) {
        self.in_jump_scope(expr.label.as_ref(), true, |rules| {
            visit::visit_expr_loop(rules, expr)
        });
    }

    fn visit_expr_while(&mut self, expr: &'ast syn::ExprWhile) {
        self.in_jump_scope(expr.label.as_ref(), true, |rules| {
            visit::visit_expr_while(rules, expr)
        });
    }

    fn visit_expr_for_loop(&mut self, expr: &'ast syn::ExprForLoop) {
        self.in_jump_scope(expr.label.as_ref(), true, |rules| {
            visit::visit_expr_for_loop(rules, expr)
        });
    }

    fn visit_expr_block(&mut self, expr: &'ast syn::ExprBlock) {
        // The lowering marks `finally!` blocks with this attribute between
        // its passes; one written by hand would pass for a cleanup block.
        if let Some(attr) = expr
            .attrs
            .iter()
            .find(|attr| crate::names::is_finally_marker(attr))
        {
            self.error(
                attr.path().span(),
                "`#[__asyncgen_finally]` is internal to `#[async_generator]`; write `finally! { .. }`",
            );
        }
        self.in_jump_scope(expr.label.as_ref(), false, |rules| {
            visit::visit_expr_block(rules, expr)
        });
    }

    fn visit_expr_break(&mut self, expr: &'ast syn::ExprBreak) {
        self.jump(expr.break_token.span, expr.label.as_ref(), "break");
        visit::visit_expr_break(self, expr);
    }

    fn visit_expr_return(&mut self, expr: &'ast syn::ExprReturn) {
        if let Some(Some(_)) = self.jumps.last() {
            self.error(
                expr.return_token.span,
                "`return` inside `finally!` is not allowed: it would end the generator from its \
                 cleanup and could hide the error or the close being unwound; let the cleanup \
                 finish, or fail with `?`",
            );
        }
        visit::visit_expr_return(self, expr);
    }

    fn visit_expr_continue(&mut self, expr: &'ast syn::ExprContinue) {
        self.jump(expr.continue_token.span, expr.label.as_ref(), "continue");
        visit::visit_expr_continue(self, expr);
    }
}
