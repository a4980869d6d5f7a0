//! Other macros' calls inside a generator body.
//!
//! Their input is tokens the attribute cannot see into, except where it
//! parses as a comma-separated list of expressions (`println!`, `format!`,
//! `assert_eq!`, `vec!`...): those are lowered like the body and re-emitted.
//! For the rest, the scans below find what the lowering would have rewritten
//! (an await, an exit, one of our macros) so it is handled or rejected,
//! never passed through unseen.

use proc_macro2::{Span, TokenStream, TokenTree};
use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Expr, Macro, Token};

use crate::names::{self, CrateMacro};
use crate::tokens::{self, Step};

mod select;

pub(crate) use select::is_select;

/// A call's input split into the expressions the lowering can rewrite and
/// the tokens around them.
pub(crate) struct Args {
    parts: Vec<Part>,
    /// For a select: where its arms start (after `biased;`), so that an
    /// arm can be added first.
    arms_start: Option<usize>,
}

enum Part {
    Tokens(TokenStream),
    Expr(Expr),
}

impl Args {
    /// For a select: adds `<head> <handler>,` as its first arm (after
    /// `biased;`, so that it is polled first there too).
    pub(crate) fn add_first_arm(&mut self, head: TokenStream, handler: Expr) {
        let Some(start) = self.arms_start else { return };
        let comma = Part::Tokens(quote::quote!(,));
        self.parts.splice(
            start..start,
            [Part::Tokens(head), Part::Expr(handler), comma],
        );
    }

    /// Whether the tokens around the expressions hold our macros.
    pub(crate) fn find_ours_outside(&self) -> Option<(Span, CrateMacro)> {
        self.parts.iter().find_map(|part| match part {
            Part::Tokens(tokens) => find_ours(tokens),
            Part::Expr(_) => None,
        })
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Expr> {
        self.parts.iter().filter_map(|part| match part {
            Part::Expr(expr) => Some(expr),
            Part::Tokens(_) => None,
        })
    }

    pub(crate) fn iter_mut(&mut self) -> impl Iterator<Item = &mut Expr> {
        self.parts.iter_mut().filter_map(|part| match part {
            Part::Expr(expr) => Some(expr),
            Part::Tokens(_) => None,
        })
    }
}

/// The call's input as expressions and the tokens between them, if every
/// `.await` and exit in it lies in an expression: a list `expr, expr, ...`
/// (`println!`, `assert_eq!`), or, for the known macros, segments separated
/// by `,` or `;` whose expression follows a prefix the attribute recognizes:
/// `name:` (`target:` of `tracing`'s macros), `field =`, `?`, `%` (their
/// fields), or a pattern and `if` (`matches!(e, Some(v) if guard)`);
/// `vec![e; n]` too.
pub(crate) fn args(mac: &Macro) -> Option<Args> {
    if is_select(mac) {
        return select::args(mac);
    }
    if let Ok(list) = mac.parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated) {
        let mut parts = Vec::new();
        for pair in list.into_pairs() {
            let (expr, comma) = pair.into_tuple();
            parts.push(Part::Expr(expr));
            if let Some(comma) = comma {
                parts.push(Part::Tokens(comma.to_token_stream()));
            }
        }
        return Some(Args {
            parts,
            arms_start: None,
        });
    }
    // The other forms only for the known macros whose syntax they are: an
    // unknown macro's `;` or `name:` may mean anything.
    if !never_awaits(mac) {
        return None;
    }
    let mut parts = Vec::new();
    for (segment, separator) in segments(mac.tokens.clone()) {
        let (prefix, rest) = split_prefix(&segment);
        parts.push(Part::Tokens(prefix.into_iter().collect()));
        let rest: TokenStream = rest.into_iter().collect();
        match syn::parse2::<Expr>(rest.clone()) {
            Ok(expr) if !rest.is_empty() => parts.push(Part::Expr(expr)),
            // Tokens the lowering would have had to rewrite: not seen.
            _ if find_await(&rest).is_some() || find_exit(&rest).is_some() => return None,
            _ => parts.push(Part::Tokens(rest)),
        }
        parts.extend(separator.map(|punct| Part::Tokens(TokenTree::Punct(punct).into())));
    }
    Some(Args {
        parts,
        arms_start: None,
    })
}

