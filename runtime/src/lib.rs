//! Implementation detail of [`asyncgen`](https://docs.rs/asyncgen): the
//! generator machine, close and drop, drop policies.
//!
//! Nothing here is public API; depend on `asyncgen` and use what it re-exports.
//!
//! # Architecture
//!
//! - [`acmgr`]: async context managers (`with`, `enter`, `into_stream`).
//! - [`adapt`]: plain streams as generators, futures' stream adapters as
//!   generators (they keep close), boxing.
//! - [`consume`]: [`closing`], the consumer that always closes.
//! - [`delegate`]: what `yield_from!` and `own!` use to close an inner
//!   generator.
//! - [`generator`]: the [`AsyncGenerator`] trait and its [`Close`] future.
//! - [`machine`]: [`Gen`], the state machine that drives a generator body.
//! - [`co`]: the handle a body uses to yield and to notice a close.
//! - [`outcome`]: how an acmgr's scope ended.
//! - [`output`]: how a body's return value (`()` or `Result<(), E>`) maps to
//!   items and to the value of `close()`.
//! - [`flow`]: the control-flow record the `finally!` lowering threads through
//!   a protected block.
//! - [`report`]: reporting an error that cannot be returned.
//! - [`scope`]: the consumer's scope of an acmgr, cancellable by a task
//!   group created in its body.
//! - `task_group` (feature `tokio`): `TaskGroup`, children that fail
//!   together and end together, bound to the consumer's scope.
//! - [`drop_policy`]: what happens to cleanup that is still waiting when a
//!   generator is dropped.
//! - [`unwind`]: polling a body in place from `drop`.
//! - [`detached`]: counting and awaiting the cleanups `on_drop = spawn`
//!   handed to tasks.

#![deny(unsafe_op_in_unsafe_fn, clippy::undocumented_unsafe_blocks)]

pub mod acmgr;
pub mod adapt;
pub mod co;
pub mod consume;
pub mod delegate;
pub mod detached;
pub mod drop_policy;
pub mod flow;
pub mod generator;
pub mod machine;
pub mod outcome;
pub mod output;
pub mod report;
pub mod scope;
#[cfg(feature = "tokio")]
pub mod task_group;
pub mod unwind;

pub use acmgr::{
    AcmMachine, AcmStream, Acmgr, AsyncContextManager, EnterOutput, Guard, ScopeError, ScopeResult,
};
pub use adapt::{
    AsyncGeneratorExt, BoxAsyncGenerator, FromStream, LocalBoxAsyncGenerator, LogErrors, Next,
    Recover, from_stream,
};
pub use co::{
    Co, Here, LeaveIfClosing, Leaving, Put, RegionOutcome, SectionMark, Slot, Suspend,
    UnlessLeaving, YieldScope, enter_section, leave_if_closing, leave_section, leaving,
    region_outcome, unless_leaving,
};
pub use consume::{CloseOutcome, ClosingError, closing};
pub use delegate::{Absorb, Probe, ViaGenerator, ViaStream};
pub use drop_policy::{Block, DropPolicy, NoCleanup, Report, Sections, Spawn};
pub use flow::{Flow, after_cleanup, ends_in_error, exit, returns_error};
pub use generator::{AsyncGenerator, Close};
pub use machine::{Detach, Gen};

/// What `on_drop = spawn` expansions call. Not public API.
pub mod on_drop_spawn {
    pub use crate::machine::needs_a_body_that_is_send_and_static;
}
pub use outcome::Outcome;
pub use output::BodyOutput;
pub use report::{
    CloseError, Displaced, Dropped, ReportByType, ReportDebug, ReportDropped, ReportOpaque,
    Unreturnable,
};
pub use scope::HostScope;
#[cfg(feature = "tokio")]
pub use task_group::{ErrorGroup, NotStarted, Started, Stop, TaskGroup};
