//! Adapters: what turns streams and generators into generators (plain
//! streams, futures' stream adapters, boxes, `AsyncGeneratorExt`'s methods).
//!
//! A consumer uses `futures::StreamExt` (or `TryStreamExt`) on a generator
//! as on any stream. The adapters its methods return (`map`, `filter`,
//! `take`, `then`, `map_ok`, ...) are [`AsyncGenerator`](crate::AsyncGenerator)s
//! when the stream inside is one: their close closes the generator inside,
//! and their `is_finished` asks it (`asyncgen::adapters` lists them and says
//! what close does with a future an adapter holds in flight).
//! [`AsyncGeneratorExt`] adds only what `StreamExt` has no method for, under
//! names that do not clash with it: [`log_errors`](AsyncGeneratorExt::log_errors),
//! [`recover`](AsyncGeneratorExt::recover), and
//! [`boxed_generator`](AsyncGeneratorExt::boxed_generator) (a box that
//! keeps close, where `StreamExt::boxed` makes a plain `BoxStream`).

mod boxed;
mod errors;
mod ext;
mod from_stream;
mod stream_ext;

pub use boxed::{BoxAsyncGenerator, LocalBoxAsyncGenerator};
pub use errors::{LogErrors, Recover};
pub use ext::AsyncGeneratorExt;
pub use from_stream::{FromStream, from_stream};
