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
//!     Gen::<u32, _, _, Report>::new(move |__co: Co<u32>| async move {
//!         let to = to;
//!         let __ret: () = { for i in 0..to { <yield i, leaving on close> } };
//!         return __ret;
//!     })
//! }
//! ```

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::{FnArg, Pat, PatIdent, ReturnType, Stmt};

use super::boxing;
use super::spawn;
use super::with_error;
use crate::args::{Boxing, GeneratorArgs, OnDrop};
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
            Kind::Generator => "async_generator",
            Kind::Acmgr => "acmgr",
        }
    }
}

pub(crate) fn generator(args: TokenStream, input: TokenStream) -> TokenStream {
    let original = input.clone();
    expand(args, input, Kind::Generator).unwrap_or_else(|error| with_error(original, error))
}

pub(crate) fn acmgr(args: TokenStream, input: TokenStream) -> TokenStream {
    let original = input.clone();
    expand(args, input, Kind::Acmgr).unwrap_or_else(|error| with_error(original, error))
}

fn expand(args: TokenStream, input: TokenStream, kind: Kind) -> syn::Result<TokenStream> {
    crate::nesting::check(&input, &format!("`#[{}]`", kind.attr()))?;
    let (args, func) = match (
        GeneratorArgs::parse(args, kind.attr()),
        parse::parse(input, kind.attr()),
    ) {
        (Ok(args), Ok(func)) => (args, func),
        (Err(mut first), Err(second)) => {
            first.combine(second);
            return Err(first);
        }
        (Err(error), _) | (_, Err(error)) => return Err(error),
    };
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
    // An acmgr always has cleanup: its exit.
    let cleanup = kind == Kind::Acmgr || lower::has_cleanup(&body);
    let sections = lower::body(
        &mut body,
        &Lowering {
            krate,
            ret_ty: &ret_ty,
            yield_ty,
            leave: &leave,
            fallible: matches!(ret, BodyReturn::Result(_)),
            acmgr: kind == Kind::Acmgr,
            cleanup,
        },
    )?;
    let rebinds = take_arguments(&mut sig);
    sig.asyncness = None;
    let output = output_type(&args, &sig, &ret, kind)?;
    sig.output = ReturnType::Type(Default::default(), Box::new(output));
    let policy = match args.on_drop {
        _ if !cleanup => quote!(#krate::__private::NoCleanup),
        OnDrop::Report => quote!(#krate::__private::Report),
        OnDrop::Block => quote!(#krate::__private::Block),
        OnDrop::Spawn(_) => quote!(#krate::__private::Spawn),
    };
    // `on_drop = spawn`, with cleanup to hand over: the generator is boxed
    // (the body's own allocation) and must be `Send + 'static`; the
    // compiler's error about that points at `spawn`.
    let detach = match args.on_drop {
        OnDrop::Spawn(span) if cleanup => {
            spawn::check_static(&sig, yield_ty)?;
            Some(span)
        }
        _ => None,
    };
    let policy = if sections {
        quote!(#krate::__private::Sections<#policy>)
    } else {
        policy
    };
    // An error the cleanup returns while the generator is dropped is
    // reported with its `Debug` when it has one: decided here, where the
    // error type is known.
    let fn_name = &sig.ident;
    let name = quote!(::core::concat!(
        ::core::module_path!(),
        "::",
        ::core::stringify!(#fn_name)
    ));
    let reporter = if cleanup && matches!(ret, BodyReturn::Result(_)) {
        let output = proc_macro2::Ident::new("__asyncgen_output", proc_macro2::Span::mixed_site());
        let error = proc_macro2::Ident::new("__asyncgen_error", proc_macro2::Span::mixed_site());
        quote! {
            |#output: &#ret_ty| {
                if let ::core::result::Result::Err(#error) = #output {
                    #[allow(unused_imports)]
                    use #krate::__private::{ReportDebug as _, ReportOpaque as _};
                    (&#krate::__private::Dropped(#name, #error)).report();
                }
            }
        }
    } else {
        quote!(#krate::__private::ReportByType)
    };
    let boxing = match (args.boxing, kind) {
        (_, Kind::Acmgr) => quote!(#krate::__private::Acmgr::new),
        (Boxing::No, Kind::Generator) => quote!(),
        (Boxing::Send | Boxing::Local, Kind::Generator) => quote!(::std::boxed::Box::pin),
    };
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
    Ok(quote! {
        #(#attrs)*
        #vis #sig {
            #boxing(#generator)
        }
    })
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
    let slot = proc_macro2::Ident::new("__asyncgen_slot", proc_macro2::Span::mixed_site());
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
    sig.asyncness = None;
    let output = output_type(args, &sig, &ret, kind)?;
    sig.output = ReturnType::Type(Default::default(), Box::new(output));
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
            #krate::__private::Acmgr<
                impl #krate::__private::AcmMachine<Resource = #yield_ty, Exit = #closed>
            >
        },
        Boxing::No => syn::parse_quote! {
            // `FusedStream` comes with it: a supertrait of `AsyncGenerator`.
            impl #krate::__private::AsyncGenerator<Item = #item, Closed = #closed>
        },
        Boxing::Send => {
            let lifetime = boxing::box_lifetime(sig)?;
            syn::parse_quote!(#krate::__private::BoxAsyncGenerator<#lifetime, #item, #closed>)
        }
        Boxing::Local => {
            let lifetime = boxing::box_lifetime(sig)?;
            syn::parse_quote!(#krate::__private::LocalBoxAsyncGenerator<#lifetime, #item, #closed>)
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
