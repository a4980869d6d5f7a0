//! The typed model of an annotated function.

use proc_macro2::TokenStream;
use syn::spanned::Spanned;
use syn::{
    Attribute, Block, GenericArgument, ItemFn, PathArguments, ReturnType, Signature, Type,
    Visibility,
};

/// An `async fn` under `#[async_generator]`.
pub(crate) struct GeneratorFn {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// `None` for a trait method declaration (`async fn items(&self);`).
    pub(crate) body: Option<Block>,
    pub(crate) ret: BodyReturn,
}

/// What the body returns.
pub(crate) enum BodyReturn {
    /// `()`: a stream of `T`.
    Unit,
    /// `Result<(), E>` (or an alias such as `io::Result<()>`): a stream of
    /// `Result<T, E>`. Keeps the written type.
    Result(Box<Type>),
}

impl BodyReturn {
    /// The body's return type.
    pub(crate) fn ty(&self) -> Type {
        match self {
            BodyReturn::Unit => syn::parse_quote!(()),
            BodyReturn::Result(ty) => (**ty).clone(),
        }
    }

    /// The stream's item: `T`, or the written result type with `()`
    /// replaced by `T`.
    pub(crate) fn item(&self, yield_ty: &Type) -> Type {
        match self {
            BodyReturn::Unit => yield_ty.clone(),
            BodyReturn::Result(ty) => {
                let mut item = unparen(ty).clone();
                if let Some(ok) = ok_argument(&mut item) {
                    *ok = yield_ty.clone();
                }
                item
            }
        }
    }

    /// The value a body returns when it leaves because of a close.
    pub(crate) fn leave_value(&self) -> TokenStream {
        match self {
            BodyReturn::Unit => TokenStream::new(),
            BodyReturn::Result(_) => quote::quote!(::core::result::Result::Ok(())),
        }
    }
}

pub(crate) fn parse(input: TokenStream, attr: &str) -> syn::Result<GeneratorFn> {
    // A trait method declaration ends in `;` where a function has its body
    // (tested first on the last token: a function is parsed once).
    let declares = matches!(
        input.clone().into_iter().last(),
        Some(proc_macro2::TokenTree::Punct(semi)) if semi.as_char() == ';'
    );
    if let Some(declaration) = declares
        .then(|| syn::parse2::<syn::TraitItemFn>(input.clone()).ok())
        .flatten()
    {
        if declaration.default.is_none() {
            let ret = body_return(&declaration.sig.output, attr)?;
            return Ok(GeneratorFn {
                attrs: declaration.attrs,
                vis: Visibility::Inherited,
                sig: declaration.sig,
                body: None,
                ret,
            });
        }
    }
    let mut item: ItemFn = syn::parse2(input)?;
    let ret = body_return(&item.sig.output, attr)?;
    // syn returns the body's inner attributes (`#![allow(..)]`) with the
    // function's. They apply to the function, as outer ones do; the body
    // itself moves into a closure, so they are emitted as outer attributes
    // of the generated function (inner ones there are an error).
    for attr in &mut item.attrs {
        attr.style = syn::AttrStyle::Outer;
    }
    Ok(GeneratorFn {
        attrs: item.attrs,
        vis: item.vis,
        sig: item.sig,
        body: Some(*item.block),
        ret,
    })
}

fn return_rule(attr: &str) -> String {
    format!(
        "an `#[{attr}]` body must return `()` or `Result<(), E>`; the value it yields is given \
         with `yield_!(value)` and typed by `yield = T`"
    )
}

fn body_return(output: &ReturnType, attr: &str) -> syn::Result<BodyReturn> {
    let ty = match output {
        ReturnType::Default => return Ok(BodyReturn::Unit),
        ReturnType::Type(_, ty) => ty,
    };
    if is_unit(ty) {
        return Ok(BodyReturn::Unit);
    }
    let mut candidate = unparen(ty).clone();
    match ok_argument(&mut candidate) {
        Some(ok) if is_unit(ok) => Ok(BodyReturn::Result(ty.clone())),
        _ => Err(syn::Error::new(ty.span(), return_rule(attr))),
    }
}