/// Replaces the call's input by the (rewritten) expressions and the tokens
/// around them.
pub(crate) fn set_args(mac: &mut Macro, args: &Args) {
    let mut tokens = TokenStream::new();
    for part in &args.parts {
        match part {
            Part::Tokens(part) => tokens.extend(part.clone()),
            Part::Expr(expr) => expr.to_tokens(&mut tokens),
        }
    }
    mac.tokens = tokens;
}

/// The input's top-level segments, each with the `,` or `;` after it.
fn segments(tokens: TokenStream) -> Vec<(Vec<TokenTree>, Option<proc_macro2::Punct>)> {
    let mut segments = Vec::new();
    let mut current = Vec::new();
    for token in tokens {
        match token {
            TokenTree::Punct(punct) if matches!(punct.as_char(), ',' | ';') => {
                segments.push((std::mem::take(&mut current), Some(punct)));
            }
            other => current.push(other),
        }
    }
    if !current.is_empty() {
        segments.push((current, None));
    }
    segments
}

/// Splits a segment into a prefix the attribute recognizes and the
/// expression after it.
fn split_prefix(segment: &[TokenTree]) -> (Vec<TokenTree>, Vec<TokenTree>) {
    let is_punct = |index: usize, ch: char| matches!(segment.get(index), Some(TokenTree::Punct(p)) if p.as_char() == ch);
    let joint = |index: usize| matches!(segment.get(index), Some(TokenTree::Punct(p)) if p.spacing() == proc_macro2::Spacing::Joint);
    // A pattern and its guard: `Some(v) if v > 0`.
    if let Some(at) = segment
        .iter()
        .position(|token| matches!(token, TokenTree::Ident(ident) if ident == "if"))
    {
        if at > 0 {
            return (segment[..=at].to_vec(), segment[at + 1..].to_vec());
        }
    }
    let mut start = 0;
    // `name:` (not `name::`), or `a.b.c =` (not `==` nor `=>`).
    let mut path_end = 0;
    while matches!(segment.get(path_end), Some(TokenTree::Ident(_)))
        && (path_end == 0 || is_punct(path_end - 1, '.'))
    {
        path_end += 1;
        if is_punct(path_end, '.') && !joint(path_end) {
            path_end += 1;
        } else {
            break;
        }
    }
    if path_end > 0 {
        let name_colon = is_punct(path_end, ':') && !is_punct(path_end + 1, ':');
        let field_equals = is_punct(path_end, '=');
        if (name_colon || field_equals) && !joint(path_end) {
            start = path_end + 1;
        }
    }
    // The field sigils of `tracing`: `?value`, `%value`.
    while is_punct(start, '?') || is_punct(start, '%') {
        start += 1;
    }
    (segment[..start].to_vec(), segment[start..].to_vec())
}

/// Macros that never await: their calls need no handling.
const NEVER_AWAIT: &[&str] = &[
    "assert",
    "assert_eq",
    "assert_ne",
    "cfg",
    "column",
    "concat",
    "dbg",
    "debug",
    "debug_assert",
    "debug_assert_eq",
    "debug_assert_ne",
    "env",
    "eprint",
    "eprintln",
    "error",
    "event",
    "file",
    "format",
    "format_args",
    "include",
    "include_bytes",
    "include_str",
    "info",
    "line",
    "matches",
    "module_path",
    "option_env",
    "panic",
    "pin",
    "print",
    "println",
    "stringify",
    "todo",
    "trace",
    "unimplemented",
    "unreachable",
    "vec",
    "warn",
    "write",
    "writeln",
];

