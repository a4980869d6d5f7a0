//! Structured async generators: streams whose cleanup runs, and may
//! `.await`, at the consumer's exit point.
//!
//! Coming from `async-stream` or `futures-async-stream`? The [migration
//! guide](migration) puts their constructs side by side with these.
//!
//! ```
//! use std::pin::pin;
//! use std::sync::{Arc, Mutex};
//!
//! use asyncgen::{async_generator, AsyncGenerator};
//! use futures::StreamExt;
//!
//! #[async_generator(yield = u32)]
//! async fn numbers(log: Arc<Mutex<Vec<&'static str>>>) {
//!     finally! { log.lock().unwrap().push("cleanup"); }
//!     for i in 0.. {
//!         yield_!(i);
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let log = Arc::new(Mutex::new(Vec::new()));
//! {
//!     let mut numbers = pin!(numbers(log.clone()));
//!     while let Some(i) = numbers.next().await {
//!         if i == 2 {
//!             break;
//!         }
//!     }
//! } // the generator is dropped here, and its `finally!` runs now
//! log.lock().unwrap().push("after the loop");
//! assert_eq!(*log.lock().unwrap(), ["cleanup", "after the loop"]);
//! # }
//! ```
//!
//! # Explanation
//!
//! [`#[async_generator(yield = T)]`](async_generator) turns an `async fn`
//! into a function returning `impl` [`AsyncGenerator`]`<Item = T>`, a
//! [`Stream`](futures_core::Stream) (a [`FusedStream`](futures_core::FusedStream),
//! for `futures::select!`) with an async [`close`](AsyncGenerator::close).
//! The body stays the compiler's own async state machine; `yield_!(v)` hands
//! `v` to the consumer through a slot on the stack of the consumer's
//! `poll_next`, which the body finds through the `Context` it is polled with
//! (no channel, no thread-local, no allocation per item, none per
//! generator). The body's handle is a one-byte token with no pointer inside:
//! code that carries it off (another macro's `async move` block) can at
//! worst make a yield panic, never write where it should not.
//!
//! `finally! { ... }` protects the rest of its block. The macro rewrites
//!
//! ```text
//! let conn = open();
//! finally! { conn.close().await; }
//! for row in rows { yield_!(row); }
//! ```
//!
//! into, roughly,
//!
//! ```text
//! let conn = open();
//! let flow = 'protected: {
//!     for row in rows {
//!         // a yield resumed by close() or drop leaves the block like a `return`
//!         co.put(row).await;
//!         if co.suspend().await.is_none() { break 'protected Flow::Return(()) }
//!     }
//!     Flow::Normal(())
//! };
//! conn.close().await;             // the cleanup, inline: plain borrows, may await
//! match flow { Flow::Normal(v) => v, Flow::Return(r) => return r, .. }
//! ```
//!
//! `return`, `?`, and `break`/`continue` that leave the block go through the
//! cleanup the same way, then continue where they were going; nested
//! `finally!` blocks unwind innermost first.
//!
//! `finally!(|outcome| { ... })` is the same block, told how its protected
//! block is being left, as an [`Outcome`]: `Completed` (the end of the block,
//! `return`, `break`/`continue` out of it), `Failed` (an error leaving
//! through `?` or `return Err`, or a body ending with `Err`), `Cancelled`
//! (close, drop, cancellation at an await). Commit or roll back without a
//! hand-made flag:
//!
//! ```
//! # use asyncgen::async_generator;
//! # struct Tx;
//! # impl Tx {
//! #     async fn commit(&mut self) -> Result<(), String> { Ok(()) }
//! #     async fn rollback(&mut self) -> Result<(), String> { Ok(()) }
//! # }
//! #[async_generator(yield = u32)]
//! async fn rows(mut tx: Tx) -> Result<(), String> {
//!     finally!(|outcome| {
//!         if outcome.is_completed() {
//!             tx.commit().await?;
//!         } else {
//!             tx.rollback().await?;
//!         }
//!     });
//!     for row in 1..=3 {
//!         yield_!(row);
//!     }
//!     Ok(())
//! }
//! ```
//!
//! An error already leaving the block wins over a close that arrives while
//! an inner cleanup waits: the block is told `Failed`.
//!
//! # Cleanup and cancellation
//!
//! | the consumer ... | what runs, and when |
//! | --- | --- |
//! | polls until `None` | the body, then its pending `finally!` blocks, before `None` is returned |
//! | calls `close().await` | the body resumes at its suspension point as if returning from there; the `finally!` blocks run and may await; `close` returns when they are done |
//! | drops the generator | the same unwinding, polled in place inside `drop`: everything that can finish without waiting has run before `drop` returns |
//! | is cancelled while the body waits on an `.await` | the await is abandoned (its future dropped) and the unwinding starts there, as with drop |
//!
//! - Awaits inside `finally!` are not cancellable: close runs them to
//!   completion.
//! - `close()` is idempotent; afterwards `poll_next` returns `None`. Closing a
//!   generator that never started runs nothing (its arguments are dropped).
//! - The close signal cannot be caught: a resumed yield or await leaves like a
//!   `return`, and `yield_!` inside `finally!` does not compile.
//! - If the `close()` future is dropped part-way, the rest of the cleanup runs
//!   when the generator is dropped (or polled again); nothing runs twice.
//! - Cleanup that would *wait* during `drop` follows the generator's drop
//!   policy: by default it is abandoned and reported through `tracing`
//!   (target `asyncgen`, level `WARN`); with `on_drop = block` the dropping
//!   thread waits where that is safe; with `on_drop = spawn` the rest runs
//!   in a task on the current tokio runtime, and [`detached::wait_all`]
//!   waits for those tasks at shutdown. See [`async_generator`]. Cleanup
//!   that must complete belongs in `close().await`.
//!
//! # Consumers: closing on every exit
//!
//! Dropping a generator runs its cleanup in place, but cannot wait. A
//! consumer that wants the async cleanup awaited, on every way out of its
//! loop, uses [`closing`], the Rust form of Python's `async with
//! aclosing(gen)`:
//!
//! ```
//! use asyncgen::{async_generator, closing};
//! use futures::StreamExt;
//!
//! #[async_generator(yield = u32)]
//! async fn rows() -> Result<(), std::io::Error> {
//!     finally! { tokio::task::yield_now().await; /* e.g. roll back */ }
//!     for i in 0.. {
//!         yield_!(i);
//!     }
//!     Ok(())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let first_ten = closing(rows(), async |mut rows| {
//!     let mut sum = 0;
//!     while let Some(row) = rows.next().await {
//!         let row = row?;
//!         if row == 10 {
//!             break; // closed (cleanup awaited) before `closing` returns
//!         }
//!         sum += row;
//!     }
//!     Ok::<_, std::io::Error>(sum)
//! })
//! .await?; // the body's error, the close's error, or both: none is lost
//! assert_eq!(first_ten, 45);
//! # Ok(())
//! # }
//! ```
//!
//! A plain `Stream` goes where an [`AsyncGenerator`] is expected through
//! [`from_stream`] (its close does nothing), so consumers have one code path.
//!
//! # Close propagation
//!
//! A generator that consumes another closes it when it is itself closed or
//! dropped, inner cleanup first, so wrappers propagate close down a chain of
//! any depth:
//!
//! - `let mut inner = own!(inner);` pins an inner generator in the body and
//!   closes it when the enclosing block is left: on close or drop, first,
//!   at the suspension point, before any of the outer body's `finally!`
//!   blocks; on the body's own exits (its end, `return`, `?`) in
//!   last-in first-out order with them, like any `finally!`;
//! - `yield_from!(inner)` yields every item of an inner generator or stream
//!   and forwards close to it;
//! - `futures::StreamExt`'s `map`, `filter`, `filter_map`, `then`, `take`,
//!   `take_while`, `skip`, `enumerate`, `inspect`, `fuse`, `peekable`, ...
//!   (and `TryStreamExt`'s `map_ok`, `map_err`, `and_then`, ...) keep
//!   `close`: the adapter they return is an [`AsyncGenerator`] when the
//!   stream inside is one, and closing it closes the generator inside. See
//!   [`adapters`] for the list, and for what close does with a future an
//!   adapter holds in flight.
//!
//! When several inner closes fail, the first error is returned and the
//! others are reported through `tracing`, none dropped.
//!
//! # Context managers and task groups
//!
//! [`#[acmgr]`](acmgr) makes an async context manager from an `async fn` that
//! yields once; [`AsyncContextManager::with`] runs enter, the scope and
//! exit on every path, and `yield_!` tells the exit how the scope ended
//! ([`Outcome`]).
//!
//! An `#[async_generator]` cannot promise structured concurrency for tasks
//! it spawns: its consumer is *outside* the generator, between two yields,
//! so when a child fails there is no scope to cancel, and a generator
//! suspended at a yield cannot be woken to notice the failure (PEP 789's
//! problem). That is why `yield_!` inside a nested `async` block, where a
//! task group's scope would be, does not compile. An acmgr can: its single
//! yield hands out a resource (a receiver) and the consumer's scope runs
//! *inside* the acmgr, as the `with` future. A `TaskGroup` created in the
//! acmgr's body binds to that scope: `with` polls the body with the scope set
//! as current on the thread (as trio and anyio bind cancel scopes to the
//! running task), `TaskGroup::new()` picks it up, and a failing child
//! cancels it. The scope's future is dropped at once, the exit runs with
//! `Outcome::Cancelled`, and the child's error comes out of the exit's
//! `join` or `shutdown`, and so out of `with`. An explicit handle would work
//! too, but would have to be threaded through every helper that creates a
//! group; the binding keeps the group's API the same inside and outside an
//! acmgr.
//!
//! Children may clean up. When a group is cancelled (a failure, `cancel`,
//! `shutdown`, its drop), a plain child is dropped at once, but a child
//! spawned with `spawn_with_stop` is asked to stop through its `Stop` and
//! keeps running, so a websocket writer can send its Close frame; a
//! generator spawned with `spawn_generator` is closed, so its `finally!`
//! blocks run and may await. Both get the group's grace period
//! (`with_grace`, one second by default) and are dropped when it ends; an
//! error they return while stopping joins the `ErrorGroup`, after the one
//! that caused the cancellation.
//!
//! # Errors
//!
//! A body returning `Result<(), E>` makes a stream of `Result<T, E>`: `?` and
//! `return Err(e)` yield one `Err(e)` and end the stream, after the
//! `finally!` blocks ran. An error raised inside `finally!` (with `?`) while
//! closing is the value of `close()`; during normal completion it is the last
//! item; during `drop`, which cannot return it, it is reported through
//! `tracing` at level `ERROR`. When a cleanup fails while an earlier error is
//! already being returned (the body's `?`, or an inner cleanup's failure),
//! the first error is the one returned and the later one is reported through
//! `tracing` (`ERROR`, with its `Debug` rendering when the type has one).
//! Nothing is swallowed silently.
//!
//! # Panics
//!
//! A panic in the body propagates to whoever polled. The generator is then
//! finished: the body's locals are dropped as the panic passes through
//! `poll_next`, its `finally!` blocks do not run (they are async code; a
//! panic is not a close), and later polls return `None`. A panic inside
//! cleanup run by `drop` propagates from `drop`, unless the thread is already
//! panicking: then it is contained and reported, never an abort.
//!
//! # Features
//!
//! Generators, `async_gen!`, acmgrs, [`closing`], the adapters and
//! `on_drop = report` need no feature and no runtime: with
//! `default-features = false`, tokio is not a dependency. Each feature turns
//! tokio on with only the tokio features its code uses:
//!
//! - `task-group` (default): `TaskGroup` and its `Stop`, `ErrorGroup`,
//!   `Started`, `NotStarted` (tokio `rt`, `sync`, `time`).
//! - `on-drop-spawn` (default): `on_drop = spawn`, the rest of a dropped
//!   generator's cleanup in a task (tokio `rt`).
//! - `on-drop-block`: `on_drop = block`, the dropping thread waits for the
//!   cleanup where that is safe (tokio `rt`, `rt-multi-thread`, `sync`).
//! - `tokio`: all three.
//!
//! The default keeps task groups and `on_drop = spawn`, whose tokio parts
//! start no threads, but not `on_drop = block`: it alone needs tokio's
//! multi-thread scheduler (`block_in_place`), and a generator library should
//! not bring that to everyone. Only generators? `default-features = false`.
//! `on_drop = block` or `spawn` without its feature is a compile error on
//! the policy's name in the attribute, naming the feature to enable.
//!
//! # Limitations
//!
//! `yield_!` works only directly in the generator's body. Inside a closure or
//! an `async` block it would belong to another function or future:
//!
//! ```compile_fail
//! # use asyncgen::async_generator;
//! #[async_generator(yield = u32)]
//! async fn no() {
//!     let later = async { yield_!(1) };
//!     later.await;
//! }
//! ```
//!
//! Inside another macro's input, where the other macro decides what becomes
//! of the tokens, it is rejected rather than passed through:
//!
//! ```compile_fail
//! # use asyncgen::async_generator;
//! #[async_generator(yield = u32)]
//! async fn no() {
//!     println!("{:?}", yield_!(1));
//! }
//! ```
//!
//! Other macros' input is lowered like the body where it parses as
//! `expr, expr, ..` (`println!`, `format!`, `assert_eq!`, ...), and for the
//! known forms `vec![e; n]`, `matches!(e, pat if guard)` and `tracing`'s
//! `target:`/`field = e` fields: a `?` or an `.await` there behaves as
//! anywhere else.
//!
//! The arms of `tokio::select!` and `futures::select!` / `select_biased!`
//! run in the body: they may `yield_!`, await and exit. In a body with
//! cleanup, the attribute adds an arm that is ready when the generator is
//! being left, so a close or drop arriving while the select waits drops its
//! futures and runs the cleanup:
//!
//! ```
//! # use asyncgen::async_generator;
//! #[async_generator(yield = u32)]
//! async fn merged(mut rx: tokio::sync::mpsc::Receiver<u32>) {
//!     finally! { println!("cleanup"); }
//!     loop {
//!         tokio::select! {
//!             item = rx.recv() => match item {
//!                 Some(item) => yield_!(item),
//!                 None => break,
//!             },
//!             _ = tokio::time::sleep(std::time::Duration::from_secs(1)) => yield_!(0),
//!         }
//!     }
//! }
//! ```
//!
//! Some macros await inside their own expansion, where the attribute cannot
//! see it (`join!`, `try_join!`, ...). Outside any `finally!`-protected
//! block that is harmless: a close or drop arriving while the body waits
//! there simply drops the body. Inside a protected block the cleanup would
//! have to wait for that await, so a known awaiting macro is rejected there;
//! await it inside an `async` block, whose `.await` the attribute does see:
//!
//! ```compile_fail
//! # use asyncgen::async_generator;
//! #[async_generator(yield = u32)]
//! async fn no(mut rx: tokio::sync::mpsc::Receiver<u32>) {
//!     finally! { println!("cleanup"); }
//!     let (item, ()) = tokio::join!(rx.recv(), tokio::task::yield_now());
//!     yield_!(item.unwrap_or_default());
//! }
//! ```
//!
//! ```
//! # use asyncgen::async_generator;
//! #[async_generator(yield = u32)]
//! async fn yes(mut rx: tokio::sync::mpsc::Receiver<u32>) {
//!     finally! { println!("cleanup"); }
//!     let (item, ()) = async { tokio::join!(rx.recv(), tokio::task::yield_now()) }.await;
//!     yield_!(item.unwrap_or_default());
//! }
//! ```
//!
//! A macro of your own that awaits inside its expansion is not known to the
//! attribute; in a protected block, close waits for it. And a `?`, `return`,
//! `break` or `continue` inside the input of a macro the attribute does not
//! know (one of yours: it may put its input in a closure), or of a known one
//! whose input does not parse as expressions, within a protected block, is a
//! compile error on that token, since it could skip the cleanup.
//!
//! The returned `impl AsyncGenerator` captures every lifetime and type
//! parameter in scope (the edition 2024 rules, whatever the calling crate's
//! edition), so borrowed arguments need no annotations, and a generator
//! cannot outlive what it borrows.

