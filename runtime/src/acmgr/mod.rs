//! Async context managers: an `#[acmgr]` body is a generator that yields
//! exactly once; the code before the yield is enter, the code after is exit.
//!
//! - [`AsyncContextManager`]: `with`, `enter`/[`Guard`], `into_stream`.
//! - `body`: [`AcmBody`], the body the macro builds, and its protocol (one
//!   yield).
//! - `in_scope`: polling the body inside its host scope.
//! - `scope_result`: how the scope's value meets the exit ([`ScopeResult`],
//!   [`ScopeError`]).
//! - `with`: running a scope between enter and exit, racing the scope
//!   against its host scope's cancellation.
//! - `guard`: the enter/exit protocol for frameworks without a closure.
//! - `stream`: an acmgr whose resource is a stream, as a stream.

mod body;
mod guard;
mod in_scope;
mod scope_result;
mod stream;
mod with;

use core::future::Future;

pub use body::AcmBody;
pub use guard::Guard;
pub use scope_result::{ScopeError, ScopeResult};
pub use stream::AcmStream;

/// An async context manager: enter, a scope, exit — in that order, on every
/// path. `#[acmgr]` functions return an [`Acmgr`], which implements it.
///
/// An acmgr is not a `Stream`; one whose resource is a stream turns into one
/// with [`into_stream`](AsyncContextManager::into_stream).
///
/// ```
/// use std::sync::{Arc, Mutex};
///
/// use asyncgen::{acmgr, AsyncContextManager};
///
/// #[acmgr(yield = &'static str)]
/// async fn lock(log: Arc<Mutex<Vec<String>>>) {
///     log.lock().unwrap().push("acquire".into());
///     let outcome = yield_!("the resource");
///     log.lock().unwrap().push(format!("release ({outcome:?})"));
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let log = Arc::new(Mutex::new(Vec::new()));
/// // The scope fails: the exit still runs, and is told so.
/// let result = lock(log.clone()).with(async |_| Err::<(), _>("scope failed")).await;
/// assert_eq!(result, Err("scope failed"));
/// assert_eq!(*log.lock().unwrap(), ["acquire", "release (Failed)"]);
/// # }
/// ```
pub trait AsyncContextManager: Sized + sealed::Sealed {
    /// What the body's `yield_!` hands to the scope.
    type Resource;
    /// What the body returns: `()`, or `Result<(), E>` when enter or exit
    /// may fail.
    type Exit;

    /// What [`enter`](Self::enter) returns: `(resource, guard)` for an
    /// infallible acmgr, `Result<(resource, guard), E>` for a fallible one
    /// (the guard a [`Guard`]).
    type Entered;

    /// What [`into_stream`](Self::into_stream) returns: an [`AcmStream`],
    /// a `Stream` and an `AsyncGenerator` when the resource is a `Stream`.
    type Stream;

    /// Runs enter, then `scope` with the resource, then exit, and returns the
    /// scope's value. The scope returns `()` or a `Result`; an `Err` (or a
    /// panic) is reported to the exit as [`Outcome::Failed`](crate::Outcome).
    ///
    /// What comes back (see [`ScopeResult`]): for an infallible acmgr, the
    /// scope's value; for a fallible one, `Result<T, ScopeError<S, A>>`
    /// (`S` the scope's error, `A` the acmgr's)
    /// carrying every error that happened (enter's; the scope's, the exit's,
    /// or both; or `Cancelled`).
    ///
    /// If a task group created in the acmgr's body has a failing child, the
    /// scope is cancelled: its future is dropped at once and the exit runs
    /// with [`Outcome::Cancelled`](crate::Outcome); the child's error comes
    /// out of the exit (`join`/`shutdown`) and so out of `with`.
    ///
    /// If the `with` future itself is dropped mid-scope, the scope future is
    /// dropped first, then the exit runs with `Cancelled` as a generator's
    /// cleanup runs on drop: in place, as far as it goes without waiting.
    ///
    /// A scope that panics is reported to the exit as `Failed`; the panic
    /// resumes after the exit ran.
    ///
    /// # Panics
    ///
    /// Resumes the scope's panic, as above. And for an infallible acmgr
    /// (its body returns `()`) whose scope a task group child cancelled:
    /// the acmgr cannot return the cancellation, so after its exit ran,
    /// `with` panics ("the scope of an infallible `#[acmgr]` was
    /// cancelled"); make the body return `Result<(), E>` to get the group's
    /// error instead.
    ///
    /// A fallible acmgr's errors come back as a [`ScopeError`]:
    ///
    /// ```
    /// use asyncgen::{acmgr, AsyncContextManager, ScopeError};
    ///
    /// #[acmgr(yield = u32)]
    /// async fn session() -> Result<(), String> {
    ///     let _outcome = yield_!(7);
    ///     Err("logout failed".to_string())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let result = session().with(async |id| Ok::<_, String>(id + 1)).await;
    /// assert_eq!(result, Err(ScopeError::Exit("logout failed".to_string())));
    /// # }
    /// ```
    fn with<S, R>(self, scope: S) -> impl Future<Output = R::Output>
    where
        S: AsyncFnOnce(Self::Resource) -> R,
        R: ScopeResult<Self::Exit>;

