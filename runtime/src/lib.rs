//! Implementation detail of [`asyncgen`](https://docs.rs/asyncgen): the
//! generator machine, close and drop, drop policies.
//!
//! Depend on `asyncgen` and use what it re-exports. The items documented
//! here are those it re-exports for users; everything else is public only
//! because the code `asyncgen`'s macros generate names it, and is hidden.
//!
//! # Architecture
//!
//! Each module has one job, named in its first doc line:
//!
//! - `acmgr`: async context managers (`with`, `enter`, `into_stream`).
//! - `adapt`: plain streams as generators, futures' stream adapters as
//!   generators (they keep close), boxing.
//! - `consume`: `closing`, the consumer that always closes.
//! - `delegate`: what `yield_from!` and `own!` use: the inner stream's next
//!   item, and closing an inner generator.
//! - `generator`: the `AsyncGenerator` trait and its `Close` future.
//! - `machine`: `Gen`, the state machine that drives a generator body.
//! - `co`: the handle a body uses to yield and to notice a close.
//! - `outcome`: how an acmgr's scope ended.
//! - `output`: how a body's return value (`()` or `Result<(), E>`) maps to
//!   items and to the value of `close()`.
//! - `flow`: the control-flow record the `finally!` lowering threads
//!   through a protected block.
//! - `report`: reporting an error that cannot be returned.
//! - `scope`: the consumer's scope of an acmgr, cancellable by a task
//!   group created in its body.
//! - `task_group` (feature `task-group`): `TaskGroup`, children that fail
//!   together and end together, bound to the consumer's scope.
//! - `drop_policy`: what happens to cleanup that is still waiting when a
//!   generator is dropped.
//! - `unwind`: polling a body in place from `drop`.
//! - `detached`: counting and awaiting the cleanups `on_drop = spawn`
//!   handed to tasks.
//!
//! The modules import one another as a tree: `machine` uses `unwind` and
//! `drop_policy`, which use neither `machine` nor each other.

#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

mod acmgr;
mod adapt;
mod co;
mod consume;
mod delegate;
#[doc(hidden)]
pub mod detached;
mod drop_policy;
mod flow;
mod generator;
mod machine;
mod outcome;
mod output;
mod report;
mod scope;
#[cfg(feature = "task-group")]
mod task_group;
mod unwind;

// What `asyncgen` re-exports for its users.
pub use acmgr::{AcmBody, AcmStream, Acmgr, AsyncContextManager, Guard, ScopeError, ScopeResult};
pub use adapt::{
    AsyncGeneratorExt, BoxAsyncGenerator, FromStream, LocalBoxAsyncGenerator, LogErrors, Recover,
    from_stream,
};
pub use consume::{ClosingError, ClosingResult, closing};
pub use generator::{AsyncGenerator, Close};
pub use outcome::Outcome;
pub use output::BodyOutput;
#[cfg(feature = "task-group")]
pub use task_group::{ErrorGroup, NotStarted, Started, Stop, TaskGroup};

// What the generated code names (through `asyncgen::__private`).
#[doc(hidden)]
pub use co::{
    Co, Slot, enter_section, leave_if_closing, leave_section, leaving, region_outcome,
    unless_leaving,
};
#[doc(hidden)]
pub use delegate::{Delegated, InnerNext, IntoOuterReturn, ViaGenerator, ViaStream};
#[doc(hidden)]
pub use drop_policy::{BlockInPlace, NoCleanup, ReportAbandoned, Sections, SpawnRest};
#[doc(hidden)]
pub use flow::{Flow, after_cleanup, ends_in_error, exit, returns_error};
#[doc(hidden)]
pub use machine::Gen;
#[doc(hidden)]
pub use report::{Displaced, Dropped, InnerCloseError, ReportByType, ReportDebug, ReportOpaque};

/// What `on_drop = spawn` expansions call.
#[doc(hidden)]
pub mod on_drop_spawn {
    pub use crate::machine::needs_a_body_that_is_send_and_static;
}