#![forbid(unsafe_code)]

pub mod migration;

/// Turns an `async fn` whose body yields into a function returning
/// `impl AsyncGenerator`.
///
/// ```
/// use asyncgen::{async_generator, AsyncGenerator};
/// use futures::StreamExt;
///
/// #[derive(Debug, PartialEq)]
/// struct ParseError;
///
/// #[async_generator(yield = u32)]
/// async fn parse<'a>(lines: &'a [&'a str]) -> Result<(), ParseError> {
///     for line in lines {
///         yield_!(line.parse().map_err(|_| ParseError)?);
///     }
///     Ok(())
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let items: Vec<_> = parse(&["1", "x", "3"]).collect().await;
/// assert_eq!(items, [Ok(1), Err(ParseError)]);
/// # }
/// ```
///
/// # Arguments
///
/// - `yield = T` (required): the type of the values given to `yield_!`.
/// - `on_drop = report | block | spawn`: what to do with cleanup that would
///   wait when the generator is dropped (what can finish without waiting
///   always runs in place, before `drop` returns). `block` and `spawn` need
///   the features `on-drop-block` and `on-drop-spawn` ([features](crate#features)).
///   - `report` (default): abandon it (the body is dropped, so values'
///     destructors still run) and emit a `WARN` event through `tracing`
///     (target `asyncgen`) naming the generator.
///   - `block`: the dropping thread waits for the cleanup where that is known
///     to be safe: on a tokio multi-thread runtime that is not shutting down
///     (through `block_in_place`, so the runtime keeps running). Elsewhere (a
///     current-thread runtime, another executor, no runtime, a runtime
///     shutting down, whose tasks are dropped with the generators they hold)
///     or while the thread is already panicking, blocking could deadlock,
///     hang the shutdown, or abort, so it falls back to `report`. A shutdown
///     that begins while the thread waits ends the wait the same way.
///   - `spawn`: the rest of the cleanup runs to completion in a task spawned
///     on the current tokio runtime (either flavour), so a server that only
///     ever drops its streams still gets its awaited cleanup (a rollback, a
///     close frame). The generator then lives in its own allocation (one box
///     per generator, none per item) and its body must be `Send + 'static`:
///     arguments that borrow are a compile error, and so is a body holding
///     something not `Send` (an `Rc`) across an `.await` or `yield_!` (the
///     compiler's error points at `spawn`). [`detached::pending`] counts
///     these cleanups and [`detached::wait_all`] waits for them, for a
///     graceful shutdown. The task runs in the `tracing` span that was
///     current where the generator was dropped, so what the rest of the
///     cleanup logs belongs to the same request; tokio's task-locals are
///     typed and are not carried into it. Outside a tokio runtime it falls
///     back to `report`; so does a cleanup whose task is dropped before it
///     finishes (the runtime is shutting down: it drops tasks spawned from
///     then on at once). A body without any cleanup has nothing to hand over: it is
///     neither boxed nor required to be `Send + 'static`.
///
#[cfg_attr(feature = "on-drop-spawn", doc = "  ```")]
#[cfg_attr(not(feature = "on-drop-spawn"), doc = "  ```compile_fail")]
///   use asyncgen::{async_generator, detached};
///   use futures::StreamExt;
///   use std::sync::{Arc, Mutex};
///
///   #[async_generator(yield = u32, on_drop = spawn)]
///   async fn rows(log: Arc<Mutex<Vec<&'static str>>>) {
///       finally! {
///           log.lock().unwrap().push("rollback: start");   // runs in `drop`
///           tokio::task::yield_now().await;                // waits: the rest
///           tokio::time::sleep(std::time::Duration::from_millis(1)).await;
///           log.lock().unwrap().push("rollback: done");    // runs in a task
///       }
///       for i in 0.. {
///           yield_!(i);
///       }
///   }
///
///   # #[tokio::main(flavor = "current_thread")]
///   # async fn main() {
///   let log = Arc::new(Mutex::new(Vec::new()));
///   let mut stream = Box::pin(rows(log.clone()));
///   assert_eq!(stream.next().await, Some(0));
///   drop(stream); // a client disconnected
///   assert_eq!(*log.lock().unwrap(), ["rollback: start"]);
///
///   // At shutdown: wait for every detached cleanup.
///   detached::wait_all().await;
///   assert_eq!(detached::pending(), 0);
///   assert_eq!(*log.lock().unwrap(), ["rollback: start", "rollback: done"]);
///   # }
///   ```
///
///   `#[acmgr]` accepts the same policies; there they apply to the exit of
///   a context manager dropped mid-scope.
/// - `boxed` / `boxed_local`: return a [`BoxAsyncGenerator`] (`Send`) or a
///   [`LocalBoxAsyncGenerator`] instead of `impl AsyncGenerator`, for trait
///   objects and recursion (`yield_from!(self_fn(depth - 1))`); each level of
///   a recursion adds to the stack every poll, close and drop needs (see
///   [`yield_from!`]).
/// - `crate = path`: where `asyncgen` is, if the dependency is renamed.
///
/// # The function
///
/// Free functions, inherent and trait-impl methods (`&self`, `&mut self`,
/// `self`), generics, `where` clauses and borrowed arguments are accepted;
/// attributes and doc comments stay on the function. Every argument moves
/// into the generator, as in an `async fn`. The body returns `()` (a stream
/// of `T`) or `Result<(), E>` (a stream of `Result<T, E>`). The result is
/// `Send` exactly when the body's state is.
///
/// In a trait, declare the method with the type the attribute produces:
///
/// ```
/// use asyncgen::{async_generator, AsyncGenerator};
///
/// trait Source {
///     fn items(&self) -> impl AsyncGenerator<Item = u32, Closed = ()>;
/// }
///
/// struct Three;
///
/// impl Source for Three {
///     #[async_generator(yield = u32)]
///     async fn items(&self) {
///         for i in 0..3 {
///             yield_!(i);
///         }
///     }
/// }
/// ```
///
/// # In the body
///
/// - `yield_!(value)` yields; on nightly with `#![feature(coroutines)]`, a
///   bare `yield value` is the same.
/// - `finally! { ... }` is a statement: it protects the rest of its block and
///   runs on every exit of it. It may `.await` (not cancellable), use `?` in a
///   fallible body, and borrow what was declared before it, like code written
///   at the end of the block; locals declared after it are dropped before it
///   runs (the protected rest is a scope of its own). `yield_!`, `return`, and
///   `break`/`continue` out of it do not compile: cleanup cannot end or resume
///   the generator. A `break` *with a value* out of a protected block (from
///   `loop { finally! {..} .. break value; }`) does not compile either:
///   assign the value to a variable declared before the loop.
#[doc(inline)]
pub use asyncgen_macros::async_generator;