    /// Runs enter and returns the resource with a [`Guard`] whose
    /// [`exit`](Guard::exit) finishes the protocol: for frameworks that
    /// cannot pass a closure. A fallible acmgr returns `Result<(resource,
    /// guard), E>`.
    ///
    /// ```
    /// use std::sync::{Arc, Mutex};
    ///
    /// use asyncgen::{acmgr, AsyncContextManager, Outcome};
    ///
    /// #[acmgr(yield = u32)]
    /// async fn connection(log: Arc<Mutex<Vec<String>>>) {
    ///     let outcome = yield_!(42);
    ///     log.lock().unwrap().push(format!("closed ({outcome:?})"));
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let log = Arc::new(Mutex::new(Vec::new()));
    /// let (id, guard) = connection(log.clone()).enter().await;
    /// assert_eq!(id, 42); // ... hand `id` to the framework, keep `guard` ...
    /// guard.exit(Outcome::Completed).await;
    /// assert_eq!(*log.lock().unwrap(), ["closed (Completed)"]);
    /// # }
    /// ```
    fn enter(self) -> impl Future<Output = Self::Entered>;

    /// The resource's items as a stream that enters on the first poll and
    /// exits at the end, on close, or on drop (the Rust form of Django's
    /// `StreamingAcmgrHttpResponse`). For a fallible acmgr, the items are
    /// `Result`s and an enter or exit error is the last item.
    ///
    /// A task group child failing cancels the stream as it cancels a
    /// scope: it stops reading the resource and exits with
    /// [`Outcome::Cancelled`](crate::Outcome). The stream then ends with
    /// what the exit returned: a fallible acmgr's error as the last item;
    /// an infallible acmgr's stream just ends (its body saw the child's
    /// error from the group's `join`). Unlike [`with`](Self::with), which
    /// has no scope value to return, nothing panics.
    ///
    /// (The result is a `Stream` and an `AsyncGenerator` when the resource is
    /// a `Stream`.)
    ///
    /// ```
    /// use std::pin::pin;
    /// use std::sync::{Arc, Mutex};
    ///
    /// use asyncgen::{acmgr, AsyncContextManager, AsyncGenerator};
    /// use futures::stream::{self, Iter, StreamExt};
    ///
    /// #[acmgr(yield = Iter<std::ops::Range<u32>>)]
    /// async fn rows(log: Arc<Mutex<Vec<String>>>) {
    ///     let outcome = yield_!(stream::iter(0..100));
    ///     log.lock().unwrap().push(format!("cursor closed ({outcome:?})"));
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let log = Arc::new(Mutex::new(Vec::new()));
    /// let mut body = pin!(rows(log.clone()).into_stream());
    /// assert_eq!(body.next().await, Some(0));
    /// body.as_mut().close().await; // the client went away
    /// assert_eq!(*log.lock().unwrap(), ["cursor closed (Cancelled)"]);
    /// # }
    /// ```
    fn into_stream(self) -> Self::Stream;
}

mod sealed {
    pub trait Sealed {}
    impl<G> Sealed for super::Acmgr<G> {}
}

/// What `#[acmgr]` functions return: an [`AsyncContextManager`] whose body's
/// type stays hidden (`Acmgr<impl ..>`).
///
/// A concrete type rather than `impl AsyncContextManager`, so that auto
/// traits reach what it makes: `with`'s and `enter`'s futures, the
/// [`Guard`] and the [`AcmStream`] are `Send` exactly when the body is.
///
/// Dropping an `Acmgr` that was never entered runs nothing.
///
/// ```
/// use std::sync::Arc;
/// use std::sync::atomic::{AtomicBool, Ordering};
///
/// use asyncgen::{acmgr, AsyncContextManager};
///
/// #[acmgr(yield = ())]
/// async fn connect(entered: Arc<AtomicBool>) {
///     entered.store(true, Ordering::SeqCst);
///     let _outcome = yield_!(());
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let entered = Arc::new(AtomicBool::new(false));
/// drop(connect(entered.clone())); // never entered: nothing ran
/// assert!(!entered.load(Ordering::SeqCst));
/// connect(entered.clone()).with(async |()| ()).await;
/// assert!(entered.load(Ordering::SeqCst));
/// # }
/// ```
#[derive(Debug)]
#[must_use = "a context manager does nothing until entered with `with`, `enter` or `into_stream`"]
pub struct Acmgr<G> {
    machine: G,
}

impl<G> Acmgr<G> {
    /// Wraps the generator machine of an acmgr body. Not public API.
    #[doc(hidden)]
    pub const fn new(machine: G) -> Self {
        Acmgr { machine }
    }
}

impl<M: AcmBody> AsyncContextManager for Acmgr<M> {
    type Resource = M::Resource;
    type Exit = M::Exit;
    type Entered = guard::Entered<M>;
    type Stream = AcmStream<M>;

    fn with<S, R>(self, scope: S) -> impl Future<Output = R::Output>
    where
        S: AsyncFnOnce(M::Resource) -> R,
        R: ScopeResult<M::Exit>,
    {
        with::with(self.machine, scope)
    }

    fn enter(self) -> impl Future<Output = Self::Entered> {
        guard::enter(self.machine)
    }

    fn into_stream(self) -> AcmStream<M> {
        AcmStream::new(self.machine)
    }
}
