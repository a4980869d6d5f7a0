//! Syntax trees the lowering emits most often, built as nodes.
//!
//! `parse_quote!` prints a template to tokens and parses them back, and a
//! template holding user code parses that code again. Inside rustc every
//! identifier a parser compares is formatted across the proc-macro bridge,
//! so the lowering's suspensions and exits, written as templates, were more
//! than half of the attribute's expansion time (callgrind on `rustc
//! -Zunpretty=expanded` of compile_time.sh's typical crate). These builders
//! move the user's nodes in as they are and make the rest directly; their
//! spans are what the templates' were.

use proc_macro2::Span;
use syn::punctuated::Punctuated;
use syn::{Arm, Expr, ExprCall, ExprMatch, ExprPath, Ident, Pat, PatTupleStruct, Path};

/// A path from `segments`, each spanned `span`; from the crate root when
/// `global` (`::core::..`).
/// `::core::<segments>`, every token spanned `span`.
pub(super) fn core_path(segments: &[&str], span: Span) -> Path {
    let mut path = path_from(Ident::new("core", span), segments, span);
    path.leading_colon = Some(syn::Token![::](span));
    path
}

/// A path as an expression.
pub(super) fn path_expr(path: Path) -> Expr {
    Expr::Path(ExprPath {
        attrs: Vec::new(),
        qself: None,
        path,
    })
}

/// A local variable (or any one-segment name) as an expression.
pub(super) fn local(name: Ident) -> Expr {
    path_expr(Path::from(name))
}

/// `<func>(<args>)`.
pub(super) fn call(func: Path, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(ExprCall {
        attrs: Vec::new(),
        func: Box::new(path_expr(func)),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `<path>(<field>)` as a pattern: `Some(v)`, `Ok(x)`.
pub(super) fn tuple_pat(path: Path, field: Pat) -> Pat {
    let mut elems = Punctuated::new();
    elems.push(field);
    Pat::TupleStruct(PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: Default::default(),
        elems,
    })
}

/// A binding pattern: `name`.
pub(super) fn bind(name: Ident) -> Pat {
    Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: None,
        ident: name,
        subpat: None,
    })
}

/// `()` as a pattern.
pub(super) fn unit_pat() -> Pat {
    Pat::Tuple(syn::PatTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `()` as an expression.
pub(super) fn unit() -> Expr {
    Expr::Tuple(syn::ExprTuple {
        attrs: Vec::new(),
        paren_token: Default::default(),
        elems: Punctuated::new(),
    })
}

/// `<pat> => <body>,`.
pub(super) fn arm(pat: Pat, body: Expr) -> Arm {
    Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

/// `match <scrutinee> { <arms> }`.
pub(super) fn match_expr(scrutinee: Expr, arms: Vec<Arm>) -> Expr {
    Expr::Match(ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms,
    })
}

/// `return <value>`.
pub(super) fn return_expr(value: Option<Expr>) -> Expr {
    Expr::Return(syn::ExprReturn {
        attrs: Vec::new(),
        return_token: Default::default(),
        expr: value.map(Box::new),
    })
}

/// `break <label> <value>`, the keyword spanned `span`.
pub(super) fn break_expr(label: syn::Lifetime, value: Expr, span: Span) -> Expr {
    Expr::Break(syn::ExprBreak {
        attrs: Vec::new(),
        break_token: syn::Token![break](span),
        label: Some(label),
        expr: Some(Box::new(value)),
    })
}

/// `match <scrutinee> { ::core::option::Option::Some(<some>) => <then>,
/// ::core::option::Option::None => <otherwise> }`.
pub(super) fn match_option(scrutinee: Expr, some: Pat, then: Expr, otherwise: Expr) -> Expr {
    let span = Span::call_site();
    match_expr(
        scrutinee,
        vec![
            arm(
                tuple_pat(core_path(&["option", "Option", "Some"], span), some),
                then,
            ),
            arm(
                Pat::Path(ExprPath {
                    attrs: Vec::new(),
                    qself: None,
                    path: core_path(&["option", "Option", "None"], span),
                }),
                otherwise,
            ),
        ],
    )
}

/// `<first>::<rest>`, every token but `first` spanned `span`: a path
/// through a hygienic alias (`__asyncgen_private::Flow::Return`).
pub(super) fn path_from(first: Ident, rest: &[&str], span: Span) -> Path {
    join(Path::from(first), rest, span)
}

/// `<path>::<rest>`, the added tokens spanned `span`.
pub(super) fn join(mut path: Path, rest: &[&str], span: Span) -> Path {
    for segment in rest {
        path.segments.push_punct(syn::Token![::](span));
        path.segments
            .push_value(syn::PathSegment::from(Ident::new(segment, span)));
    }
    path
}

/// [`call`] with its parentheses spanned `span`.
pub(super) fn call_at(func: Path, args: impl IntoIterator<Item = Expr>, span: Span) -> Expr {
    let mut call = call(func, args);
    if let Expr::Call(inner) = &mut call {
        inner.paren_token = syn::token::Paren(span);
    }
    call
}

/// `<base>.await`, the `.await` spanned `span`.
pub(super) fn await_expr(base: Expr, span: Span) -> Expr {
    Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: syn::Token![.](span),
        await_token: syn::Token![await](span),
    })
}