/// A generator in expression position, like async-stream's `stream!`:
/// `async_gen! { .. }` captures like an `async move` block and evaluates to
/// an [`AsyncGenerator`] (a `Stream` and `FusedStream` with `close`).
///
/// Everything an `#[async_generator]` body accepts works inside: `yield_!`,
/// `finally!`, `own!`, `yield_from!`, `select!` arms, and the same compile
/// errors for misuse. The item type is inferred from the yields. The block
/// is fallible, a stream of `Result<T, E>`, when it uses `?` or evaluates
/// to `Ok(..)`/`Err(..)`; the error type is inferred from its `Err`s and
/// from where the generator is used. A block without any yield is a stream
/// of `()`. Inside the macro a bare `yield x` also works on stable Rust (a
/// function-like macro's input is not feature-gated); `yield_!(x)` is the
/// form that works everywhere.
///
/// ```
/// use asyncgen::{async_gen, AsyncGenerator};
/// use futures::StreamExt;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let names = vec!["a", "b", "c"];
/// let mut upper = std::pin::pin!(async_gen! {
///     finally! { println!("cleanup"); }
///     for name in names {
///         yield_!(name.to_uppercase());
///     }
/// });
/// assert_eq!(upper.next().await.as_deref(), Some("A"));
/// upper.as_mut().close().await; // "cleanup"
///
/// // Fallible: `?` ends the stream with one `Err` item.
/// let parsed: Vec<Result<u32, std::num::ParseIntError>> = async_gen! {
///     for text in ["1", "x", "3"] {
///         yield_!(text.parse::<u32>()?);
///     }
///     Ok(())
/// }
/// .collect()
/// .await;
/// assert_eq!(parsed.len(), 2);
/// assert!(parsed[1].is_err());
/// # }
/// ```
///
/// Generators of different bodies have different types: box them
/// ([`BoxAsyncGenerator`]) to return one from `match` arms.
pub use asyncgen_macros::async_gen;
#[doc(inline)]
pub use asyncgen_runtime::AsyncGenerator;
#[doc(inline)]
pub use asyncgen_runtime::BodyOutput;
#[doc(inline)]
pub use asyncgen_runtime::Close;
#[doc(inline)]
pub use asyncgen_runtime::{
    AcmBody, AcmStream, Acmgr, AsyncContextManager, Guard, Outcome, ScopeError, ScopeResult,
};
#[doc(inline)]
pub use asyncgen_runtime::{AsyncGeneratorExt, BoxAsyncGenerator, LocalBoxAsyncGenerator};
#[doc(inline)]
pub use asyncgen_runtime::{ClosingError, ClosingResult, closing};
#[doc(inline)]
pub use asyncgen_runtime::{FromStream, from_stream};

