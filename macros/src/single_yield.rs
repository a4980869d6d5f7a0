//! `#[acmgr]`'s rule: the body yields exactly once on every path.
//!
//! A path analysis over the body: for each piece of code, how many yields it
//! makes at least (`must`) and at most (`may`) along its paths. A sequence
//! adds; branches take the minimum of `must` and the maximum of `may`. No
//! yield at all, a yield inside a loop, or a second yield that can follow a
//! first is a compile error. A path that may skip the yield (`must == 0`)
//! compiles and is a clear runtime error if taken.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Block, Expr, Ident, Stmt};

use crate::errors::Errors;
use crate::names::{CrateMacro, classify};

#[derive(Clone, Copy, Default)]
struct Count {
    must: u32,
    may: u32,
    /// The first yield this code may make.
    first: Option<Span>,
}

impl Count {
    fn one(span: Span) -> Count {
        Count {
            must: 1,
            may: 1,
            first: Some(span),
        }
    }

    fn optional(self) -> Count {
        Count { must: 0, ..self }
    }
}

#[derive(Default)]
struct Analysis {
    errors: Errors,
}

pub(crate) fn check(body: &Block, name: &Ident) -> syn::Result<()> {
    let mut analysis = Analysis::default();
    let count = analysis.block(body);
    if count.may == 0 && analysis.errors.is_empty() {
        analysis.errors.at(
            name.span(),
            "an `#[acmgr]` body must `yield_!` its resource exactly once (the code before the \
             yield is enter, the code after is exit); this one never yields",
        );
    }
    analysis.errors.finish(())
}

impl Analysis {
    fn seq(&mut self, first: Count, then: Count) -> Count {
        if first.may > 0 {
            if let Some(span) = then.first {
                self.errors.at(
                    span,
                    "a second `yield_!` in an `#[acmgr]` body: it must yield exactly once, \
                     and this one can follow another",
                );
            }
        }
        Count {
            must: first.must + then.must,
            may: first.may + then.may,
            first: first.first.or(then.first),
        }
    }

    fn branches(&mut self, arms: impl IntoIterator<Item = Count>) -> Count {
        let mut result: Option<Count> = None;
        for arm in arms {
            result = Some(match result {
                None => arm,
                Some(so_far) => Count {
                    must: so_far.must.min(arm.must),
                    may: so_far.may.max(arm.may),
                    first: so_far.first.or(arm.first),
                },
            });
        }
        result.unwrap_or_default()
    }

    fn block(&mut self, block: &Block) -> Count {
        let mut count = Count::default();
        for stmt in &block.stmts {
            let next = self.stmt(stmt);
            count = self.seq(count, next);
        }
        count
    }

    fn stmt(&mut self, stmt: &Stmt) -> Count {
        match stmt {
            Stmt::Local(local) => match &local.init {
                Some(init) => {
                    let value = self.expr(&init.expr);
                    let diverge = init
                        .diverge
                        .as_ref()
                        .map(|(_, expr)| self.expr(expr).optional())
                        .unwrap_or_default();
                    self.seq(value, diverge)
                }
                None => Count::default(),
            },
            Stmt::Item(_) => Count::default(),
            Stmt::Expr(expr, _) => self.expr(expr),
            Stmt::Macro(stmt) => self.mac(&stmt.mac),
        }
    }

    fn mac(&mut self, mac: &syn::Macro) -> Count {
        match classify(mac) {
            Some(CrateMacro::Yield) => Count::one(mac.span()),
            _ => Count::default(),
        }
    }

    /// Each arm's paths: the guards of the arms before it may have run
    /// (and failed), then its own guard, then its body.
    fn arms(&mut self, arms: &[syn::Arm]) -> Vec<Count> {
        let mut tried = Count::default();
        let mut paths = Vec::with_capacity(arms.len());
        for arm in arms {
            let guards: Vec<&Expr> = guards(&arm.pat);
            let guard = self.exprs(guards);
            let body = self.expr(&arm.body);
            let matched = self.seq(guard, body);
            paths.push(self.seq(tried, matched));
            tried = self.seq(tried, guard.optional());
        }
        paths
    }

    fn in_loop(&mut self, body: Count) -> Count {
        if let Some(span) = body.first {
            self.errors.at(
                span,
                "`yield_!` inside a loop in an `#[acmgr]` body: it must yield exactly once; \
                 move the yield out of the loop",
            );
        }
        Count::default()
    }