/// `()`, also written `(())`.
fn is_unit(ty: &Type) -> bool {
    matches!(unparen(ty), Type::Tuple(tuple) if tuple.elems.is_empty())
}

/// The type inside any parentheses (and invisible groups from `macro_rules!`).
fn unparen(mut ty: &Type) -> &Type {
    loop {
        match ty {
            Type::Paren(inner) => ty = &inner.elem,
            Type::Group(inner) => ty = &inner.elem,
            _ => return ty,
        }
    }
}

/// The first generic argument of a path type whose last segment is `Result`.
fn ok_argument(ty: &mut Type) -> Option<&mut Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last_mut()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &mut last.arguments else {
        return None;
    };
    match args.args.first_mut()? {
        GenericArgument::Type(ok) => Some(ok),
        _ => None,
    }
}

/// What a `finally!` holds: `{ <stmts> }`, or `|outcome| { <stmts> }` to be
/// told how the protected block is left.
pub(crate) struct FinallyInput {
    /// The closure's parameter, as written (`outcome`, `_`, `o: Outcome`).
    pub(crate) outcome: Option<syn::Pat>,
    pub(crate) stmts: Vec<syn::Stmt>,
}

impl FinallyInput {
    pub(crate) fn parse(mac: &syn::Macro) -> syn::Result<Self> {
        let mut stmts = mac.parse_body_with(Block::parse_within)?;
        // A lone closure is the outcome form (`finally! { || .. }` would be
        // a closure that never runs).
        if let [syn::Stmt::Expr(syn::Expr::Closure(_), _)] = stmts.as_slice() {
            if let Some(syn::Stmt::Expr(syn::Expr::Closure(closure), _)) = stmts.pop() {
                return Self::outcome_form(closure);
            }
        }
        Ok(FinallyInput {
            outcome: None,
            stmts,
        })
    }

    fn outcome_form(closure: syn::ExprClosure) -> syn::Result<Self> {
        let misuse = |span: proc_macro2::Span, what: &str| {
            syn::Error::new(
                span,
                format!(
                    "{what}: write `finally!(|outcome| {{ .. }})`; the block runs in place, \
                     like a `finally!` without a parameter, and is told how its protected \
                     block was left"
                ),
            )
        };
        closure.modifiers.require_empty()?;
        if let Some(lifetimes) = &closure.lifetimes {
            return Err(misuse(lifetimes.span(), "`finally!` takes no `for<..>`"));
        }
        for (keyword, span) in [
            ("const", closure.constness.map(|t| t.span)),
            ("async", closure.asyncness.map(|t| t.span)),
            ("move", closure.capture.map(|t| t.span)),
        ] {
            if let Some(span) = span {
                return Err(misuse(span, &format!("`finally!` takes no `{keyword}`")));
            }
        }
        if let ReturnType::Type(arrow, _) = &closure.output {
            return Err(misuse(arrow.span(), "`finally!` returns nothing"));
        }
        if closure.inputs.len() != 1 {
            return Err(misuse(
                closure.inputs_begin.span(),
                "`finally!` takes one parameter, how its block is left (an `asyncgen::Outcome`)",
            ));
        }
        let outcome = closure.inputs.into_iter().next();
        if let Some(pattern) = &outcome {
            if !is_binding(pattern) {
                return Err(misuse(
                    pattern.span(),
                    "the parameter of `finally!` is a name or `_`; match on it inside the block",
                ));
            }
        }
        let stmts = match *closure.body {
            syn::Expr::Block(block) if block.label.is_none() && block.attrs.is_empty() => {
                block.block.stmts
            }
            body => vec![syn::Stmt::Expr(body, None)],
        };
        Ok(FinallyInput { outcome, stmts })
    }
}

/// `name`, `mut name`, `_`, or one of those with a type: a pattern that
/// always matches.
fn is_binding(pattern: &syn::Pat) -> bool {
    match pattern {
        syn::Pat::Ident(ident) => ident.subpat.is_none() && ident.by_ref.is_none(),
        syn::Pat::Wild(_) => true,
        syn::Pat::Type(typed) => is_binding(&typed.pat),
        _ => false,
    }
}
