//! A limit on how deeply the input nests, checked before anything parses
//! it.
//!
//! syn's parser and the lowering's passes recurse once or twice per level
//! of nesting, and a proc macro runs on rustc's thread (8 MiB, part of it
//! rustc's own frames), unoptimized: 240 nested closures overflowed it and
//! killed rustc with SIGSEGV. Input nested deeper than this limit gets a
//! spanned error instead. The scan itself keeps an explicit stack: it is
//! not [`tokens::scan`](crate::tokens::scan), which recurses per level and
//! so may run only once the depth is known to be within the limit.

use proc_macro2::{TokenStream, TokenTree};

/// Levels of brackets, braces and parentheses the attributes accept: far
/// beyond code people write, well within the stack (the shallowest
/// overflow measured, nested closures, came at 240 levels).
pub(crate) const MAX_DEPTH: usize = 128;

/// An error at the first group nested deeper than [`MAX_DEPTH`].
pub(crate) fn check(input: &TokenStream, what: &str) -> syn::Result<()> {
    let mut stack = vec![input.clone().into_iter()];
    while let Some(tokens) = stack.last_mut() {
        match tokens.next() {
            Some(TokenTree::Group(group)) => {
                if stack.len() > MAX_DEPTH {
                    return Err(syn::Error::new(
                        group.span_open(),
                        format!(
                            "{what} accepts code nested up to {MAX_DEPTH} levels of brackets \
                             deep, and this goes deeper; move the inner part into a function \
                             (the macro's parser would overflow rustc's stack)"
                        ),
                    ));
                }
                stack.push(group.stream().into_iter());
            }
            Some(_) => {}
            None => {
                stack.pop();
            }
        }
    }
    Ok(())
}
