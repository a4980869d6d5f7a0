//! Fan-in: `P` producer tasks each send `M` items into one bounded tokio
//! `mpsc` channel, and one consumer sums them. The contenders differ only in
//! the structure around the channel: an `#[acmgr]` holding a
//! [`TaskGroup`] across its yield and consumed with `with`, against the
//! hand-rolled [`JoinSet`] + `mpsc` that people write today.
//!
//! Every contender runs the same producer ([`produce`]) and, except the
//! stream form, the same consumer ([`consume`]: `rx.recv().await` in a
//! loop). Producer `p` sends `item(i)` for `i` in `p * M..(p + 1) * M`, so
//! every contender sums to [`expected_sum`]`(P * M)` whatever the
//! interleaving; [`Contender::run`] checks it on every run.
//!
//! Only `asyncgen`'s public API is used (`#[acmgr]`, `with`, `into_stream`,
//! `TaskGroup::{new, spawn, shutdown}`), so the bench does not depend on how
//! the runtime implements them. Two diagnostics are copies instead, written
//! against tokio's public API, of what the runtime did when this bench was
//! written: [`Contender::JoinSetGuard`], the wrapper `TaskGroup` ran each
//! child in (a cancellation `Notified` polled before every poll of the
//! child, and `catch_unwind` around that poll), and
//! [`Contender::JoinSetStreamRegister`], what `AcmStream::poll_next` did per
//! item besides polling its resource. They measure that design, not the
//! runtime's current code.

use std::convert::Infallible;
use std::future::{Future, poll_fn};
use std::hint::black_box;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};

use asyncgen::{AsyncContextManager, ErrorGroup, TaskGroup, acmgr};
use futures::{Stream, StreamExt};
use tokio::runtime::Runtime;
use tokio::sync::{Notify, mpsc};
use tokio::task::JoinSet;

use crate::{expected_sum, item};

/// The size of one fan-in run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shape {
    /// Producer tasks, `P`.
    pub producers: u64,
    /// Items each producer sends, `M`.
    pub items: u64,
    /// The channel's capacity.
    pub capacity: usize,
}

impl Shape {
    /// Items the consumer receives in one run: `P * M`.
    pub fn total(self) -> u64 {
        self.producers * self.items
    }

    /// What the consumer must sum to.
    pub fn expected(self) -> u64 {
        expected_sum(self.total())
    }

    /// The items producer `p` sends.
    fn range(self, p: u64) -> Range<u64> {
        p * self.items..(p + 1) * self.items
    }
}

/// The producer every contender spawns: sends `item(i)` for each `i` in
/// `range`, and stops without failing if the consumer is gone.
pub async fn produce(tx: mpsc::Sender<u64>, range: Range<u64>) -> Result<(), Infallible> {
    for i in range {
        if tx.send(item(i)).await.is_err() {
            return Ok(());
        }
    }
    Ok(())
}

/// The consumer every contender but the stream form runs: sums what `rx`
/// receives until every sender is gone.
pub async fn consume(rx: &mut mpsc::Receiver<u64>) -> u64 {
    let mut sum = 0u64;
    while let Some(value) = rx.recv().await {
        sum = sum.wrapping_add(value);
    }
    sum
}

/// One way of structuring the fan-in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Contender {
    /// The baseline: a [`JoinSet`] of producers and the consumer in the
    /// same `async` block; every task joined at the end.
    JoinSet,
    /// `#[acmgr]` whose body spawns the producers into a [`TaskGroup`] and
    /// yields the receiver; the consumer runs in `with`'s scope; the exit is
    /// `tg.shutdown().await?`.
    AcmgrTaskGroup,
    /// The same acmgr with a stream over the receiver as its resource,
    /// consumed through `into_stream()` and `StreamExt::next`.
    AcmgrTaskGroupStream,
    /// Diagnostic: a [`TaskGroup`] and the channel, without an acmgr (spawn,
    /// consume, `shutdown`).
    TaskGroup,
    /// Diagnostic: the acmgr and `with`, with a [`JoinSet`] instead of a
    /// [`TaskGroup`] in its body.
    AcmgrJoinSet,
    /// Diagnostic: the baseline with every producer run inside a copy of
    /// the per-child wrapper `TaskGroup` used when this bench was written
    /// (see the module's documentation).
    JoinSetGuard,
    /// Diagnostic: the baseline with the consumer reading a [`RecvStream`]
    /// through `StreamExt::next`, as the `into_stream` form does.
    JoinSetStream,
    /// Diagnostic: [`Contender::JoinSetStream`] with every `poll_next` first
    /// checking a cancellation flag and registering the waker in a
    /// `Mutex<Option<Waker>>`, a copy of what `AcmStream::poll_next` did per
    /// item when this bench was written.
    JoinSetStreamRegister,
}