/// Turns an `async fn` that yields once into an async context manager: the
/// code before `yield_!(resource)` is enter, the code after is exit, and
/// `yield_!` evaluates to the scope's [`Outcome`].
///
/// The function returns an [`Acmgr`], an [`AsyncContextManager`]`<Resource =
/// R, Exit = ()>` (or `Exit = Result<(), E>` for a body returning
/// `Result<(), E>`). Every form of it (`with`'s future, `enter`'s future and
/// its [`Guard`], `into_stream()`) is `Send` exactly when what the body holds
/// is, so it can be spawned and served as an HTTP body.
/// Arguments and signature forms are those of [`async_generator`] (except
/// `boxed`).
///
/// ```
/// use asyncgen::{acmgr, AsyncContextManager, Outcome};
/// use std::sync::{Arc, Mutex};
///
/// #[acmgr(yield = u32)]
/// async fn transaction(log: Arc<Mutex<Vec<String>>>) {
///     log.lock().unwrap().push("begin".into());
///     let outcome = yield_!(42);
///     let end = if outcome.is_completed() { "commit" } else { "rollback" };
///     log.lock().unwrap().push(end.into());
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let doubled = transaction(log.clone())
///     .with(async |id| Ok::<_, std::io::Error>(id * 2))
///     .await
///     .unwrap();
/// assert_eq!(doubled, 84);
/// assert_eq!(*log.lock().unwrap(), ["begin", "commit"]);
/// # }
/// ```
#[doc(inline)]
pub use asyncgen_macros::acmgr;
#[cfg(feature = "task-group")]
#[doc(inline)]
pub use asyncgen_runtime::{ErrorGroup, NotStarted, Started, Stop, TaskGroup};