/// `{ <stmts> }`, the braces spanned `span`.
pub(super) fn block_expr(stmts: Vec<syn::Stmt>, span: Span) -> Expr {
    Expr::Block(syn::ExprBlock {
        attrs: Vec::new(),
        label: None,
        block: syn::Block {
            brace_token: syn::token::Brace(span),
            stmts,
        },
    })
}

/// `let <pat> = <init>;`, the `let`, `=` and `;` spanned `span`.
pub(super) fn let_stmt(pat: Pat, init: Expr, span: Span) -> syn::Stmt {
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: syn::Token![let](span),
        modifiers: syn::LocalModifiers::default(),
        pat,
        init: Some(syn::LocalInit {
            eq_token: syn::Token![=](span),
            expr: Box::new(init),
            diverge: None,
        }),
        semi_token: syn::Token![;](span),
    })
}

/// `<pat>: <ty>` as a pattern, the `:` spanned `span`.
pub(super) fn typed_pat(pat: Pat, ty: syn::Type, span: Span) -> Pat {
    Pat::Type(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(pat),
        colon_token: syn::Token![:](span),
        ty: Box::new(ty),
    })
}

/// Whether evaluating `expr` might suspend the body, over-approximated: it
/// has an `.await` outside the async blocks in it, or a macro call anywhere
/// (what `foreign::find_await` says of its tokens, and any `name!`, without
/// printing them).
pub(super) fn may_suspend(expr: &Expr) -> bool {
    let mut finder = Suspends::default();
    syn::visit::Visit::visit_expr(&mut finder, expr);
    finder.found
}

/// [`may_suspend`] for a block.
pub(super) fn block_may_suspend(block: &syn::Block) -> bool {
    let mut finder = Suspends::default();
    syn::visit::Visit::visit_block(&mut finder, block);
    finder.found
}

#[derive(Default)]
struct Suspends {
    found: bool,
    async_depth: usize,
}

impl<'ast> syn::visit::Visit<'ast> for Suspends {
    fn visit_expr_await(&mut self, node: &'ast syn::ExprAwait) {
        if self.async_depth == 0 {
            self.found = true;
        }
        syn::visit::visit_expr_await(self, node);
    }

    fn visit_expr_async(&mut self, node: &'ast syn::ExprAsync) {
        self.async_depth += 1;
        syn::visit::visit_expr_async(self, node);
        self.async_depth -= 1;
    }

    fn visit_macro(&mut self, _: &'ast syn::Macro) {
        self.found = true;
    }
}
