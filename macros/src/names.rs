//! The names the macros recognise in user code and the hygienic names they
//! generate.

use proc_macro2::Span;
use syn::{Ident, Lifetime, Macro};

/// A macro of ours, recognised by the last segment of its path.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Ours {
    Yield,
    Finally,
    YieldFrom,
    TryYieldFrom,
    Own,
}

impl Ours {
    pub(crate) fn from_name(name: &Ident) -> Option<Ours> {
        Some(if name == "yield_" {
            Ours::Yield
        } else if name == "finally" {
            Ours::Finally
        } else if name == "yield_from" {
            Ours::YieldFrom
        } else if name == "try_yield_from" {
            Ours::TryYieldFrom
        } else if name == "own" {
            Ours::Own
        } else {
            return None;
        })
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Ours::Yield => "yield_",
            Ours::Finally => "finally",
            Ours::YieldFrom => "yield_from",
            Ours::TryYieldFrom => "try_yield_from",
            Ours::Own => "own",
        }
    }
}

pub(crate) fn classify(mac: &Macro) -> Option<Ours> {
    Ours::from_name(&mac.path.segments.last()?.ident)
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

/// The attribute marking a parsed `finally!` block between lowering passes.
pub(crate) const FINALLY_MARKER: &str = "__asyncgen_finally";