impl Contender {
    /// Every contender, baseline first.
    pub const ALL: [Contender; 8] = [
        Contender::JoinSet,
        Contender::AcmgrTaskGroup,
        Contender::AcmgrTaskGroupStream,
        Contender::TaskGroup,
        Contender::AcmgrJoinSet,
        Contender::JoinSetGuard,
        Contender::JoinSetStream,
        Contender::JoinSetStreamRegister,
    ];

    /// The contender every ratio is taken against.
    pub const BASELINE: Contender = Contender::JoinSet;

    /// Name in tables and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Contender::JoinSet => "joinset+mpsc",
            Contender::AcmgrTaskGroup => "acmgr+taskgroup",
            Contender::AcmgrTaskGroupStream => "acmgr+taskgroup into_stream",
            Contender::TaskGroup => "taskgroup (no acmgr)",
            Contender::AcmgrJoinSet => "acmgr+joinset",
            Contender::JoinSetGuard => "joinset+child-wrapper copy",
            Contender::JoinSetStream => "joinset+mpsc as stream",
            Contender::JoinSetStreamRegister => "joinset+stream+register copy",
        }
    }

    /// Runs one fan-in of `shape` with `runtime.block_on` and returns the
    /// consumer's sum, after checking it.
    ///
    /// # Panics
    ///
    /// If the sum is not [`Shape::expected`], or a producer fails.
    pub fn run(self, runtime: &Runtime, shape: Shape) -> u64 {
        let sum = match self {
            Contender::JoinSet => runtime.block_on(join_set(shape)),
            Contender::AcmgrTaskGroup => runtime.block_on(acmgr_task_group(shape)),
            Contender::AcmgrTaskGroupStream => runtime.block_on(acmgr_task_group_stream(shape)),
            Contender::TaskGroup => runtime.block_on(task_group(shape)),
            Contender::AcmgrJoinSet => runtime.block_on(acmgr_join_set(shape)),
            Contender::JoinSetGuard => runtime.block_on(join_set_guard(shape)),
            Contender::JoinSetStream => runtime.block_on(join_set_stream(shape, false)),
            Contender::JoinSetStreamRegister => runtime.block_on(join_set_stream(shape, true)),
        };
        assert_eq!(sum, shape.expected(), "{}: wrong sum", self.name());
        sum
    }
}

/// The baseline: hand-rolled [`JoinSet`] + `mpsc`.
pub async fn join_set(shape: Shape) -> u64 {
    let (tx, mut rx) = mpsc::channel(shape.capacity);
    let mut tasks = JoinSet::new();
    for p in 0..shape.producers {
        tasks.spawn(produce(tx.clone(), shape.range(p)));
    }
    drop(tx);
    let sum = consume(&mut rx).await;
    while let Some(joined) = tasks.join_next().await {
        let Ok(()) = joined.expect("a producer panicked");
    }
    sum
}

/// The fan-in as an acmgr: the producers in a [`TaskGroup`] held across the
/// yield, the receiver as the resource.
#[acmgr(yield = mpsc::Receiver<u64>)]
pub async fn fan_in_receiver(shape: Shape) -> Result<(), ErrorGroup<Infallible>> {
    let (tx, rx) = mpsc::channel(shape.capacity);
    let tg = TaskGroup::new();
    for p in 0..shape.producers {
        tg.spawn(produce(tx.clone(), shape.range(p)));
    }
    drop(tx);
    let _ = yield_!(rx);
    tg.shutdown().await?;
    Ok(())
}