/// Detached cleanups: the rest of the cleanup of `on_drop = spawn`
/// generators that were dropped while it was waiting, each running in a
/// task on the tokio runtime it was dropped in.
///
/// A server that only ever drops its streams (a client disconnects, hyper
/// drops the body) waits for these cleanups at shutdown, after it stopped
/// accepting requests and before the runtime is dropped:
///
/// ```
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // ... serve until told to stop ...
/// asyncgen::detached::wait_all().await;
/// assert_eq!(asyncgen::detached::pending(), 0);
/// // now dropping the runtime abandons no cleanup
/// # }
/// ```
///
/// The count is process-wide. A cleanup stops counting when its task ends,
/// however it ends: finished, panicked (reported through `tracing`),
/// aborted, or dropped by a runtime shutting down (its rest abandoned and
/// reported, as with `on_drop = report`).
pub mod detached {
    #[doc(inline)]
    pub use asyncgen_runtime::detached::{pending, wait_all};
}

/// Adapters: the types behind [`AsyncGeneratorExt`]'s methods, and
/// which of `futures`' adapters keep `close`.
///
/// # `StreamExt` and `TryStreamExt`
///
/// A generator is consumed with `futures::StreamExt` (and
/// `futures::TryStreamExt`) as any stream is: `asyncgen` has no `next` or
/// `map` of its own, so importing [`AsyncGeneratorExt`] beside `StreamExt`
/// is never ambiguous. (`asyncgen` does not re-export `StreamExt`: import
/// it from `futures` or `futures-util`, as for any stream.)
///
/// These adapters are [`AsyncGenerator`]s when the stream inside is one:
/// `close` closes the generator inside (through the adapter's
/// `get_pin_mut`), so chains of them keep it too. (`AsyncGenerator` has
/// `FusedStream` as a supertrait, so a function returning just `impl
/// AsyncGenerator<Item = T>` qualifies, and so does a boxed generator.)
///
/// | `StreamExt` | `TryStreamExt` |
/// | --- | --- |
/// | `map`, `filter`, `filter_map`, `then`, `inspect`, `enumerate`, `scan`, `take`, `take_while`, `take_until`, `skip`, `skip_while`, `fuse`, `peekable` | `map_ok`, `map_err`, `err_into`, `inspect_ok`, `inspect_err`, `and_then`, `or_else`, `try_filter`, `try_filter_map`, `try_skip_while`, `try_take_while`, `into_stream` |
///
/// Not covered, so plain streams on which `close` does not compile: adapters
/// over several streams (`chain`, `zip`, `select`, `flatten`, `flat_map`),
/// buffering ones (`buffered`, `chunks`, ...), and `StreamExt::boxed` /
/// `boxed_local` (use [`boxed_generator`](AsyncGeneratorExt::boxed_generator)
/// / [`boxed_local_generator`](AsyncGeneratorExt::boxed_local_generator)).
/// `tokio_stream::StreamExt`'s adapters are other types, not covered either.
///
/// **What close does with an adapter's own state.** futures gives no access
/// to it, so close leaves it where it is: the future `then`, `filter`,
/// `filter_map`, `take_while`, `skip_while`, `scan` (and the `Try` forms)
/// hold while they wait on it, and the item `peekable` holds, stay in the
/// adapter, and close never polls them (a slow predicate does not delay the
/// cleanup). They are dropped with the adapter (so is `take_until`'s
/// stopping future). An adapter polled again after close first finishes
/// that future, and may yield its item (or the peeked one), then returns
/// `None`.
///
/// **`is_finished`** is true when the generator inside is finished and the
/// adapter yields nothing more: at once for the adapters that only pass
/// items on (`map`, `take`, `enumerate`, ...); for those that may hold an
/// item or a future (`filter`, `then`, `peekable`, ...), when their
/// `FusedStream::is_terminated` also says nothing is in flight (`peekable`
/// learns it only when polled again after a close). A `take(n)` that has
/// given its `n` items is terminated but not finished: the generator inside
/// is still open until the `Take` is closed (or dropped).
///
/// ```
/// use asyncgen::{async_generator, AsyncGenerator, AsyncGeneratorExt};
/// use futures::StreamExt;
/// use std::pin::pin;
/// use std::sync::{Arc, Mutex};
///
/// #[async_generator(yield = u32)]
/// async fn numbers(log: Arc<Mutex<Vec<&'static str>>>) {
///     finally! {
///         tokio::task::yield_now().await; // an async cleanup
///         log.lock().unwrap().push("numbers closed");
///     }
///     for i in 0.. {
///         yield_!(i);
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let log = Arc::new(Mutex::new(Vec::new()));
/// let mut odd_squares = pin!(numbers(log.clone())
///     .map(|i| i * i)
///     .filter(|i| std::future::ready(i % 2 == 1))
///     .take(10));
/// assert_eq!(odd_squares.next().await, Some(1));
/// assert_eq!(odd_squares.next().await, Some(9));
/// odd_squares.as_mut().close().await; // closes `numbers`, awaiting its cleanup
/// assert_eq!(*log.lock().unwrap(), ["numbers closed"]);
/// assert!(odd_squares.is_finished());
/// # }
/// ```
pub mod adapters {
    #[doc(inline)]
    pub use asyncgen_runtime::{LogErrors, Recover};
}

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
/// `finally! { cleanup... }` runs on every exit of that block;
/// `finally!(|outcome| { cleanup... })` is told how the block is left (an
/// [`Outcome`]; see the [crate docs](crate#explanation)).
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

