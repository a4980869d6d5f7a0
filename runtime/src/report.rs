//! Reporting an error that cannot be returned: a cleanup error displaced by
//! the error already being unwound.
//!
//! The macro calls `(&Displaced(error)).report()` with both traits in scope:
//! method resolution picks [`ReportDebug`] when the error type implements
//! `Debug` (the event carries the error), and [`ReportOpaque`] otherwise (the
//! event carries its type name).

use core::fmt::Debug;

/// An error that lost to an earlier one during the same unwinding.
#[derive(Debug)]
pub struct Displaced<E>(pub E);

/// Reports a displaced error with its `Debug` rendering.
pub trait ReportDebug {
    /// Emits the `ERROR` event.
    fn report(&self);
}

/// Reports a displaced error by its type name.
pub trait ReportOpaque {
    /// Emits the `ERROR` event.
    fn report(&self);
}

const MESSAGE: &str = "a generator's cleanup failed while an earlier error was being returned; \
                       the earlier error is returned, this one is reported here";

impl<E: Debug> ReportDebug for Displaced<E> {
    fn report(&self) {
        tracing::error!(target: "asyncgen", error = ?self.0, "{MESSAGE}");
    }
}

impl<E> ReportOpaque for &Displaced<E> {
    fn report(&self) {
        tracing::error!(
            target: "asyncgen",
            error_type = core::any::type_name::<E>(),
            "{MESSAGE}"
        );
    }
}