/// [`fan_in_receiver`] consumed with `with`, the consumer in its scope.
pub async fn acmgr_task_group(shape: Shape) -> u64 {
    fan_in_receiver(shape)
        .with(async |mut rx| Ok::<_, Infallible>(consume(&mut rx).await))
        .await
        .expect("no producer fails")
}

/// A bounded receiver as a [`Stream`]: `poll_next` is `poll_recv`, the
/// function `recv()` awaits.
#[derive(Debug)]
pub struct RecvStream(pub mpsc::Receiver<u64>);

impl Stream for RecvStream {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        self.0.poll_recv(cx)
    }
}

/// [`fan_in_receiver`] with the receiver as a stream.
#[acmgr(yield = RecvStream)]
pub async fn fan_in_stream(shape: Shape) -> Result<(), ErrorGroup<Infallible>> {
    let (tx, rx) = mpsc::channel(shape.capacity);
    let tg = TaskGroup::new();
    for p in 0..shape.producers {
        tg.spawn(produce(tx.clone(), shape.range(p)));
    }
    drop(tx);
    let _ = yield_!(RecvStream(rx));
    tg.shutdown().await?;
    Ok(())
}

/// [`fan_in_stream`] through `into_stream()`.
pub async fn acmgr_task_group_stream(shape: Shape) -> u64 {
    let mut items = pin!(fan_in_stream(shape).into_stream());
    let mut sum = 0u64;
    while let Some(value) = items.next().await {
        sum = sum.wrapping_add(value.expect("no producer fails"));
    }
    sum
}

/// Diagnostic: a [`TaskGroup`] without an acmgr.
pub async fn task_group(shape: Shape) -> u64 {
    let (tx, mut rx) = mpsc::channel(shape.capacity);
    let tg = TaskGroup::<Infallible>::new();
    for p in 0..shape.producers {
        tg.spawn(produce(tx.clone(), shape.range(p)));
    }
    drop(tx);
    let sum = consume(&mut rx).await;
    tg.shutdown().await.expect("no producer fails");
    sum
}

/// Diagnostic: the acmgr with a [`JoinSet`] in its body.
#[acmgr(yield = mpsc::Receiver<u64>)]
pub async fn fan_in_join_set(shape: Shape) -> Result<(), Infallible> {
    let (tx, rx) = mpsc::channel(shape.capacity);
    let mut tasks = JoinSet::new();
    for p in 0..shape.producers {
        tasks.spawn(produce(tx.clone(), shape.range(p)));
    }
    drop(tx);
    let _ = yield_!(rx);
    while let Some(joined) = tasks.join_next().await {
        joined.expect("a producer panicked")?;
    }
    Ok(())
}

/// [`fan_in_join_set`] consumed with `with`.
pub async fn acmgr_join_set(shape: Shape) -> u64 {
    fan_in_join_set(shape)
        .with(async |mut rx| Ok::<_, Infallible>(consume(&mut rx).await))
        .await
        .expect("no producer fails")
}

/// The cancellation signal of [`join_set_guard`]'s wrapper.
#[derive(Debug, Default)]
pub struct Cancel {
    cancelled: AtomicBool,
    notify: Notify,
}

/// A copy of the per-child wrapper of `TaskGroup` at the time of writing:
/// a `Notified` enabled before the child starts and polled before every
/// poll of the child, and the child's poll inside `catch_unwind`.
pub async fn guarded<F: Future<Output = Result<(), Infallible>>>(cancel: Arc<Cancel>, child: F) {
    let mut cancelled = pin!(cancel.notify.notified());
    cancelled.as_mut().enable();
    if cancel.cancelled.load(Ordering::Acquire) {
        return;
    }
    let mut child = pin!(child);
    let outcome = poll_fn(|cx| {
        if cancelled.as_mut().poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        match catch_unwind(AssertUnwindSafe(|| child.as_mut().poll(cx))) {
            Ok(Poll::Ready(output)) => Poll::Ready(Some(Ok(output))),
            Ok(Poll::Pending) => Poll::Pending,
            Err(payload) => Poll::Ready(Some(Err(payload))),
        }
    })
    .await;
    match outcome {
        None | Some(Ok(Ok(()))) => {}
        Some(Err(payload)) => std::panic::resume_unwind(payload),
    }
}