/// Macros that await inside their own expansion, with no `.await` in their
/// input: `tokio::select!`, `futures::join!`...
const AWAIT_INSIDE: &[&str] = &["join", "pending", "select", "select_biased", "try_join"];

fn name(mac: &Macro) -> String {
    mac.path
        .segments
        .last()
        .map(|segment| segment.ident.to_string())
        .unwrap_or_default()
}

/// Whether the call is `async_gen!`: a generator of its own, expanded by
/// its own macro call; the enclosing body leaves its input alone.
pub(crate) fn is_inline_generator(mac: &Macro) -> bool {
    mac.path
        .segments
        .last()
        .is_some_and(|segment| segment.ident == names::INLINE_GENERATOR)
}

/// Whether the call is known never to await.
pub(crate) fn never_awaits(mac: &Macro) -> bool {
    NEVER_AWAIT.contains(&name(mac).as_str())
}

/// Whether the call is known to await in its expansion.
pub(crate) fn awaits_inside(mac: &Macro) -> bool {
    AWAIT_INSIDE.contains(&name(mac).as_str())
}

/// The span of the first `.await` in the tokens, outside `async` blocks
/// (which are futures of their own).
pub(crate) fn find_await(tokens: &TokenStream) -> Option<Span> {
    // The state: the tokens so far are `async` or `async move`.
    tokens::scan(tokens, &mut |after_async: &mut bool, previous, token| {
        match (previous, token) {
            (Some(TokenTree::Punct(dot)), TokenTree::Ident(ident))
                if dot.as_char() == '.' && ident == "await" =>
            {
                return Step::Found(ident.span());
            }
            (_, TokenTree::Ident(ident)) if ident == "async" => *after_async = true,
            (_, TokenTree::Ident(ident)) if ident == "move" && *after_async => {}
            (_, TokenTree::Group(_)) => {
                return if std::mem::take(after_async) {
                    Step::Pass
                } else {
                    Step::Enter
                };
            }
            _ => *after_async = false,
        }
        Step::Enter
    })
}

/// The span of the first `?`, `return`, `break` or `continue` in the tokens.
pub(crate) fn find_exit(tokens: &TokenStream) -> Option<Span> {
    find(tokens, |_, token| match token {
        TokenTree::Punct(punct) if punct.as_char() == '?' => Some(punct.span()),
        TokenTree::Ident(ident) if ident == "return" || ident == "break" || ident == "continue" => {
            Some(ident.span())
        }
        _ => None,
    })
}

/// The first call of one of our macros in the tokens.
pub(crate) fn find_ours(tokens: &TokenStream) -> Option<(Span, CrateMacro)> {
    find_ours_where(tokens, |_| true)
}

/// The first call of one of our macros that `wanted` accepts.
pub(crate) fn find_ours_where(
    tokens: &TokenStream,
    wanted: impl Fn(CrateMacro) -> bool,
) -> Option<(Span, CrateMacro)> {
    find(tokens, |previous, token| {
        let name = tokens::called(previous, token)?;
        CrateMacro::from_name(name)
            .filter(|ours| wanted(*ours))
            .map(|ours| (name.span(), ours))
    })
}

/// The first token `matches` accepts (seeing it with the one before it),
/// outside the input of `async_gen!`.
fn find<T>(
    tokens: &TokenStream,
    matches: impl Fn(Option<&TokenTree>, &TokenTree) -> Option<T>,
) -> Option<T> {
    // The state: the tokens so far end in `async_gen!`, a generator of its
    // own: what is inside its group is its.
    tokens::scan(tokens, &mut |after_inline_bang: &mut bool,
                               previous,
                               token| {
        if let Some(found) = matches(previous, token) {
            return Step::Found(found);
        }
        let enter = !*after_inline_bang;
        *after_inline_bang =
            tokens::called(previous, token).is_some_and(|name| name == names::INLINE_GENERATOR);
        if enter { Step::Enter } else { Step::Pass }
    })
}
