//! Migration guide: from `async-stream` and `futures-async-stream`.
//!
//! The constructs of [async-stream] (`stream!`, `try_stream!`, `for
//! await`) and of [futures-async-stream] (`#[stream]`, `#[try_stream]`,
//! `#[for_await]`) each have an `asyncgen` form, on stable Rust. Most of a
//! port is mechanical:
//! `yield x` becomes `yield_!(x)`, a fallible block ends with `Ok(())`, and
//! `for await` becomes a `while let` over `StreamExt::next`. What is new is
//! a place for async cleanup (`finally!`) and a way to wait for it
//! (`close().await`); the section [What differs on purpose, and
//! why](#what-differs-on-purpose-and-why) lists the differences a port
//! runs into, and the reasons for them.
//!
//! The async-stream and futures-async-stream code below is shown as text:
//! `asyncgen` does not depend on either crate. Every `asyncgen` example is
//! compiled and run as a test.
//!
//! [async-stream]: https://docs.rs/async-stream/0.3
//! [futures-async-stream]: https://docs.rs/futures-async-stream/0.2
//!
//! # Side by side
//!
//! | async-stream 0.3 | asyncgen |
//! | --- | --- |
//! | `stream! { yield x; }` | [`async_gen! { yield_!(x); }`](crate::async_gen) |
//! | `yield;` (a `()` item) | `yield_!();` |
//! | `try_stream! { let v = f()?; yield v; }` | `async_gen! { let v = f()?; yield_!(v); Ok(()) }`: the block ends with `Ok(())` |
//! | `fn f() -> impl Stream<Item = T> { stream! { .. } }` | `fn f() -> impl AsyncGenerator<Item = T> { async_gen! { .. } }`, or `#[async_generator(yield = T)] async fn f() { .. }` |
//! | `for await x in s { .. }` | `let mut s = pin!(s); while let Some(x) = s.next().await { .. }` (`futures::StreamExt`); `let mut s = own!(s);` for a generator, so close reaches it |
//! | `for await x in s { yield x; }` | `yield_from!(s);` (in a fallible `#[async_generator]` body, `try_yield_from!(s)` yields the `Ok`s of a stream of `Result`s and ends the body with its `Err`) |
//! | `tokio::select! { v = rx.recv() => yield v, .. }` | `tokio::select! { v = rx.recv() => yield_!(v), .. }`, also `futures::select!` and `select_biased!` |
//! | `yield async move { i }` (item type inferred) | the same in `async_gen!`; in a function, `#[async_generator(yield = impl Future<Output = i32>)]` |
//! | a guard whose `Drop` cleans up | `finally! { .. }`, which may `.await`; `close().await` waits for it |
//!
//! | futures-async-stream 0.2 (nightly) | asyncgen (stable) |
//! | --- | --- |
//! | `#[stream(item = T)] async fn f() { yield x; }` | [`#[async_generator(yield = T)]`](crate::async_generator) `async fn f() { yield_!(x); }` |
//! | `#[try_stream(ok = T, error = E)] async fn f() { .. }` | `#[async_generator(yield = T)] async fn f() -> Result<(), E> { ..; Ok(()) }` |
//! | early exit: `return;` / `return Ok(());` | the same |
//! | `#[for_await] for x in s { .. }` | `let mut s = pin!(s); while let Some(x) = s.next().await { .. }`, or `yield_from!(s)` |
//! | `#[stream] async move { .. }` | `async_gen! { .. }` |
//! | `#[stream(boxed, item = T)]` / `boxed_local` | `#[async_generator(yield = T, boxed)]` / `boxed_local`: a [`BoxAsyncGenerator<'_, T>`](crate::BoxAsyncGenerator) (`Send`) / [`LocalBoxAsyncGenerator`](crate::LocalBoxAsyncGenerator) |
//! | trait methods: `#[stream(boxed, item = T)] async fn m(&self);` | `#[async_generator(yield = T)] async fn m(&self);` (no box needed), or with `boxed` for `dyn Trait` |
//! | `yield;` (a `()` item) | `yield_!();` |
//! | `yield x` under `#![feature(coroutines)]` | `yield_!(x)` on stable; with `#![feature(coroutines)]` on nightly, a bare `yield x` works in `#[async_generator]` too; inside `async_gen! { .. }` (a function-like macro's input, which rustc does not feature-gate) a bare `yield x` works on stable as well |
//!
//! # From async-stream
//!
//! ## `stream!` becomes `async_gen!`
//!
//! ```text
//! use async_stream::stream;
//!
//! fn zero_to_three() -> impl Stream<Item = u32> {
//!     stream! {
//!         for i in 0..3 {
//!             yield i;
//!         }
//!     }
//! }
//! ```
//!
//! `async_gen!` captures like an `async move` block and infers the item
//! type from its yields. Return `impl AsyncGenerator<Item = T>` rather than
//! `impl Stream<Item = T>`: an `AsyncGenerator` is a `Stream` (and a
//! `FusedStream`), and the caller keeps [`close`](crate::AsyncGenerator::close).
//!
//! ```
//! use std::pin::pin;
//!
//! use asyncgen::{async_gen, AsyncGenerator};
//! use futures::StreamExt;
//!
//! fn zero_to_three() -> impl AsyncGenerator<Item = u32> {
//!     async_gen! {
//!         for i in 0..3 {
//!             yield_!(i);
//!         }
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut s = pin!(zero_to_three()); // pinned, as async-stream's `pin_mut!(s)`
//! while let Some(value) = s.next().await {
//!     println!("got {value}");
//! }
//! # }
//! ```
//!
//! A block with no yield at all (async-stream's `stream! {}`) is a stream
//! of `()`, as there:
//!
//! ```
//! use std::pin::pin;
//!
//! use futures::StreamExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut ran = false;
//! {
//!     let ran = &mut ran;
//!     let mut s = pin!(asyncgen::async_gen! {
//!         *ran = true;
//!     });
//!     while let Some(()) = s.next().await {
//!         unreachable!();
//!     }
//! }
//! assert!(ran);
//! # }
//! ```
//!
//! The named form says the item type once, in the signature:
//!
//! ```
//! # use asyncgen::async_generator;
//! #[async_generator(yield = u32)]
//! async fn zero_to_three() {
//!     for i in 0..3 {
//!         yield_!(i);
//!     }
//! }
//! ```
//!
//! ## `try_stream!` becomes a fallible `async_gen!`
//!
//! ```text
//! fn parse_all(lines: Vec<String>) -> impl Stream<Item = Result<u32, ParseIntError>> {
//!     try_stream! {
//!         for line in lines {
//!             yield line.parse::<u32>()?;
//!         }
//!     }
//! }
//! ```
//!
//! An `async_gen!` block is fallible when it uses `?` or evaluates to
//! `Ok(..)`/`Err(..)`. Its value is then a `Result<(), E>`, so it ends with
//! `Ok(())` (without it, the compiler reports "expected `Result<(), _>`,
//! found `()`"). `yield_!(v)` yields `v`, which arrives as `Ok(v)`; `?` and
//! `return Err(e)` end the stream with one `Err` item, converting the error
//! with `From` as `?` always does. The error type is inferred from the
//! `Err`s and from where the generator is used:
//!
//! ```
//! use std::error::Error;
//!
//! use asyncgen::{async_gen, AsyncGenerator};
//! use futures::StreamExt;
//!
//! type BoxError = Box<dyn Error + Send + Sync>;
//!
//! fn parse_all(lines: Vec<String>) -> impl AsyncGenerator<Item = Result<u32, BoxError>> {
//!     async_gen! {
//!         for line in lines {
//!             yield_!(line.parse::<u32>()?); // a ParseIntError, boxed by `?`
//!         }
//!         Ok(())
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let items: Vec<_> = parse_all(vec!["1".into(), "x".into(), "3".into()])
//!     .collect()
//!     .await;
//! assert_eq!(items.len(), 2); // Ok(1), then the error; "3" is never parsed
//! assert_eq!(*items[0].as_ref().unwrap(), 1);
//! assert!(items[1].is_err());
//! # }
//! ```
//!
//! With the attribute, the error type is the body's return type:
//! `#[async_generator(yield = u32)] async fn parse_all(..) -> Result<(),
//! BoxError> { ..; Ok(()) }`.
//!
//! ## `for await` becomes `while let`
//!
//! ```text
//! fn double<S: Stream<Item = u32>>(input: S) -> impl Stream<Item = u32> {
//!     stream! {
//!         for await value in input {
//!             yield value * 2;
//!         }
//!     }
//! }
//! ```
//!
//! `for await` pins the stream for you; without it, pin it in the body
//! (`pin!`; it stays pinned across yields, inside the generator). To
//! re-yield every item unchanged, [`yield_from!`](crate::yield_from) does
//! the loop:
//!
//! ```
//! use std::pin::pin;
//!
//! use asyncgen::{async_gen, AsyncGenerator};
//! use futures::{Stream, StreamExt};
//!
//! fn double<S: Stream<Item = u32>>(input: S) -> impl AsyncGenerator<Item = u32> {
//!     async_gen! {
//!         let mut input = pin!(input);
//!         while let Some(value) = input.next().await {
//!             yield_!(value * 2);
//!         }
//!     }
//! }
//!
//! fn then_four<S: Stream<Item = u32>>(input: S) -> impl AsyncGenerator<Item = u32> {
//!     async_gen! {
//!         yield_from!(input);
//!         yield_!(4);
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let items: Vec<u32> = then_four(double(futures::stream::iter([1, 2]))).collect().await;
//! assert_eq!(items, [2, 4, 4]);
//! # }
//! ```
//!
//! When the inner stream is itself a generator, `let mut input =
//! own!(input);` instead of `pin!` makes a close of the outer generator
//! close the inner one first and await its cleanup (a drop runs it in
//! place, as it does the outer one's); `yield_from!` does that on its own. See [close
//! propagation](crate#close-propagation).
//!
//! ## `yield` in `select!` arms
//!
//! ```text
//! stream! {
//!     loop {
//!         tokio::select! {
//!             Some(v) = rx.recv() => yield v,
//!             _ = tick.tick() => yield 0,
//!         }
//!     }
//! }
//! ```
//!
//! The arms of `tokio::select!`, `futures::select!` and `select_biased!`
//! run in the body: they may `yield_!`, `.await`, `?`, `break` and
//! `return`. A close or drop arriving while the select waits drops the
//! select's futures and runs the cleanup.
//!
//! ```
//! use std::time::Duration;
//!
//! use asyncgen::{async_gen, AsyncGenerator};
//! use futures::StreamExt;
//! use tokio::sync::mpsc;
//!
//! fn merged(mut rx: mpsc::Receiver<u32>) -> impl AsyncGenerator<Item = u32> {
//!     async_gen! {
//!         finally! { println!("cleanup"); }
//!         loop {
//!             tokio::select! {
//!                 value = rx.recv() => match value {
//!                     Some(value) => yield_!(value),
//!                     None => break,
//!                 },
//!                 _ = tokio::time::sleep(Duration::from_secs(60)) => yield_!(0),
//!             }
//!         }
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let (tx, rx) = mpsc::channel(4);
//! tx.send(7).await.unwrap();
//! drop(tx);
//! let items: Vec<u32> = merged(rx).collect().await;
//! assert_eq!(items, [7]);
//! # }
//! ```
//!
//! ## Item types that cannot be named
//!
//! async-stream infers the item type, so `yield async move { i }` works.
//! So does `async_gen!`; a named generator function says `yield = impl
//! Trait`:
//!
//! ```
//! use std::future::Future;
//! use std::pin::pin;
//!
//! use asyncgen::{async_gen, async_generator};
//! use futures::StreamExt;
//!
//! #[async_generator(yield = impl Future<Output = u32>)]
//! async fn lazy_squares(to: u32) {
//!     for i in 0..to {
//!         yield_!(async move { i * i });
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut squares = pin!(lazy_squares(3));
//! while let Some(square) = squares.next().await {
//!     println!("{}", square.await);
//! }
//! let doubles: Vec<_> = async_gen! {
//!     for i in 0..3u32 {
//!         yield_!(async move { i * 2 });
//!     }
//! }
//! .collect()
//! .await;
//! assert_eq!(doubles.len(), 3);
//! # }
//! ```
//!
//! # From futures-async-stream
//!
//! ## `#[stream]` and `#[try_stream]` functions
//!
//! ```text
//! #![feature(coroutines)]
//!
//! #[stream(item = i32)]
//! async fn parse(stream: impl Stream<Item = String>) {
//!     #[for_await]
//!     for x in stream {
//!         yield x.parse().unwrap();
//!     }
//! }
//!
//! #[try_stream(ok = i32, error = Box<dyn std::error::Error>)]
//! async fn try_parse(stream: impl Stream<Item = String>) {
//!     #[for_await]
//!     for x in stream {
//!         yield x.parse()?;
//!     }
//! }
//! ```
//!
//! `item = T` becomes `yield = T`; `ok = T, error = E` becomes `yield = T`
//! and a body returning `Result<(), E>` (which therefore ends with
//! `Ok(())`). `#[for_await]` becomes a `while let` over
//! `StreamExt::next`. No feature gate is needed:
//!
//! ```
//! use std::error::Error;
//! use std::pin::pin;
//!
//! use asyncgen::async_generator;
//! use futures::{Stream, StreamExt};
//!
//! #[async_generator(yield = i32)]
//! async fn parse(stream: impl Stream<Item = String>) {
//!     let mut stream = pin!(stream);
//!     while let Some(x) = stream.next().await {
//!         yield_!(x.parse().unwrap());
//!     }
//! }
//!
//! #[async_generator(yield = i32)]
//! async fn try_parse(stream: impl Stream<Item = String>) -> Result<(), Box<dyn Error>> {
//!     let mut stream = pin!(stream);
//!     while let Some(x) = stream.next().await {
//!         yield_!(x.parse()?);
//!     }
//!     Ok(())
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let input = || futures::stream::iter(["1".to_string(), "x".to_string()]);
//! let items: Vec<_> = try_parse(input()).collect().await;
//! assert_eq!(items.len(), 2);
//! assert!(items[1].is_err());
//! let items: Vec<_> = parse(futures::stream::iter(["2".to_string()])).collect().await;
//! assert_eq!(items, [2]);
//! # }
//! ```
//!
//! A `#[stream] async move { .. }` block becomes `async_gen! { .. }`.
//!
//! ## `boxed`, and trait methods
//!
//! `#[stream(boxed, item = T)]` returns `Pin<Box<dyn Stream<Item = T> +
//! Send + '_>>`; `#[async_generator(yield = T, boxed)]` returns a
//! [`BoxAsyncGenerator<'_, T>`](crate::BoxAsyncGenerator), `Pin<Box<dyn
//! AsyncGenerator<Item = T, Closed = ()> + Send + '_>>`, which keeps
//! `close` (`boxed_local` gives the version without `Send`). The box's
//! lifetime is the one elision would give: the receiver's, the only
//! borrowed argument's (or the only lifetime parameter), or `'static`.
//!
//! In a trait, the attribute also works on a declaration without `boxed`:
//! the method returns `impl AsyncGenerator`, as a method returning `impl
//! Trait` does, and callers generic over the trait can close it. `boxed`
//! is for `dyn Trait` (a trait whose methods return `impl Trait` is not
//! dyn-compatible):
//!
//! ```
//! use asyncgen::{async_generator, AsyncGenerator};
//! use futures::StreamExt;
//!
//! trait Counter {
//!     #[async_generator(yield = u32)]
//!     async fn count(&mut self);
//! }
//!
//! trait DynCounter {
//!     #[async_generator(yield = u32, boxed)]
//!     async fn count_dyn(&mut self);
//! }
//!
//! struct Bar(u32);
//!
//! impl Counter for Bar {
//!     #[async_generator(yield = u32)]
//!     async fn count(&mut self) {
//!         for _ in 0..2 {
//!             self.0 += 1;
//!             yield_!(self.0);
//!         }
//!     }
//! }
//!
//! impl DynCounter for Bar {
//!     #[async_generator(yield = u32, boxed)]
//!     async fn count_dyn(&mut self) {
//!         self.0 += 1;
//!         yield_!(self.0);
//!     }
//! }
//!
//! /// Generic over the trait: takes the first item, then closes.
//! async fn first<C: Counter>(counter: &mut C) -> Option<u32> {
//!     let mut items = std::pin::pin!(counter.count());
//!     let first = items.next().await;
//!     items.as_mut().close().await;
//!     first
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut bar = Bar(0);
//! assert_eq!(first(&mut bar).await, Some(1));
//! let counter: &mut dyn DynCounter = &mut bar;
//! let items: Vec<u32> = counter.count_dyn().collect().await;
//! assert_eq!(items, [2]);
//! # }
//! ```
//!
//! The declaration's `impl AsyncGenerator<Item = T, Closed = ()>` (`Closed
//! = Result<(), E>` for a body returning `Result<(), E>`) promises no
//! `Send`. For callers that spawn it, write the declaration by hand with `+
//! Send`; the implementations keep the attribute:
//!
//! ```
//! use asyncgen::{async_generator, AsyncGenerator};
//!
//! trait Source {
//!     fn items(&self) -> impl AsyncGenerator<Item = u32, Closed = ()> + Send;
//! }
//!
//! struct Three;
//!
//! impl Source for Three {
//!     #[async_generator(yield = u32)]
//!     async fn items(&self) {
//!         for i in 0..3 {
//!             yield_!(i);
//!         }
//!     }
//! }
//! ```
//!
//! A trait that must keep futures-async-stream's signature, `Pin<Box<dyn
//! Stream<Item = T> + Send + '_>>`, cannot take a `boxed` generator as
//! is (the box holds a `dyn AsyncGenerator`, another type: E0053).
//! Implement it with a generator boxed by `StreamExt::boxed` (its callers
//! then have no `close`):
//!
//! ```
//! use std::pin::Pin;
//!
//! use asyncgen::async_generator;
//! use futures::{Stream, StreamExt};
//!
//! trait Foo {
//!     fn method(&mut self) -> Pin<Box<dyn Stream<Item = u32> + Send + '_>>;
//! }
//!
//! struct Bar(u32);
//!
//! impl Bar {
//!     #[async_generator(yield = u32)]
//!     async fn count(&mut self) {
//!         while self.0 < 3 {
//!             self.0 += 1;
//!             yield_!(self.0);
//!         }
//!     }
//! }
//!
//! impl Foo for Bar {
//!     fn method(&mut self) -> Pin<Box<dyn Stream<Item = u32> + Send + '_>> {
//!         self.count().boxed()
//!     }
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let items: Vec<u32> = Bar(0).method().collect().await;
//! assert_eq!(items, [1, 2, 3]);
//! # }
//! ```
//!
//! # What differs on purpose, and why
//!
//! ## `yield_!(x)`, a macro, on stable
//!
//! `yield` is a keyword whose expression form is unstable: the compiler
//! parses an attribute's input as Rust, and on stable it rejects a bare
//! `yield` there ("yield syntax is experimental", E0658), whatever the
//! attribute would have made of it. `yield_!(x)` is a plain macro call, so
//! it works on stable. On nightly, with `#![feature(coroutines)]` in the
//! crate, a bare `yield x` in an `#[async_generator]` body is lowered
//! exactly like `yield_!(x)`, so futures-async-stream functions keep their
//! `yield`s.
//!
//! ## Async cleanup has a home: `finally!` and `close().await`
//!
//! With async-stream or futures-async-stream, cleanup is a destructor: it
//! runs when the stream is dropped, and cannot `.await`, so a rollback, a
//! websocket Close frame or a flush has nowhere to go. In `asyncgen`,
//! `finally! { .. }` protects the rest of its block and runs on every exit
//! of it, may `.await`, and `close().await` returns when it is done:
//!
//! ```
//! use std::pin::pin;
//! use std::sync::{Arc, Mutex};
//!
//! use asyncgen::{async_gen, AsyncGenerator};
//! use futures::StreamExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let log = Arc::new(Mutex::new(Vec::new()));
//! let cleanup_log = log.clone();
//! let mut rows = pin!(async_gen! {
//!     finally! {
//!         tokio::task::yield_now().await; // e.g. a rollback
//!         cleanup_log.lock().unwrap().push("rolled back");
//!     }
//!     for row in 0.. {
//!         yield_!(row);
//!     }
//! });
//! assert_eq!(rows.next().await, Some(0));
//! rows.as_mut().close().await; // returns after the cleanup's awaits
//! assert_eq!(*log.lock().unwrap(), ["rolled back"]);
//! # }
//! ```
//!
//! Dropping a generator still runs its cleanup, in place; what would wait
//! there follows the generator's drop policy (`on_drop = report`, the
//! default, `block` or `spawn`; see [`async_generator`](crate::async_generator)).
//! `async_gen!` takes no arguments and uses `report`: use a named
//! `#[async_generator]` function for `block` or `spawn`.
//! [`closing`](crate::closing) closes a generator on every way out of a
//! consumer's loop, `break` and `?` included. `finally!(|outcome| ..)` is
//! told whether its block completed, failed or was cancelled (commit or
//! roll back without a flag).
//!
//! ## The item type is named in the attribute
//!
//! Like futures-async-stream's `item = T`, `#[async_generator]` asks for
//! `yield = T`: the function's signature is the documentation, and the
//! compiler checks each `yield_!` against it. A borrow error names that
//! type ("type annotation requires that `local` is borrowed for `'a`",
//! pointing at `yield = &'a str`) rather than a type the macro made up.
//! `async_gen!` infers the item type, as async-stream does; `yield = impl
//! Trait` covers the types that cannot be written.
//!
//! ## Errors end the stream: one `Err`, then `None`
//!
//! As with `try_stream!` and `#[try_stream]`, a fallible generator yields
//! `Ok(v)` for each `yield_!(v)`, and `?` or `return Err(e)` yields one
//! `Err(e)` and ends the stream: later polls return `None`. The error type
//! is the body's return type, `Result<(), E>`, as for any function using
//! `?` (`async_gen!` infers it). What is new: the `finally!` blocks run before the `Err` item is
//! returned (`finally!(|outcome| ..)` sees `Failed`), and an error raised
//! by the cleanup itself is not lost (the last item, `close()`'s value, or
//! a `tracing` event when a drop cannot return it; see
//! [Errors](crate#errors)).
//!
//! ## The returned type: `impl AsyncGenerator`
//!
//! A generator function returns `impl AsyncGenerator<Item = T, Closed =
//! ()>`: a `Stream` and a `FusedStream` (so `futures::select!` and
//! `is_terminated()` accept it, as async-stream's stream), with
//! `close()`. It is `Send` exactly when the body's state is, as an `async
//! fn`'s future is; a body holding an `Rc` across a yield is not:
//!
//! ```compile_fail,E0277
//! use asyncgen::async_gen;
//!
//! fn assert_send<T: Send>(_: T) {}
//!
//! assert_send(async_gen! {
//!     let shared = std::rc::Rc::new(1u32);
//!     yield_!(*shared);
//!     yield_!(*shared);
//! });
//! ```
//!
//! Like async-stream's and futures-async-stream's streams, a generator is
//! in general not `Unpin`: pin it (`std::pin::pin!`, `Box::pin`) before
//! calling `next`.
//!
//! ## No thread-local yield slot
//!
//! async-stream hands an item to the consumer through a pointer to the
//! consumer's slot stored in a thread-local, typed only by the macro's
//! expansion. Its soundness holes [#106] (a `yield` inside an `async`
//! block made by a user's macro, awaited inside another stream, wrote a
//! value of the wrong type) and [#107] (items that outlived what they
//! borrowed) came from that design; 0.3.6 closed both ([#109]).
//! `asyncgen` has no thread-local: a yielded value travels
//! through a slot on the stack of the consumer's `poll_next`, found through
//! the `Context` the body is polled with, and the body's handle is a
//! one-byte token with no pointer inside. A handle carried off into
//! another generator can at worst make a yield panic, never write where it
//! should not, and both issues' programs are compile errors: a `yield_!`
//! the attribute cannot see is rejected, and the item type carries the
//! borrowed lifetime.
//!
//! ```compile_fail
//! use asyncgen::{async_generator, yield_};
//!
//! macro_rules! yield_later {
//!     ($value:expr) => {
//!         async { yield_!($value) }
//!     };
//! }
//!
//! #[async_generator(yield = u32)]
//! async fn smuggle() {
//!     let later = yield_later!(42); // #106's shape: rejected
//!     yield_!(1);
//!     later.await;
//! }
//! ```
//!
//! #107's program, ported, does not compile (E0597: `v` does not live long
//! enough):
//!
//! ```compile_fail,E0597
//! use std::pin::pin;
//!
//! use asyncgen::async_gen;
//! use futures::StreamExt;
//!
//! # async fn f() {
//! let mut outer = vec![];
//! {
//!     let v = vec![0; 10];
//!     let v_ref = &v;
//!     let mut s = pin!(async_gen! {
//!         for x in v_ref {
//!             yield_!(x);
//!         }
//!     });
//!     while let Some(x) = s.next().await {
//!         outer.push(x);
//!     }
//! }
//! println!("{outer:?}"); // would read freed memory
//! # }
//! ```
//!
//! [#106]: https://github.com/tokio-rs/async-stream/issues/106
//! [#107]: https://github.com/tokio-rs/async-stream/issues/107
//! [#109]: https://github.com/tokio-rs/async-stream/pull/109
//!
//! ## `select!` arms yield, and a close interrupts the select
//!
//! A `select!` awaits inside its own expansion, where the attribute cannot
//! see, so a close arriving while it waits would have to wait for it.
//! Instead, the arms' handlers are lowered as body code (they may
//! `yield_!` and exit, as async-stream's `yield` in an arm does), and in a
//! body with cleanup the attribute adds an arm that is ready when the
//! generator is being left: a close or drop drops the select's futures at
//! once and runs the `finally!` blocks. Other awaiting macros get no such
//! arm; see below.
//!
//! ## Other macros' input
//!
//! async-stream rewrites every `yield` token it finds, in any macro's
//! input. `asyncgen` lowers another macro's input only where it can tell
//! what becomes of it: input that parses as expressions (`println!`,
//! `format!`, `assert_eq!`, ...), the known forms `vec![e; n]`,
//! `matches!(e, pat if guard)` and `tracing`'s fields, and the arms of
//! `select!`. A `?` or `.await` there behaves as anywhere else; a `yield_!`
//! inside another macro's input (except a `select!` arm) is rejected: bind
//! the value first, then yield it. Macros that await inside their own
//! expansion (`join!`, `try_join!`) are rejected inside a
//! `finally!`-protected block, where the cleanup would have to wait for
//! them (wrap them in `async { .. }.await`), and a `?`, `return`, `break`
//! or `continue` inside the input of a macro the attribute does not know
//! (or one whose input does not parse as expressions) is a compile error
//! there, since it could skip the cleanup. See
//! [Limitations](crate#limitations).
//!
//! ## `StreamExt` adapters keep `close`; `StreamExt::boxed` does not
//!
//! Keep `use futures::StreamExt`: `asyncgen` has no `next` or `map` of its
//! own. `map`, `filter`, `take`, `then`, ... (and `TryStreamExt`'s
//! `map_ok`, `and_then`, ...) over a generator return adapters that are
//! themselves generators: closing one closes the generator inside (see
//! [`adapters`](crate::adapters) for the list). Adapters over several
//! streams (`chain`, `zip`, `flatten`) and `StreamExt::boxed` make plain
//! streams; the box that keeps `close` is
//! [`boxed_generator()`](crate::AsyncGeneratorExt::boxed_generator):
//!
//! ```
//! use std::pin::Pin;
//!
//! use asyncgen::{async_gen, AsyncGenerator, AsyncGeneratorExt, BoxAsyncGenerator};
//! use futures::StreamExt;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let mut squares: BoxAsyncGenerator<'static, u32> = async_gen! {
//!     finally! { println!("cleanup"); }
//!     for i in 0.. {
//!         yield_!(i);
//!     }
//! }
//! .map(|i: u32| i * i)
//! .boxed_generator();
//! assert_eq!(squares.next().await, Some(0));
//! Pin::new(&mut squares).close().await; // "cleanup"
//! # }
//! ```
//!
//! ```compile_fail,E0599
//! use std::pin::Pin;
//!
//! use asyncgen::{async_gen, AsyncGenerator};
//! use futures::StreamExt;
//!
//! # async fn f() {
//! let mut plain = async_gen! { yield_!(1u32); }.boxed(); // a BoxStream
//! Pin::new(&mut plain).close().await; // no `close`: a plain stream
//! # }
//! ```
//!
//! (The box is itself a generator, and `Unpin`: close it with
//! `Pin::new(&mut boxed).close()`, since `close` cannot be called on the
//! `dyn` inside.)
//!
//! # Porting a test suite: a checklist
//!
//! 1. Swap the dependency; keep `futures` (or `futures-util`) and its
//!    `StreamExt` import. On stable, drop `#![feature(coroutines,
//!    proc_macro_hygiene, stmt_expr_attributes)]`.
//! 2. `stream! { .. }` and `try_stream! { .. }` → `async_gen! { .. }`;
//!    `#[stream(item = T)]` → `#[async_generator(yield = T)]`;
//!    `#[try_stream(ok = T, error = E)]` → `#[async_generator(yield = T)]`
//!    with `-> Result<(), E>`.
//! 3. Add `Ok(())` at the end of every fallible block or body.
//! 4. `yield x` → `yield_!(x)`, `yield;` → `yield_!();` (on nightly with
//!    `#![feature(coroutines)]`, bare `yield` may stay in
//!    `#[async_generator]` bodies).
//! 5. `for await x in s` / `#[for_await]` → `let mut s = pin!(s);` and
//!    `while let Some(x) = s.next().await`; a loop that only re-yields →
//!    `yield_from!(s)`.
//! 6. A `yield` inside a macro other than a `select!` arm: bind the value
//!    first, then `yield_!` it. `join!` inside a block protected by
//!    `finally!`: wrap it in `async { .. }.await`.
//! 7. Return types: `impl Stream<Item = T>` still compiles;
//!    `impl AsyncGenerator<Item = T>` keeps `close` for the caller. Boxed
//!    streams → `boxed` / `boxed_generator()`.
//! 8. A generator with no `yield_!` (`stream! {}`) is a stream of `()`,
//!    as there.
//! 9. Most assertions carry over as they are: item order, `FusedStream`
//!    and `is_terminated()`, `None` after the end and after an error,
//!    `Send` (exactly when the body's state is), borrowing from `&self`,
//!    non-`Unpin` items such as `async move` blocks. Cleanup done by a
//!    destructor still runs on drop; moved into `finally!`, it may await,
//!    and gains tests with `close().await`.
//! 10. Compile-fail tests (trybuild `.stderr` files) need new expected
//!     output: the messages are `asyncgen`'s.
