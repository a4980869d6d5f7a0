//! Reporting an error that cannot be returned: a cleanup error displaced by
//! the error already being unwound, or an inner generator's close error
//! inside an infallible generator.
//!
//! The macro calls `(&Displaced(error)).report()` with both traits in scope:
//! method resolution picks [`ReportDebug`] when the error type implements
//! `Debug` (the event carries the error), and [`ReportOpaque`] otherwise (the
//! event carries its type name).

use core::fmt::Debug;

/// An error that lost to an earlier one during the same unwinding.
#[derive(Debug)]
pub struct Displaced<E>(pub E);

/// An inner generator's close error that an infallible generator cannot
/// return.
#[derive(Debug)]
pub struct Unreturnable<E>(pub E);

/// Reports an error with its `Debug` rendering.
pub trait ReportDebug {
    /// Emits the `ERROR` event.
    fn report(&self);
}

/// Reports an error by its type name.
pub trait ReportOpaque {
    /// Emits the `ERROR` event.
    fn report(&self);
}

macro_rules! reporter {
    ($wrapper:ident, $message:literal) => {
        impl<E: Debug> ReportDebug for $wrapper<E> {
            fn report(&self) {
                tracing::error!(target: "asyncgen", error = ?self.0, $message);
            }
        }

        impl<E> ReportOpaque for &$wrapper<E> {
            fn report(&self) {
                tracing::error!(
                    target: "asyncgen",
                    error_type = core::any::type_name::<E>(),
                    $message
                );
            }
        }
    };
}

reporter!(
    Displaced,
    "a generator's cleanup failed while an earlier error was being returned; the earlier \
     error is returned, this one is reported here"
);

reporter!(
    Unreturnable,
    "an inner generator's close failed inside an infallible generator, which cannot return \
     the error; make the outer generator return `Result` to get it"
);

/// The error of a close outcome, if any: `()` has none.
pub trait CloseError {
    /// The error type.
    type Error;
    /// The error, if the close failed.
    fn error(self) -> Option<Self::Error>;
}

impl CloseError for () {
    type Error = core::convert::Infallible;

    fn error(self) -> Option<core::convert::Infallible> {
        None
    }
}

impl<E> CloseError for Result<(), E> {
    type Error = E;

    fn error(self) -> Option<E> {
        self.err()
    }
}