/// Delegates to an inner generator or stream from an `#[async_generator]`
/// body: `yield_from!(inner)` yields every item of `inner`, and when the
/// outer generator is closed or dropped while delegating, closes `inner`
/// first (its cleanup runs before the outer `finally!` blocks).
///
/// Delegation recurses: a poll, a close or a drop of the outer generator
/// goes through every level of a chain of delegations, so the stack it needs
/// grows with the chain's depth, about 2.2 KB per level in a debug build and
/// 0.3 KB in release. A 2 MiB thread (what `cargo test` gives a test) holds
/// about 900 levels in debug; run deeper recursions on a thread with a
/// bigger stack.
///
/// ```compile_fail
/// fn not_a_generator() {
///     asyncgen::yield_from!(futures::stream::iter([1]));
/// }
/// ```
#[macro_export]
macro_rules! yield_from {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`yield_from!` used outside a generator: it works only directly in the body of an \
             `#[async_generator]` fn"
        )
    };
}

/// Delegates like [`yield_from!`], for an inner generator of `Result`s: its
/// `Ok` values are yielded, and an `Err` item ends the outer body with that
/// error (converted with `From`, as `?` does), after closing the inner
/// generator. For fallible generators.
///
/// ```compile_fail
/// fn not_a_generator() {
///     asyncgen::try_yield_from!(futures::stream::iter([Ok::<u32, ()>(1)]));
/// }
/// ```
#[macro_export]
macro_rules! try_yield_from {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`try_yield_from!` used outside a generator: it works only directly in the body of \
             an `#[async_generator]` fn"
        )
    };
}

