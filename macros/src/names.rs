//! The names the macros recognise in user code and the hygienic names they
//! generate.

use proc_macro2::Span;
use syn::{Ident, Lifetime, Macro};

/// One of this crate's macros (`yield_!`, `finally!`, ...), recognised by the
/// last segment of its path.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum CrateMacro {
    Yield,
    Finally,
    YieldFrom,
    TryYieldFrom,
    Own,
}

impl CrateMacro {
    pub(crate) fn from_name(name: &Ident) -> Option<CrateMacro> {
        Some(if name == "yield_" {
            CrateMacro::Yield
        } else if name == "finally" {
            CrateMacro::Finally
        } else if name == "yield_from" {
            CrateMacro::YieldFrom
        } else if name == "try_yield_from" {
            CrateMacro::TryYieldFrom
        } else if name == "own" {
            CrateMacro::Own
        } else {
            return None;
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            CrateMacro::Yield => "yield_",
            CrateMacro::Finally => "finally",
            CrateMacro::YieldFrom => "yield_from",
            CrateMacro::TryYieldFrom => "try_yield_from",
            CrateMacro::Own => "own",
        }
    }
}

/// `async_gen!`, recognised inside a body: a generator of its own.
pub(crate) const INLINE_GENERATOR: &str = "async_gen";

/// The generator attribute, recognised on nested `fn` items.
pub(crate) const GENERATOR_ATTRIBUTE: &str = "async_generator";

/// The acmgr attribute, as its errors name it.
pub(crate) const ACMGR_ATTRIBUTE: &str = "acmgr";

/// Whether `name` is one of the yields: a yield macro or, under
/// `#![feature(coroutines)]`, the bare `yield` keyword.
pub(crate) fn is_yield_name(name: &Ident) -> bool {
    name == "yield"
        || matches!(
            CrateMacro::from_name(name),
            Some(CrateMacro::Yield | CrateMacro::YieldFrom | CrateMacro::TryYieldFrom)
        )
}

pub(crate) fn classify(mac: &Macro) -> Option<CrateMacro> {
    CrateMacro::from_name(&mac.path.segments.last()?.ident)
}

/// Generated locals and labels use `mixed_site` hygiene: user code can
/// neither see nor shadow them.
fn hygienic(name: &str) -> Ident {
    Ident::new(name, Span::mixed_site())
}

/// The generator handle inside the body. Named for what it does, since
/// borrow errors about an item type's lifetime name it ("lifetime `'1`
/// appears in the type of `yield_`"); hygiene keeps it out of user code.
pub(crate) fn co() -> Ident {
    hygienic("yield_")
}

/// A local alias of `<krate>::__private` inside the body. Values after a
/// label (`break 'label <value>`) go through it: a value starting with `::`
/// would read as `'label:` to parsers that do not glue `::`.
pub(crate) fn private() -> Ident {
    hygienic("__asyncgen_private")
}

/// The flow record of a protected block.
pub(crate) fn flow() -> Ident {
    hygienic("__asyncgen_flow")
}

/// The body's return value, typed.
pub(crate) fn ret() -> Ident {
    hygienic("__asyncgen_ret")
}

/// A renamed argument whose pattern is rebound inside the body.
pub(crate) fn arg(index: usize) -> Ident {
    hygienic(&format!("__asyncgen_arg{index}"))
}

/// The label of the `n`th protected block.
pub(crate) fn region_label(n: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hygienic(&format!("__asyncgen_protected{n}")),
    }
}

/// The label of the `n`th cleanup block of a fallible body.
pub(crate) fn cleanup_label(n: usize) -> Lifetime {
    Lifetime {
        apostrophe: Span::mixed_site(),
        ident: hygienic(&format!("__asyncgen_cleanup{n}")),
    }
}

/// [`hygienic`], located at the user's `at`: an error about it is reported
/// there.
fn hygienic_at(name: &str, at: Span) -> Ident {
    Ident::new(name, Span::mixed_site().located_at(at))
}

/// The token `Co::here` finds, bound or filled with a yielded value.
pub(crate) fn slot() -> Ident {
    hygienic("__asyncgen_slot")
}

/// A yielded value, typed, before it goes into its slot.
pub(crate) fn yielded() -> Ident {
    hygienic("__asyncgen_yielded")
}

/// A value passed on: a suspension's result, a region's value, a section's.
pub(crate) fn value() -> Ident {
    hygienic("__asyncgen_value")
}

/// The `Ok` value of a rewritten `?`.
pub(crate) fn ok() -> Ident {
    hygienic("__asyncgen_ok")
}

/// An error being returned, reported or absorbed.
pub(crate) fn error() -> Ident {
    hygienic("__asyncgen_error")
}

/// A generated `label`, located at the user's `at` (a `?`) and keeping its
/// hygiene.
pub(crate) fn label_at(label: &Lifetime, at: Span) -> Lifetime {
    Lifetime {
        apostrophe: label.apostrophe.located_at(at),
        ident: Ident::new(&label.ident.to_string(), label.ident.span().located_at(at)),
    }
}

/// [`error`], located at the user's `at` (a `?`).
pub(crate) fn error_at(at: Span) -> Ident {
    hygienic_at("__asyncgen_error", at)
}

/// The body's output, as a reporter of dropped errors sees it.
pub(crate) fn output() -> Ident {
    hygienic("__asyncgen_output")
}

/// The body's tail value, typed.
pub(crate) fn tail() -> Ident {
    hygienic("__asyncgen_tail")
}

/// What a fallible cleanup failed with, if it did.
pub(crate) fn failure() -> Ident {
    hygienic("__asyncgen_failure")
}

/// A suspension's result, with owned inner generators to close.
pub(crate) fn step() -> Ident {
    hygienic("__asyncgen_step")
}

/// The pinned generator `yield_from!` delegates to.
pub(crate) fn inner() -> Ident {
    hygienic("__asyncgen_inner")
}

/// An item of the generator `yield_from!` delegates to.
pub(crate) fn item() -> Ident {
    hygienic("__asyncgen_item")
}

/// [`item`], located at the user's delegated expression `at`.
pub(crate) fn item_at(at: Span) -> Ident {
    hygienic_at("__asyncgen_item", at)
}

/// The pinned generator of the `n`th `own!`.
pub(crate) fn owned(n: usize) -> Ident {
    hygienic(&format!("__asyncgen_owned{n}"))
}

/// The attribute marking a parsed `finally!` block between lowering passes.
pub(crate) const FINALLY_MARKER: &str = "__asyncgen_finally";

/// The marker attribute's name, as [`FINALLY_MARKER`] is written.
pub(crate) fn finally_marker() -> Ident {
    Ident::new(FINALLY_MARKER, Span::call_site())
}

/// Whether `attr` is the marker of a `finally!` block.
pub(crate) fn is_finally_marker(attr: &syn::Attribute) -> bool {
    attr.path().is_ident(FINALLY_MARKER)
}

/// Placeholders in the lowering's templates, filled after they are parsed
/// with the protected rest and the cleanup, which are never parsed again.
pub(crate) const PROTECTED_HOLE: &str = "__asyncgen_protected_hole";
pub(crate) const CLEANUP_HOLE: &str = "__asyncgen_cleanup_hole";

/// A placeholder of the lowering's templates ([`PROTECTED_HOLE`] or
/// [`CLEANUP_HOLE`]).
pub(crate) fn hole(name: &str) -> Ident {
    hygienic(name)
}
