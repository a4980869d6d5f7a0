//! `boxed`: the lifetime of the box.
//!
//! The box must not outlive what the generator borrows. The lifetime is the
//! one elision would give the return type: the receiver's for `&self`
//! methods, the only input lifetime when there is one, `'static` when there
//! is none. Anything else needs the user to name one lifetime.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{FnArg, GenericParam, Lifetime, Signature};

pub(super) fn box_lifetime(sig: &Signature) -> syn::Result<Lifetime> {
    if let Some(receiver) = sig.receiver() {
        if let syn::ReceiverKind::Reference(_, lifetime, _) = &receiver.kind {
            return Ok(lifetime
                .clone()
                .unwrap_or_else(|| Lifetime::new("'_", receiver.span())));
        }
    }
    let named: Vec<&Lifetime> = sig
        .generics
        .params
        .iter()
        .filter_map(|param| match param {
            GenericParam::Lifetime(param) => Some(&param.lifetime),
            _ => None,
        })
        .collect();
    let mut elided = Elided(0);
    for input in &sig.inputs {
        if let FnArg::Typed(typed) = input {
            elided.visit_type(&typed.ty);
        }
    }
    match (elided.0, named.as_slice()) {
        (0, []) => Ok(Lifetime::new("'static", Span::call_site())),
        (1, []) => Ok(Lifetime::new("'_", Span::call_site())),
        (0, [only]) => Ok((*only).clone()),
        _ => Err(syn::Error::new(
            sig.ident.span(),
            "`boxed` needs one lifetime for the box: the arguments borrow with several; name \
             one lifetime for all of them, e.g. `fn f<'a>(x: &'a str, y: &'a [u8])`",
        )),
    }
}

/// Counts the elided lifetimes in argument types: `&T` and `'_`.
struct Elided(usize);

impl<'ast> Visit<'ast> for Elided {
    fn visit_type_reference(&mut self, reference: &'ast syn::TypeReference) {
        if reference.lifetime.is_none() {
            self.0 += 1;
        }
        visit::visit_type_reference(self, reference);
    }

    fn visit_lifetime(&mut self, lifetime: &'ast Lifetime) {
        if lifetime.ident == "_" {
            self.0 += 1;
        }
    }
}
