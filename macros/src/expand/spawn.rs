//! `on_drop = spawn`: the rest of the cleanup may run in a task after the
//! caller has returned, so the body must not borrow. A borrow written in
//! the signature is rejected here, on its span, in words; the rest (`Send`,
//! a generic parameter's lifetime) is left to the compiler, whose error
//! points at `spawn`.

use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::visit::{self, Visit};
use syn::{FnArg, Lifetime, Signature, Type};

const WHY: &str = "`on_drop = spawn` needs a body that is `Send + 'static`: the rest of its \
                   cleanup may run in a task after the caller's data is gone";

pub(super) fn check_static(sig: &Signature, yield_ty: &Type) -> syn::Result<()> {
    if let Some(receiver) = sig.receiver() {
        let borrowed = match &receiver.kind {
            syn::ReceiverKind::Value => false,
            syn::ReceiverKind::Reference(..) => true,
            syn::ReceiverKind::Typed(_, ty) => borrows(ty).is_some(),
            // A receiver form newer than this crate: let the compiler judge.
            _ => false,
        };
        if borrowed {
            return Err(syn::Error::new(
                receiver.span(),
                format!(
                    "{WHY}; this method borrows `self`: take `self` by value (e.g. an \
                     `Arc<Self>` clone), or use `on_drop = report` or `block`"
                ),
            ));
        }
    }
    for input in &sig.inputs {
        if let FnArg::Typed(typed) = input {
            if let Some(span) = borrows(&typed.ty) {
                return Err(syn::Error::new(
                    span,
                    format!(
                        "{WHY}; this argument borrows: take an owned value (e.g. `String`, \
                         `Arc<T>`), or use `on_drop = report` or `block`"
                    ),
                ));
            }
        }
    }
    if let Some(span) = borrows(yield_ty) {
        return Err(syn::Error::new(
            span,
            format!("{WHY}; the yielded type borrows: yield owned values"),
        ));
    }
    Ok(())
}

/// The span of the first borrow in `ty`: a reference or a lifetime other
/// than `'static`.
fn borrows(ty: &Type) -> Option<Span> {
    let mut found = Borrows(None);
    found.visit_type(ty);
    found.0
}

struct Borrows(Option<Span>);

impl<'ast> Visit<'ast> for Borrows {
    fn visit_type_reference(&mut self, reference: &'ast syn::TypeReference) {
        match &reference.lifetime {
            Some(lifetime) if lifetime.ident == "static" => {
                visit::visit_type_reference(self, reference);
            }
            _ => {
                self.0.get_or_insert(reference.span());
            }
        }
    }

    fn visit_lifetime(&mut self, lifetime: &'ast Lifetime) {
        if lifetime.ident != "static" {
            self.0.get_or_insert(lifetime.span());
        }
    }
}
