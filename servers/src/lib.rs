//! `asyncgen` with real servers: the pieces shared by the examples and the
//! tests of this package (which exists so that users of `asyncgen` never
//! compile axum, hyper, tungstenite or sqlx).
//!
//! - [`feed`]: a websocket feed server that records how each client left.
//! - [`merge`]: the `#[acmgr]` merging two feeds through a `TaskGroup`.
//! - [`log`]: a shared log with timestamps.

pub mod capture;
pub mod client;
pub mod feed;
pub mod ledger;
pub mod log;
pub mod merge;
pub mod sse;
