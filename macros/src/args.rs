//! Attribute arguments: `yield = T`, `on_drop = report | block | spawn`,
//! `crate = path`.

use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{ParseStream, Parser};
use syn::{Ident, Path, Token, Type};

/// What a generator does with cleanup still waiting when it is dropped.
#[derive(Clone, Copy, Debug)]
pub(crate) enum OnDrop {
    Report,
    Block,
    /// The rest runs in a task; the generator is boxed, its body must be
    /// `Send + 'static`. Where `spawn` was written, for errors about it.
    Spawn(Span),
}

/// Whether the function returns a boxed generator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Boxing {
    No,
    /// `boxed`: `BoxAsyncGenerator` (`Send`).
    Send,
    /// `boxed_local`: `LocalBoxAsyncGenerator`.
    Local,
}

pub(crate) struct GeneratorArgs {
    pub(crate) yield_ty: Type,
    pub(crate) on_drop: OnDrop,
    pub(crate) boxing: Boxing,
    /// Where `boxed`/`boxed_local` was written, for errors about it.
    pub(crate) boxing_span: Span,
    /// The path of the `asyncgen` crate (`::asyncgen` unless renamed).
    pub(crate) krate: TokenStream,
}

const EXPECTED: &str = "expected `yield = T`, `on_drop = report | block | spawn`, `boxed`, \
                        `boxed_local` or `crate = path`";

impl GeneratorArgs {
    pub(crate) fn parse(tokens: TokenStream, attr: &str) -> syn::Result<Self> {
        let parser = |input: ParseStream| parse_args(input, attr);
        parser.parse2(tokens)
    }
}

fn parse_args(input: ParseStream, attr: &str) -> syn::Result<GeneratorArgs> {
    let mut yield_ty = None;
    let mut on_drop = None;
    let mut krate = None;
    let mut boxing = None;
    let mut boxing_span = Span::call_site();
    while !input.is_empty() {
        if input.peek(Token![yield]) {
            let key: Token![yield] = input.parse()?;
            let ty = yield_type(input, key.span)?;
            set_once(&mut yield_ty, ty, key.span, "yield")?;
        } else if input.peek(Token![crate]) {
            let key: Token![crate] = input.parse()?;
            expect_eq(input, key.span, "crate", "path")?;
            let path: Path = input.parse()?;
            set_once(&mut krate, quote!(#path), key.span, "crate")?;
        } else if input.peek(Ident) {
            let key: Ident = input.parse()?;
            if key == "boxed" || key == "boxed_local" {
                boxing = Some(boxing_kind(&key, boxing)?);
                boxing_span = key.span();
                if !input.is_empty() {
                    input.parse::<Token![,]>()?;
                }
                continue;
            }
            if key != "on_drop" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}` for `#[{attr}]`; {EXPECTED}"),
                ));
            }
            expect_eq(input, key.span(), "on_drop", "report | block | spawn")?;
            let policy = drop_policy(input)?;
            set_once(&mut on_drop, policy, key.span(), "on_drop")?;
        } else {
            return Err(input.error(format!("unexpected argument for `#[{attr}]`; {EXPECTED}")));
        }
        if !input.is_empty() {
            input.parse::<Token![,]>()?;
        }
    }
    let yield_ty = yield_ty.ok_or_else(|| {
        syn::Error::new(
            Span::call_site(),
            format!(
                "missing `yield = T`: name the type of the values the generator yields, \
                 e.g. `#[{attr}(yield = u32)]`"
            ),
        )
    })?;
    Ok(GeneratorArgs {
        yield_ty,
        on_drop: on_drop.unwrap_or(OnDrop::Report),
        boxing: boxing.unwrap_or(Boxing::No),
        boxing_span,
        krate: krate.unwrap_or_else(|| quote!(::asyncgen)),
    })
}

/// The type after `yield =`.
fn yield_type(input: ParseStream, key: Span) -> syn::Result<Type> {
    expect_eq(input, key, "yield", "T")?;
    if input.is_empty() || input.peek(Token![,]) {
        return Err(syn::Error::new(
            key,
            "expected a type after `yield =`, e.g. `yield = u32`",
        ));
    }
    input.parse()
}

/// What `boxed` or `boxed_local` (`key`) asks for, given what was asked
/// before.
fn boxing_kind(key: &Ident, before: Option<Boxing>) -> syn::Result<Boxing> {
    let kind = if key == "boxed" {
        Boxing::Send
    } else {
        Boxing::Local
    };
    if before.is_some() {
        let message = if before == Some(kind) {
            format!("`{key}` is given twice")
        } else {
            "`boxed` and `boxed_local` exclude each other: pick one".to_owned()
        };
        return Err(syn::Error::new(key.span(), message));
    }
    Ok(kind)
}

/// The policy after `on_drop =`.
fn drop_policy(input: ParseStream) -> syn::Result<OnDrop> {
    let value: Ident = input.parse()?;
    if value == "report" {
        Ok(OnDrop::Report)
    } else if value == "block" {
        if cfg!(feature = "on-drop-block") {
            Ok(OnDrop::Block)
        } else {
            Err(syn::Error::new(
                value.span(),
                "`on_drop = block` needs the feature `on-drop-block` of `asyncgen`: enable it \
                 on the dependency, e.g. `asyncgen = { version = \"0.1\", features = \
                 [\"on-drop-block\"] }` (the feature `tokio` enables it too)",
            ))
        }
    } else if value == "spawn" {
        if cfg!(feature = "on-drop-spawn") {
            Ok(OnDrop::Spawn(value.span()))
        } else {
            Err(syn::Error::new(
                value.span(),
                "`on_drop = spawn` needs the feature `on-drop-spawn` of `asyncgen` (on by \
                 default): enable it on the dependency, e.g. `asyncgen = { version = \"0.1\", \
                 features = [\"on-drop-spawn\"] }`",
            ))
        }
    } else {
        Err(syn::Error::new(
            value.span(),
            format!("unknown drop policy `{value}`; expected `report`, `block` or `spawn`"),
        ))
    }
}

fn expect_eq(input: ParseStream, key: Span, name: &str, value: &str) -> syn::Result<()> {
    if input.peek(Token![=]) {
        input.parse::<Token![=]>()?;
        Ok(())
    } else {
        Err(syn::Error::new(
            key,
            format!("expected `=` after `{name}`: write `{name} = {value}`"),
        ))
    }
}

fn set_once<T>(slot: &mut Option<T>, value: T, key: Span, name: &str) -> syn::Result<()> {
    if slot.is_some() {
        return Err(syn::Error::new(key, format!("`{name}` is given twice")));
    }
    *slot = Some(value);
    Ok(())
}
