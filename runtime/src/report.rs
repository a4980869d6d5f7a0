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
pub struct InnerCloseError<E>(pub E);

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

/// A cleanup error returned while the generator (named by the first field)
/// was being dropped: `drop` cannot return it.
#[derive(Debug)]
pub struct Dropped<E>(pub &'static str, pub E);

const DROPPED: &str = "a generator's cleanup failed while it was being dropped; `drop` cannot \
                       return the error (call `close().await` to get it)";

impl<E: Debug> ReportDebug for Dropped<E> {
    fn report(&self) {
        tracing::error!(target: "asyncgen", generator = self.0, error = ?self.1, "{DROPPED}");
    }
}

impl<E> ReportOpaque for &Dropped<E> {
    fn report(&self) {
        tracing::error!(
            target: "asyncgen",
            generator = self.0,
            error_type = core::any::type_name::<E>(),
            "{DROPPED}"
        );
    }
}

/// Reports the error a body returned from cleanup run by `drop`.
pub trait ReportDropped<O> {
    /// Emits the `ERROR` event for `output` (an `Err`).
    fn report_dropped(&self, output: &O);
}

/// Reports by type name only: what `#[async_generator]` uses where no
/// cleanup error can reach it (an infallible body, or one without
/// `finally!`), what `async_gen!` uses always (its error type is inferred,
/// so its `Debug` cannot be asked for), and for generators built by hand.
#[derive(Debug, Clone, Copy, Default)]
pub struct ReportByType;

impl<O> ReportDropped<O> for ReportByType {
    fn report_dropped(&self, _output: &O) {
        tracing::error!(
            target: "asyncgen",
            error_type = core::any::type_name::<O>(),
            "{DROPPED}"
        );
    }
}

impl<O, F: Fn(&O)> ReportDropped<O> for F {
    fn report_dropped(&self, output: &O) {
        self(output);
    }
}

reporter!(
    Displaced,
    "a generator's cleanup failed while an earlier error was being returned; the earlier \
     error is returned, this one is reported here"
);

reporter!(
    InnerCloseError,
    "an inner generator's close failed inside an infallible generator, which cannot return \
     the error; make the outer generator return `Result` to get it"
);
