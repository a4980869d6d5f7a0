//! Adapters: plain streams as generators, combinators that keep close,
//! boxing, and the extension trait that offers them.
//!
//! `futures::StreamExt::map` wraps a generator in a type that is only a
//! `Stream`: the result has no `close`, so a consumer of it can no longer
//! await the generator's cleanup. The combinators here forward
//! [`poll_close`](crate::AsyncGenerator::poll_close) and
//! [`is_finished`](crate::AsyncGenerator::is_finished) to the generator they
//! wrap.

mod boxed;
mod combinators;
mod errors;
mod ext;
mod from_stream;
mod next;

pub use boxed::{BoxAsyncGenerator, LocalBoxAsyncGenerator};
pub use combinators::{Enumerate, Filter, FilterMap, Map, Take, TakeWhile};
pub use errors::{LogErrors, Recover};
pub use ext::AsyncGeneratorExt;
pub use from_stream::{FromStream, from_stream};
pub use next::Next;
