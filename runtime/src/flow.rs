//! The record of how a `finally!`-protected block was left.
//!
//! The macro lowers
//!
//! ```text
//! { before; finally! { F } rest }
//! ```
//!
//! into
//!
//! ```text
//! { before;
//!   let flow = 'protected: { Flow::Normal({ rest }) };   // `return x` => break 'protected Flow::Return(x)
//!   { F }
//!   match flow { Normal(v) => v, Return(r) => return r, Jump(0) => break, .. } }
//! ```
//!
//! so every exit of `rest` passes through `F`, then continues where it was
//! going. Nested blocks re-dispatch outward, so cleanups run innermost first.

/// How a protected block was left.
#[derive(Debug)]
pub enum Flow<N, R> {
    /// It ran to its end with this value.
    Normal(N),
    /// `return`, `?`, or a close: the generator body is returning this.
    Return(R),
    /// `break` or `continue` to a loop outside the block; the number picks
    /// which one in the dispatch after the cleanup.
    Jump(u32),
}

/// Weighs a fallible cleanup's outcome against how its block was left: the
/// first error of an unwinding is the one returned; a cleanup error arriving
/// while another is already being returned goes to `displaced` (which
/// reports it), never silently dropped.
#[inline]
pub fn after_cleanup<N, E>(
    flow: Flow<N, Result<(), E>>,
    cleanup: Result<(), E>,
    // A function pointer, not a closure type: one instance per `N` and `E`,
    // not one per generator.
    displaced: fn(E),
) -> Flow<N, Result<(), E>> {
    match (flow, cleanup) {
        (flow, Ok(())) => flow,
        (Flow::Return(Err(first)), Err(second)) => {
            displaced(second);
            Flow::Return(Err(first))
        }
        (_, Err(error)) => Flow::Return(Err(error)),
    }
}

/// The identity: `break 'cleanup exit(value)` keeps a value that starts with
/// `::` from reading as a label to parsers that do not glue `::`.
#[inline]
pub fn exit<R>(value: R) -> R {
    value
}

/// Whether a fallible body's block was left by an error (`?`, `return Err`):
/// what `finally!(|outcome| ..)` is told as `Failed`.
#[inline]
pub fn returns_error<N, E>(flow: &Flow<N, Result<(), E>>) -> bool {
    matches!(flow, Flow::Return(Err(_)))
}

/// [`returns_error`] for the body's own block, whose value is what the body
/// returns: ending with `Err(e)` is failing too.
#[inline]
pub fn ends_in_error<E>(flow: &Flow<Result<(), E>, Result<(), E>>) -> bool {
    matches!(flow, Flow::Return(Err(_)) | Flow::Normal(Err(_)))
}