/// Diagnostic: the baseline with each producer inside [`guarded`].
pub async fn join_set_guard(shape: Shape) -> u64 {
    let (tx, mut rx) = mpsc::channel(shape.capacity);
    let cancel = Arc::new(Cancel::default());
    let mut tasks = JoinSet::new();
    for p in 0..shape.producers {
        tasks.spawn(guarded(cancel.clone(), produce(tx.clone(), shape.range(p))));
    }
    drop(tx);
    let sum = consume(&mut rx).await;
    while let Some(joined) = tasks.join_next().await {
        joined.expect("a producer panicked");
    }
    sum
}

/// A [`RecvStream`] that, when `register` is set, does per `poll_next` what
/// `AcmStream` did in its streaming phase when this bench was written: check
/// the host scope's cancellation flag, and register the waker in the host
/// scope's `Mutex<Option<Waker>>` (cloning it only if it changed).
#[derive(Debug)]
pub struct Registering {
    items: RecvStream,
    register: bool,
    cancelled: AtomicBool,
    waker: Mutex<Option<Waker>>,
}

impl Stream for Registering {
    type Item = u64;

    fn poll_next(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<u64>> {
        if self.register {
            if self.cancelled.load(Ordering::Acquire) {
                return Poll::Ready(None);
            }
            let mut slot = self.waker.lock().unwrap_or_else(PoisonError::into_inner);
            match &*slot {
                Some(current) if current.will_wake(cx.waker()) => {}
                _ => *slot = Some(cx.waker().clone()),
            }
        }
        Pin::new(&mut self.items).poll_next(cx)
    }
}

/// Diagnostic: the baseline with the consumer reading the channel as a
/// stream, through [`Registering`] (which does nothing more than
/// [`RecvStream`] unless `register`).
pub async fn join_set_stream(shape: Shape, register: bool) -> u64 {
    let (tx, rx) = mpsc::channel(shape.capacity);
    let mut tasks = JoinSet::new();
    for p in 0..shape.producers {
        tasks.spawn(produce(tx.clone(), shape.range(p)));
    }
    drop(tx);
    let mut items = pin!(Registering {
        items: RecvStream(rx),
        register: black_box(register),
        cancelled: AtomicBool::new(false),
        waker: Mutex::new(None),
    });
    let mut sum = 0u64;
    while let Some(value) = items.next().await {
        sum = sum.wrapping_add(value);
    }
    while let Some(joined) = tasks.join_next().await {
        let Ok(()) = joined.expect("a producer panicked");
    }
    sum
}

/// The runtimes every contender runs on: a current-thread one, and a
/// multi-thread one with two workers. Built once; each run is a `block_on`
/// on the calling thread (on the multi-thread runtime the consumer runs on
/// that thread and the producers on the workers).
#[derive(Debug)]
pub struct Runtimes {
    /// `Builder::new_current_thread()`.
    pub current_thread: Runtime,
    /// `Builder::new_multi_thread().worker_threads(2)`.
    pub multi_thread: Runtime,
}

impl Runtimes {
    /// Builds both.
    ///
    /// # Panics
    ///
    /// If tokio cannot build a runtime.
    pub fn new() -> Self {
        Runtimes {
            current_thread: tokio::runtime::Builder::new_current_thread()
                .build()
                .expect("a current-thread runtime"),
            multi_thread: tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .build()
                .expect("a multi-thread runtime"),
        }
    }

    /// `(name, runtime)`, multi-thread (with two workers) first.
    pub fn each(&self) -> [(&'static str, &Runtime); 2] {
        [
            ("multi_thread", &self.multi_thread),
            ("current_thread", &self.current_thread),
        ]
    }
}

impl Default for Runtimes {
    fn default() -> Self {
        Self::new()
    }
}
