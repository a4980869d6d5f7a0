//! `asyncgen` with real servers: the pieces shared by the examples and the
//! tests of this package (which exists so that users of `asyncgen` never
//! compile axum, hyper, tungstenite or sqlx).
//!
//! - [`feed`]: a websocket feed server that records how each client left
//!   (a Close frame, or not).
//! - [`merge`]: the `#[acmgr]` merging two feeds through a `TaskGroup`.
//! - [`sse`]: the axum router serving the merged feed as server-sent events.
//! - [`client`]: an HTTP client reading server-sent events.
//! - [`ledger`]: a SQLite transaction streamed by a generator (sqlx).
//! - [`log`]: a shared log with timestamps.
//! - [`capture`]: a `tracing` layer that records events, for tests.

pub mod capture;
pub mod client;
pub mod feed;
pub mod ledger;
pub mod log;
pub mod merge;
pub mod sse;
