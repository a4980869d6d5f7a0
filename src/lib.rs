//! Structured async generators: streams whose cleanup runs, and may
//! `.await`, at the consumer's exit point.
//!
//! ```
//! use asyncgen::{async_generator, AsyncGenerator};
//! use futures::StreamExt;
//! use std::pin::pin;
//!
//! #[async_generator(yield = u32)]
//! async fn numbers(log: &std::cell::RefCell<Vec<String>>) {
//!     finally! { log.borrow_mut().push("cleanup".into()); }
//!     for i in 0.. {
//!         yield_!(i);
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let log = std::cell::RefCell::new(Vec::new());
//! {
//!     let mut gen = pin!(numbers(&log));
//!     while let Some(i) = gen.next().await {
//!         if i == 2 {
//!             break;
//!         }
//!     }
//! } // the generator is dropped here: its `finally!` runs now, not later
//! assert_eq!(*log.borrow(), ["cleanup"]);
//! # }
//! ```
//!
//! See the README for the semantics table, and [`async_generator`] for the
//! full rules.

#![forbid(unsafe_code)]

#[doc(inline)]
pub use asyncgen_macros::async_generator;
#[doc(inline)]
pub use asyncgen_runtime::AsyncGenerator;
#[doc(inline)]
pub use asyncgen_runtime::Close;

/// Yields a value from an `#[async_generator]` body: `yield_!(value)`.
///
/// The attribute rewrites every `yield_!` written directly in the body. One
/// that reaches this definition was not seen by it: outside a generator,
/// inside a closure or `async` block, or inside another macro's input. Bind
/// the value first, then yield it.
///
/// ```compile_fail
/// fn not_a_generator() {
///     asyncgen::yield_!(1);
/// }
/// ```
#[macro_export]
macro_rules! yield_ {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_!` used outside a generator: it works only directly in the body of an \
             `#[async_generator]` fn (not inside another macro's input, a closure or an \
             `async` block)"
        )
    };
}

/// Protects the rest of the enclosing block of an `#[async_generator]` body:
/// `finally! { cleanup... }` runs on every exit of that block.
///
/// ```compile_fail
/// fn not_a_generator() {
///     asyncgen::finally! { println!("never"); }
/// }
/// ```
#[macro_export]
macro_rules! finally {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`finally!` used outside a generator: it works only in the body of an \
             `#[async_generator]` fn, as a statement"
        )
    };
}

/// Not public API: what generated code uses.
#[doc(hidden)]
pub mod __private {
    pub use asyncgen_runtime::{AsyncGenerator, Block, Co, Flow, Gen, Report};
}
