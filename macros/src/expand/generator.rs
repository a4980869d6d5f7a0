//! `#[async_generator]`: the function becomes one returning
//! `impl AsyncGenerator`.
//!
//! ```text
//! #[async_generator(yield = u32)]
//! async fn count(to: u32) { for i in 0..to { yield_!(i); } }
//! ```
//!
//! becomes
//!
//! ```text
//! fn count(to: u32) -> impl AsyncGenerator<Item = u32, Closed = ()> {
//!     Gen::<u32, _, NoCleanup, _>::new(move |__co: Co<u32>| async move {
//!         let to = to;
//!         let __ret: () = { for i in 0..to { <yield i, leaving on close> } };
//!         return __ret;
//!     })
//! }
//! ```

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{FnArg, ItemFn, Pat, PatIdent, ReturnType, Stmt};

use super::boxing;
use super::spawn;
use crate::args::{Boxing, GeneratorArgs, OnDrop};
use crate::errors;
use crate::lower::{self, Lowering};
use crate::names;
use crate::parse::{self, BodyReturn, GeneratorFn};
use crate::single_yield;
use crate::validate;

/// Which attribute is expanding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Generator,
    Acmgr,
}

impl Kind {
    fn attr(self) -> &'static str {
        match self {
            Kind::Generator => names::GENERATOR_ATTRIBUTE,
            Kind::Acmgr => names::ACMGR_ATTRIBUTE,
        }
    }
}

pub(crate) fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    attribute(args, input, Kind::Generator)
}

pub(crate) fn acmgr(args: TokenStream, input: TokenStream) -> TokenStream {
    attribute(args, input, Kind::Acmgr)
}

fn attribute(args: TokenStream, input: TokenStream, kind: Kind) -> TokenStream {
    let original = (args.clone(), input.clone());
    expand(args, input, kind).unwrap_or_else(|error| {
        let (args, input) = original;
        with_error(args, input, error, kind)
    })
}

fn expand(args: TokenStream, input: TokenStream, kind: Kind) -> syn::Result<TokenStream> {
    crate::nesting::check(&input, &format!("`#[{}]`", kind.attr()))?;
    let (args, func) = errors::both(
        GeneratorArgs::parse(args, kind.attr()),
        parse::parse(input, kind.attr()),
    )?;
    validate::signature(&func.sig, kind.attr())?;
    let Some(body) = &func.body else {
        return declaration(&args, func, kind);
    };
    validate::body(body, kind == Kind::Acmgr)?;
    if kind == Kind::Acmgr {
        if args.boxing != Boxing::No {
            return Err(syn::Error::new(
                args.boxing_span,
                "`boxed` is for `#[async_generator]`; an acmgr is entered where it is made",
            ));
        }
        single_yield::check(body, &func.sig.ident)?;
    }
    emit(args, func, kind)
}

fn emit(args: GeneratorArgs, func: GeneratorFn, kind: Kind) -> syn::Result<TokenStream> {
    let GeneratorFn {
        attrs,
        vis,
        mut sig,
        body,
        ret,
    } = func;
    let mut body = body.expect("declarations are emitted by `declaration`");
    let krate = &args.krate;
    // `yield = impl Trait` names the item type in the signature only; in
    // the body it is inferred from the yields.
    let yield_ty = &infer_impl_trait(&args.yield_ty);
    let ret_ty = ret.ty();
    let leave = ret.leave_value();
    let fallible = matches!(ret, BodyReturn::Result(_));
    // An acmgr always has cleanup: its exit.
    let cleanup = kind == Kind::Acmgr || lower::has_cleanup(&body);
    let sections = lower::body(
        &mut body,
        &Lowering {
            krate,
            ret_ty: &ret_ty,
            yield_ty,
            leave: &leave,
            fallible,
            acmgr: kind == Kind::Acmgr,
            cleanup,
        },
    )?;
    let rebinds = take_arguments(&mut sig);
    let output = output_type(&args, &sig, &ret, kind)?;
    returning(&mut sig, output);
    let policy = drop_policy(krate, args.on_drop, cleanup, sections);
    let detach = detach(&args, cleanup, &sig, yield_ty)?;
    let reporter = reporter(krate, &sig.ident, &ret_ty, cleanup && fallible);
    let generator = new_generator(&GenParts {
        krate,
        yield_ty,
        policy: &policy,
        rebinds: &rebinds,
        ret_ty: &ret_ty,
        body: &body,
        reporter: &reporter,
    });
    // The whole call carries `spawn`'s span: a body that is not `Send` is
    // reported there.
    let generator = match detach {
        Some(span) => quote_spanned! {span=>
            #krate::__private::on_drop_spawn::needs_a_body_that_is_send_and_static(#generator)
        },
        None => generator,
    };
    let boxing = boxing_call(&args, kind);
    Ok(quote! {
        #(#attrs)*
        #vis #sig {
            #boxing(#generator)
        }
    })
}