/// Takes ownership of an inner generator inside an `#[async_generator]`
/// body: `let mut inner = own!(generator);` pins it in the body and closes it
/// (awaiting its cleanup) when the enclosing block is left, by any path:
/// the one-line way for a wrapper to make close reach what it wraps.
///
/// ```compile_fail
/// fn not_a_generator() {
///     let inner = asyncgen::own!(futures::stream::iter([1]));
/// }
/// ```
#[macro_export]
macro_rules! own {
    ($($tokens:tt)*) => {
        ::core::compile_error!(
            "`own!` used outside a generator: it works only in the body of an \
             `#[async_generator]` fn, as `let inner = own!(generator);`"
        )
    };
}

/// Not public API: what generated code uses.
#[doc(hidden)]
pub mod __private {
    // Exactly what expansions name: `private_lists_exactly_what_expansions_name`
    // in the macros crate checks it against every expansion in the workspace.
    pub use asyncgen_runtime::{
        Acmgr, BlockInPlace, BodyOutput, Co, Delegated, Displaced, Dropped, Flow, Gen,
        InnerCloseError, InnerNext, IntoOuterReturn, NoCleanup, ReportAbandoned, ReportByType,
        ReportDebug, ReportOpaque, Sections, Slot, ViaGenerator, ViaStream, after_cleanup,
        ends_in_error, enter_section, exit, leave_if_closing, leave_section, leaving,
        region_outcome, returns_error, unless_leaving,
    };
    pub use asyncgen_runtime::{SpawnRest, on_drop_spawn};
}