    fn exprs<'a>(&mut self, exprs: impl IntoIterator<Item = &'a Expr>) -> Count {
        let mut count = Count::default();
        for expr in exprs {
            let next = self.expr(expr);
            count = self.seq(count, next);
        }
        count
    }

    fn expr(&mut self, expr: &Expr) -> Count {
        match expr {
            Expr::Macro(expr) => self.mac(&expr.mac),
            Expr::Yield(expr) => {
                let value = self.maybe(expr.expr.as_deref());
                self.seq(value, Count::one(expr.yield_token.span))
            }
            // Separate functions and futures: validated elsewhere.
            Expr::Closure(_) | Expr::Async(_) | Expr::Const(_) => Count::default(),
            Expr::Block(expr) => self.block(&expr.block),
            Expr::Unsafe(expr) => self.block(&expr.block),
            Expr::If(_)
            | Expr::Match(_)
            | Expr::Loop(_)
            | Expr::While(_)
            | Expr::ForLoop(_)
            | Expr::Binary(_) => self.branching(expr),
            Expr::Array(expr) => self.exprs(&expr.elems),
            Expr::Tuple(expr) => self.exprs(&expr.elems),
            Expr::Call(expr) => {
                let callee = self.expr(&expr.func);
                let args = self.exprs(&expr.args);
                self.seq(callee, args)
            }
            Expr::MethodCall(expr) => {
                let receiver = self.expr(&expr.receiver);
                let args = self.exprs(&expr.args);
                self.seq(receiver, args)
            }
            Expr::Assign(expr) => self.exprs([&*expr.right, &*expr.left]),
            Expr::Await(expr) => self.expr(&expr.base),
            Expr::Cast(expr) => self.expr(&expr.expr),
            Expr::Field(expr) => self.expr(&expr.base),
            Expr::Group(expr) => self.expr(&expr.expr),
            Expr::Index(expr) => self.exprs([&*expr.expr, &*expr.index]),
            Expr::Let(expr) => self.expr(&expr.expr),
            Expr::Paren(expr) => self.expr(&expr.expr),
            Expr::Reference(expr) => self.expr(&expr.expr),
            Expr::Return(expr) => self.maybe(expr.expr.as_deref()),
            Expr::Break(expr) => self.maybe(expr.expr.as_deref()),
            Expr::Try(expr) => self.expr(&expr.expr),
            Expr::Unary(expr) => self.expr(&expr.expr),
            Expr::Struct(expr) => self.exprs(expr.fields.iter().map(|field| &field.expr)),
            Expr::Range(expr) => self.exprs(expr.start.iter().chain(expr.end.iter()).map(|e| &**e)),
            _ => Count::default(),
        }
    }

    /// An expression that may be left out.
    fn maybe(&mut self, expr: Option<&Expr>) -> Count {
        expr.map(|e| self.expr(e)).unwrap_or_default()
    }

    /// The expressions whose parts do not all run, or run more than once:
    /// conditions, loops, lazy operators.
    fn branching(&mut self, expr: &Expr) -> Count {
        match expr {
            Expr::If(expr) => {
                let cond = self.expr(&expr.cond);
                let then = self.block(&expr.then_branch);
                let otherwise = self.maybe(expr.else_branch.as_ref().map(|(_, e)| &**e));
                let arms = self.branches([then, otherwise]);
                self.seq(cond, arms)
            }
            Expr::Match(expr) => {
                let scrutinee = self.expr(&expr.expr);
                let arms = self.arms(&expr.arms);
                let arms = self.branches(arms);
                self.seq(scrutinee, arms)
            }
            Expr::Loop(expr) => {
                let body = self.block(&expr.body);
                self.in_loop(body)
            }
            Expr::While(expr) => {
                let cond = self.expr(&expr.cond);
                let body = self.block(&expr.body);
                let both = self.seq(cond, body);
                self.in_loop(both)
            }
            Expr::ForLoop(expr) => {
                let iterable = self.expr(&expr.expr);
                let body = self.block(&expr.body);
                let body = self.in_loop(body);
                self.seq(iterable, body)
            }
            Expr::Binary(expr) => {
                let left = self.expr(&expr.left);
                let right = self.expr(&expr.right);
                let right = match expr.op {
                    syn::BinOp::And(_) | syn::BinOp::Or(_) => right.optional(),
                    _ => right,
                };
                self.seq(left, right)
            }
            _ => Count::default(),
        }
    }
}

/// The guard expressions in an arm's pattern (`pat if guard`).
fn guards(pat: &syn::Pat) -> Vec<&Expr> {
    struct Guards<'ast>(Vec<&'ast Expr>);
    impl<'ast> syn::visit::Visit<'ast> for Guards<'ast> {
        fn visit_pat_guard(&mut self, guard: &'ast syn::PatGuard) {
            self.visit_pat(&guard.pat);
            self.0.push(&guard.guard);
        }
        // A guard's own expressions are counted as expressions, not searched
        // for further guards.
        fn visit_expr(&mut self, _: &'ast Expr) {}
    }
    let mut found = Guards(Vec::new());
    syn::visit::Visit::visit_pat(&mut found, pat);
    found.0
}
