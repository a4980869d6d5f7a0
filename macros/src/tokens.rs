//! The one scan over tokens: the input of other macros, which the attribute
//! cannot parse, and whole bodies where a quick look is enough.

use proc_macro2::{Ident, TokenStream, TokenTree};

/// What a scan does at a token.
pub(crate) enum Step<T> {
    /// Stop: this is what the scan looks for.
    Found(T),
    /// Go on, into the token's group when it is one.
    Enter,
    /// Go on, past the token (and its group, unseen, when it is one).
    Pass,
}

/// The first thing `step` finds in `tokens`, depth first. `step` sees each
/// token with the one before it at the same level, and a state `S` of its
/// own per level (a fresh one inside each group).
pub(crate) fn scan<S: Default, T>(
    tokens: &TokenStream,
    step: &mut impl FnMut(&mut S, Option<&TokenTree>, &TokenTree) -> Step<T>,
) -> Option<T> {
    let mut state = S::default();
    let mut previous = None;
    for token in tokens.clone() {
        match step(&mut state, previous.as_ref(), &token) {
            Step::Found(found) => return Some(found),
            Step::Enter => {
                if let TokenTree::Group(group) = &token {
                    if let Some(found) = scan(&group.stream(), step) {
                        return Some(found);
                    }
                }
            }
            Step::Pass => {}
        }
        previous = Some(token);
    }
    None
}

/// The name of the macro called at `token` when it is the `!` of `name!`.
pub(crate) fn called<'a>(previous: Option<&'a TokenTree>, token: &TokenTree) -> Option<&'a Ident> {
    match (previous, token) {
        (Some(TokenTree::Ident(name)), TokenTree::Punct(bang)) if bang.as_char() == '!' => {
            Some(name)
        }
        _ => None,
    }
}