/// Where `on_drop = spawn` was written, when there is cleanup to hand over:
/// the generator is boxed (the body's own allocation) and must be `Send +
/// 'static`; the compiler's error about that points at `spawn`.
fn detach(
    args: &GeneratorArgs,
    cleanup: bool,
    sig: &syn::Signature,
    yield_ty: &syn::Type,
) -> syn::Result<Option<proc_macro2::Span>> {
    match args.on_drop {
        OnDrop::Spawn(span) if cleanup => {
            spawn::check_static(sig, yield_ty)?;
            Ok(Some(span))
        }
        _ => Ok(None),
    }
}

/// The signature of the generated function: not `async`, returning `output`.
fn returning(sig: &mut syn::Signature, output: syn::Type) {
    sig.asyncness = None;
    sig.output = ReturnType::Type(Default::default(), Box::new(output));
}

/// The generator's drop policy: what it does with cleanup still waiting
/// when it is dropped (`NoCleanup` without cleanup), behind `Sections` when
/// it has sections. Shared with `async_gen!`, whose policy is `report`.
pub(super) fn drop_policy(
    krate: &TokenStream,
    on_drop: OnDrop,
    cleanup: bool,
    sections: bool,
) -> TokenStream {
    let policy = match on_drop {
        _ if !cleanup => quote!(#krate::__private::NoCleanup),
        OnDrop::Report => quote!(#krate::__private::ReportAbandoned),
        OnDrop::Block => quote!(#krate::__private::BlockInPlace),
        OnDrop::Spawn(_) => quote!(#krate::__private::SpawnRest),
    };
    if sections {
        quote!(#krate::__private::Sections<#policy>)
    } else {
        policy
    }
}

/// What reports an error the cleanup returns while the generator is
/// dropped: with its `Debug` when it has one, decided here, where the error
/// type is known (`typed`: a fallible body with cleanup); else by type.
fn reporter(
    krate: &TokenStream,
    fn_name: &syn::Ident,
    ret_ty: &syn::Type,
    typed: bool,
) -> TokenStream {
    if !typed {
        return quote!(#krate::__private::ReportByType);
    }
    let name = quote!(::core::concat!(
        ::core::module_path!(),
        "::",
        ::core::stringify!(#fn_name)
    ));
    let output = names::output();
    let error = names::error();
    quote! {
        |#output: &#ret_ty| {
            if let ::core::result::Result::Err(#error) = #output {
                #[allow(unused_imports)]
                use #krate::__private::{ReportDebug as _, ReportOpaque as _};
                (&#krate::__private::Dropped(#name, #error)).report();
            }
        }
    }
}

/// What the generator is wrapped in: an acmgr's `Acmgr::new`, a box, or
/// nothing.
fn boxing_call(args: &GeneratorArgs, kind: Kind) -> TokenStream {
    let krate = &args.krate;
    match (args.boxing, kind) {
        (_, Kind::Acmgr) => quote!(#krate::__private::Acmgr::new),
        (Boxing::No, Kind::Generator) => quote!(),
        (Boxing::Send | Boxing::Local, Kind::Generator) => quote!(::std::boxed::Box::pin),
    }
}

/// On error: the error, and the function in the shape its expansion would
/// have (its signature, returning what the attribute makes it return, and a
/// body that type-checks and never runs), so that one mistake does not
/// cascade into errors at every use of the function (as thiserror's
/// fallback does), and IDEs still see its signature. Where that shape
/// cannot be built, the `async fn` as written, its body `panic!()`.
fn with_error(args: TokenStream, input: TokenStream, error: syn::Error, kind: Kind) -> TokenStream {
    let error = error.to_compile_error();
    // Too deep to parse safely: the error alone.
    if crate::nesting::check(&input, "").is_err() {
        return error;
    }
    let item = shape(args, input.clone(), kind).or_else(|| panicking(input));
    quote!(#error #item)
}

/// The function as its expansion would declare it, with a body that panics
/// (never run: the crate does not compile). `None` when the arguments or
/// the function do not parse, or the shape is not one the body could have:
/// a `const fn` (the body's calls would be errors of their own), an item
/// type with an `impl Trait` (inferred from yields the body does not have),
/// `boxed` without a lifetime for the box. An acmgr written `boxed` (an
/// error) gets the shape of one without.
fn shape(args: TokenStream, input: TokenStream, kind: Kind) -> Option<TokenStream> {
    let mut args = GeneratorArgs::parse(args, kind.attr()).ok()?;
    // An acmgr is never boxed: its one shape is the unboxed one.
    if kind == Kind::Acmgr {
        args.boxing = Boxing::No;
    }
    let func = parse::parse(input, kind.attr()).ok()?;
    if func.sig.constness.is_some() || has_impl_trait(&args.yield_ty) {
        return None;
    }
    let GeneratorFn {
        attrs,
        vis,
        mut sig,
        body,
        ret,
    } = func;
    let output = output_type(&args, &sig, &ret, kind).ok()?;
    returning(&mut sig, output);
    if body.is_none() {
        return Some(quote!(#(#attrs)* #sig;));
    }
    let krate = &args.krate;
    let generator = new_generator(&GenParts {
        krate,
        yield_ty: &args.yield_ty,
        policy: &quote!(#krate::__private::NoCleanup),
        rebinds: &[],
        ret_ty: &ret.ty(),
        body: &syn::parse_quote!({ ::core::panic!() }),
        reporter: &quote!(#krate::__private::ReportByType),
    });
    let boxing = boxing_call(&args, kind);
    Some(quote! {
        #(#attrs)*
        #[allow(unused_variables, unused_mut)]
        #vis #sig {
            #boxing(#generator)
        }
    })
}

/// The `async fn` as written, its body `panic!()`.
fn panicking(input: TokenStream) -> Option<TokenStream> {
    let ItemFn {
        attrs, vis, sig, ..
    } = syn::parse2::<ItemFn>(input).ok()?;
    // syn gives the body's inner attributes (`#![allow(..)]`) with the
    // function's: they stay inside the body, where they are allowed.
    let (outer, inner): (Vec<_>, Vec<_>) = attrs
        .into_iter()
        .partition(|attr| matches!(attr.style, syn::AttrStyle::Outer));
    Some(quote! {
        #(#outer)*
        #[allow(unused_variables, unused_mut, unreachable_code, clippy::diverging_sub_expression)]
        #vis #sig { #(#inner)* ::core::panic!() }
    })
}

/// Whether `ty` has an `impl Trait` in it.
fn has_impl_trait(ty: &syn::Type) -> bool {
    struct Finder(bool);
    impl<'ast> syn::visit::Visit<'ast> for Finder {
        fn visit_type_impl_trait(&mut self, _: &'ast syn::TypeImplTrait) {
            self.0 = true;
        }
    }
    let mut finder = Finder(false);
    syn::visit::Visit::visit_type(&mut finder, ty);
    finder.0
}

/// What the `Gen::new(..)` call that builds a generator is made of.
pub(super) struct GenParts<'a> {
    pub(super) krate: &'a TokenStream,
    pub(super) yield_ty: &'a syn::Type,
    pub(super) policy: &'a TokenStream,
    /// The arguments moved into the body (none for `async_gen!`).
    pub(super) rebinds: &'a [Stmt],
    pub(super) ret_ty: &'a syn::Type,
    pub(super) body: &'a syn::Block,
    pub(super) reporter: &'a TokenStream,
}

/// The `Gen::new(..)` call, shared by the attribute and `async_gen!`: the
/// token's binding, which the runtime's safety rests on, is written once.
pub(super) fn new_generator(parts: &GenParts<'_>) -> TokenStream {
    let GenParts {
        krate,
        yield_ty,
        policy,
        rebinds,
        ret_ty,
        body,
        reporter,
    } = parts;
    let co = names::co();
    let slot = names::slot();
    let ret_var = names::ret();
    let private = names::private();
    quote! {
            #krate::__private::Gen::<#yield_ty, _, #policy, _>::new(
                // No annotation on the handle: the closure's signature comes from
                // `Gen::new`'s bound, so borrow errors name `yield = T`'s
                // lifetimes, not a closure's.
                move |#co| async move {
                    // SAFETY: the body's first statement binds the token
                    // `Gen::new` handed to this closure, which is never moved.
                    let #slot = #krate::__private::Co::<#yield_ty>::here().await;
                    unsafe { #krate::__private::Slot::bind(#slot, &#co) };
                    #[allow(unused_imports)]
                    use #krate::__private as #private;
                    #(#rebinds)*
                    // The body ends in `return`s; this typed `let` and the
                    // `return` below only fix the async block's output type.
                    #[allow(unreachable_code, clippy::diverging_sub_expression)]
                    let #ret_var: #ret_ty = #body;
                    #[allow(unreachable_code)]
                    return #ret_var;
                },
                #reporter,
            )
    }
}

/// A trait method declaration: the signature with its returned type.
fn declaration(args: &GeneratorArgs, func: GeneratorFn, kind: Kind) -> syn::Result<TokenStream> {
    let GeneratorFn {
        attrs,
        mut sig,
        ret,
        ..
    } = func;
    let output = output_type(args, &sig, &ret, kind)?;
    returning(&mut sig, output);
    Ok(quote!(#(#attrs)* #sig;))
}

/// What the function returns, as its signature says.
fn output_type(
    args: &GeneratorArgs,
    sig: &syn::Signature,
    ret: &BodyReturn,
    kind: Kind,
) -> syn::Result<syn::Type> {
    let krate = &args.krate;
    let yield_ty = &args.yield_ty;
    let item = ret.item(yield_ty);
    let closed = ret.ty();
    Ok(match args.boxing {
        Boxing::No if kind == Kind::Acmgr => syn::parse_quote! {
            #krate::Acmgr<
                impl #krate::AcmBody<Resource = #yield_ty, Exit = #closed>
            >
        },
        Boxing::No => syn::parse_quote! {
            // `FusedStream` comes with it: a supertrait of `AsyncGenerator`.
            impl #krate::AsyncGenerator<Item = #item, Closed = #closed>
        },
        Boxing::Send => {
            let lifetime = boxing::box_lifetime(sig)?;
            syn::parse_quote!(#krate::BoxAsyncGenerator<#lifetime, #item, #closed>)
        }
        Boxing::Local => {
            let lifetime = boxing::box_lifetime(sig)?;
            syn::parse_quote!(#krate::LocalBoxAsyncGenerator<#lifetime, #item, #closed>)
        }
    })
}

/// `ty` with every `impl Trait` in it replaced by `_`.
fn infer_impl_trait(ty: &syn::Type) -> syn::Type {
    struct Infer;
    impl syn::visit_mut::VisitMut for Infer {
        fn visit_type_mut(&mut self, ty: &mut syn::Type) {
            if let syn::Type::ImplTrait(impl_trait) = ty {
                let span = impl_trait.impl_token.span;
                *ty = syn::parse_quote_spanned!(span=> _);
            } else {
                syn::visit_mut::visit_type_mut(self, ty);
            }
        }
    }
    let mut ty = ty.clone();
    syn::visit_mut::VisitMut::visit_type_mut(&mut Infer, &mut ty);
    ty
}

/// Moves every argument into the body, as an `async fn` does, even those the
/// body does not use (they are dropped with the generator, not at the call).
/// Patterns other than plain names are renamed and destructured inside.
fn take_arguments(sig: &mut syn::Signature) -> Vec<Stmt> {
    let mut rebinds = Vec::new();
    for (index, input) in sig.inputs.iter_mut().enumerate() {
        let FnArg::Typed(typed) = input else { continue };
        // A parameter configured out has no rebind either.
        let cfgs = typed
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("cfg") || attr.path().is_ident("cfg_attr"));
        let cfgs: Vec<_> = cfgs.cloned().collect();
        match &mut *typed.pat {
            Pat::Ident(PatIdent {
                by_ref: None,
                mutability,
                ident,
                subpat: None,
                ..
            }) => {
                let mutability = mutability.take();
                rebinds.push(syn::parse_quote!(#(#cfgs)* let #mutability #ident = #ident;));
            }
            pat => {
                let renamed = names::arg(index);
                let original = std::mem::replace(
                    pat,
                    Pat::Ident(PatIdent {
                        attrs: Vec::new(),
                        by_ref: None,
                        mutability: None,
                        ident: renamed.clone(),
                        subpat: None,
                    }),
                );
                // Moved out of the parameter (a block), so that `ref mut x`
                // borrows a temporary the `let` extends, not the immutable
                // parameter.
                rebinds.push(syn::parse_quote!(#(#cfgs)* let #original = { #renamed };));
            }
        }
    }
    rebinds
}
