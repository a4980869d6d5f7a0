//! Model-based property test: real `#[async_generator]` and `#[acmgr]`
//! bodies, built from a few shapes chosen by runtime arguments, are driven
//! through random sequences of consumer operations, and the event log (the
//! body's events and the consumer's results, interleaved) must equal the
//! one the reference model in `tests/model/` predicts.
//!
//! Driving is deterministic: polls use a no-op waker, and the only thing a
//! body waits on is the test's [`Gate`] (pending while closed; each
//! operation opens or closes it) or a [`Spin`] (pending once, waking
//! itself). Timeouts and the detached cleanups of `on_drop = spawn` run on
//! a current-thread tokio runtime with a paused clock, which moves only
//! when nothing is ready to run.
//!
//! Cases: 2,000 per property by default (CI), or `PROPTEST_CASES`:
//!
//! ```text
//! PROPTEST_CASES=100000 cargo test --release --test model
//! ```
//!
//! Covered, for generators: the cleanup table (the end, `return`, `?`,
//! `break`/`continue` out of a protected block, `close()`, drop,
//! cancellation at an await), nested `finally!(|outcome| ..)` and what each
//! is told (an error already leaving wins over a later close; a close
//! arriving during an inner cleanup cancels the outer block), awaits in
//! cleanup that stay pending, fallible cleanup and error precedence (the
//! first error is returned: as the last item, or out of `close()`), close
//! idempotence, closing before the first poll, `poll_next` after close,
//! `close()` polled k times then dropped (then polled, closed or dropped),
//! timeouts around `next()`, drop under `report` (the rest abandoned: the
//! pending future dropped) and `spawn` (the rest completes in a task;
//! `detached::wait_all`), `own!` and `try_yield_from!` wrappers and chains
//! of two (inner cleanup first on close and drop, last-in first-out on the
//! wrapper's own exits). For acmgrs: `with` (enter, scope, exit, a
//! `finally!`, each may wait and fail) polled k times then dropped,
//! `enter()` / `Guard::exit(outcome)` polled k times then dropped or the
//! guard dropped, and `into_stream()` under the generator operations; both
//! drop policies; `ScopeError`'s variants.
//!
//! Not covered: panics (today's documented behaviour, a panic skips
//! `finally!`, is pinned by `tests/panics.rs`, and issue 11 plans to change
//! it), `on_drop = block` (it needs a multi-thread runtime and real
//! blocking), task groups, the `tracing` reports of errors and abandoned
//! cleanup (they go to `tracing`, not to the log compared here), `boxed`
//! generators, `AsyncGeneratorExt` adapters, `closing`.

#[path = "model/mod.rs"]
mod model;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use asyncgen::{AsyncContextManager, AsyncGenerator, Outcome, acmgr, async_generator};
use futures::Stream;
use model::acm::{AcmModel, AcmParams};
use model::acm_stream::AcmStreamModel;
use model::wrap::{Kind, WrapParams, Wrapper};
use model::{Fail, GenModel, Op, Params, Policy, Subject};
use proptest::prelude::*;

/// The log and the gate, shared by the body, the consumer and the model's
/// comparison.
#[derive(Clone, Default)]
struct Ctl(Arc<Mutex<CtlState>>);

#[derive(Default)]
struct CtlState {
    log: Vec<String>,
    open: bool,
    wakers: Vec<Waker>,
}

impl Ctl {
    fn lock(&self) -> MutexGuard<'_, CtlState> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn log(&self, event: impl Into<String>) {
        self.lock().log.push(event.into());
    }

    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.lock().log)
    }

    /// Opens or closes the gate; opening wakes every waiter (the detached
    /// cleanups of `on_drop = spawn` wait with a real waker).
    fn set(&self, open: bool) {
        let wakers = {
            let mut state = self.lock();
            state.open = open;
            if open {
                std::mem::take(&mut state.wakers)
            } else {
                Vec::new()
            }
        };
        wakers.into_iter().for_each(Waker::wake);
    }

    /// A future that is pending while the gate is closed, and logs
    /// `<name> abandoned` when it is dropped before it completed.
    fn wait(&self, name: String) -> Gate {
        Gate {
            ctl: self.clone(),
            name,
            done: false,
        }
    }
}

/// See [`Ctl::wait`].
struct Gate {
    ctl: Ctl,
    name: String,
    done: bool,
}

impl Future for Gate {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let mut state = self.ctl.lock();
        if state.open {
            drop(state);
            self.done = true;
            Poll::Ready(())
        } else {
            state.wakers.push(cx.waker().clone());
            Poll::Pending
        }
    }
}

impl Drop for Gate {
    fn drop(&mut self) {
        if !self.done {
            self.ctl.log(format!("{} abandoned", self.name));
        }
    }
}

/// Pending once, waking itself (so a drop's in-place polling finishes it,
/// while each `poll_next` or `close` poll with a no-op waker advances it
/// one step).
#[derive(Default)]
struct Spin(bool);

impl Future for Spin {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            cx.waker().wake_by_ref();
            Poll::Pending
        }
    }
}

fn noop_cx() -> Context<'static> {
    Context::from_waker(Waker::noop())
}

// The subject: an outer `finally!(|outcome| ..)`, an inner block with its
// own, a loop of gate waits and yields inside the inner block. `px` names
// its events (`""`, or `"in "` inside a wrapper). One body, two drop
// policies: the attribute sees the body once `macro_rules!` expanded it.
macro_rules! subject_fn {
    ($name:ident, $($args:tt)*) => {
        #[async_generator($($args)*)]
        async fn $name(ctl: Ctl, p: Params, px: &'static str) -> Result<(), Fail> {
            ctl.log(format!("{px}start"));
            finally!(|outcome| {
                ctl.log(format!("{px}outer {outcome:?}"));
                if p.outer_waits {
                    ctl.wait(format!("{px}outer wait")).await;
                }
                ctl.log(format!("{px}outer end"));
                if p.outer_fails {
                    Err(Fail::Outer)?;
                }
            });
            {
                finally!(|outcome| {
                    ctl.log(format!("{px}inner {outcome:?}"));
                    for _ in 0..p.inner_spins {
                        Spin::default().await;
                    }
                    if p.inner_waits {
                        ctl.wait(format!("{px}inner wait")).await;
                    }
                    ctl.log(format!("{px}inner end"));
                    if p.inner_fails {
                        Err(Fail::Inner)?;
                    }
                });
                for i in 0..p.items {
                    finally!(|outcome| {
                        if p.iter_logs {
                            ctl.log(format!("{px}iter {i} {outcome:?}"));
                        }
                    });
                    if p.body_waits {
                        ctl.wait(format!("{px}body wait {i}")).await;
                    }
                    if p.fail_at == Some(i) {
                        Err(Fail::Body)?;
                    }
                    if p.return_at == Some(i) {
                        return Ok(());
                    }
                    if p.continue_at == Some(i) {
                        continue;
                    }
                    if p.break_at == Some(i) {
                        break;
                    }
                    yield_!(i);
                }
            }
            ctl.log(format!("{px}between"));
            Ok(())
        }
    };
}

subject_fn!(subject, yield = u32);
subject_fn!(subject_spawn, yield = u32, on_drop = spawn);

// The wrappers, under both drop policies (what they wrap keeps the
// default), generic over what they wrap so that they chain. `name` names
// their events, `fail` is what their `finally!` fails with.
macro_rules! wrapper_fns {
    ($owner:ident, $delegator:ident, $($args:tt)*) => {
        #[async_generator($($args)*)]
        async fn $owner<G>(
            ctl: Ctl,
            inner: G,
            wp: WrapParams,
            take: Option<u32>,
            name: &'static str,
            fail: Fail,
        ) -> Result<(), Fail>
        where
            G: AsyncGenerator<Item = Result<u32, Fail>, Closed = Result<(), Fail>> + Send + 'static,
        {
            let mut inner = own!(inner);
            finally!(|outcome| {
                ctl.log(format!("{name} {outcome:?}"));
                if wp.waits {
                    ctl.wait(format!("{name} wait")).await;
                }
                ctl.log(format!("{name} end"));
                if wp.fails {
                    Err(fail)?;
                }
            });
            let mut n = 0;
            while let Some(item) = futures::StreamExt::next(&mut inner).await {
                if take == Some(n) {
                    break;
                }
                yield_!(item? + 100);
                n += 1;
            }
            ctl.log(format!("{name} between"));
            Ok(())
        }

        #[async_generator($($args)*)]
        async fn $delegator<G>(
            ctl: Ctl,
            inner: G,
            wp: WrapParams,
            name: &'static str,
            fail: Fail,
        ) -> Result<(), Fail>
        where
            G: AsyncGenerator<Item = Result<u32, Fail>, Closed = Result<(), Fail>> + Send + 'static,
        {
            finally!(|outcome| {
                ctl.log(format!("{name} {outcome:?}"));
                if wp.waits {
                    ctl.wait(format!("{name} wait")).await;
                }
                ctl.log(format!("{name} end"));
                if wp.fails {
                    Err(fail)?;
                }
            });
            try_yield_from!(inner);
            ctl.log(format!("{name} between"));
            Ok(())
        }
    };
}

wrapper_fns!(owner, delegator, yield = u32);
wrapper_fns!(owner_spawn, delegator_spawn, yield = u32, on_drop = spawn);

type Boxed = asyncgen::BoxAsyncGenerator<'static, Result<u32, Fail>, Result<(), Fail>>;

/// A wrapper of `wp.kind` around `inner`, with the default drop policy.
fn wrap(ctl: &Ctl, inner: Boxed, wp: WrapParams, name: &'static str, fail: Fail) -> Boxed {
    match wp.kind {
        Kind::Own { take } => Box::pin(owner(ctl.clone(), inner, wp, take, name, fail)),
        Kind::YieldFrom => Box::pin(delegator(ctl.clone(), inner, wp, name, fail)),
    }
}

/// The same with `on_drop = spawn`.
fn wrap_spawn(ctl: &Ctl, inner: Boxed, wp: WrapParams, name: &'static str, fail: Fail) -> Boxed {
    match wp.kind {
        Kind::Own { take } => Box::pin(owner_spawn(ctl.clone(), inner, wp, take, name, fail)),
        Kind::YieldFrom => Box::pin(delegator_spawn(ctl.clone(), inner, wp, name, fail)),
    }
}

/// A subject in one wrapper (`"wrap"`), or in two (`"w2"` outside).
fn check_wrapper(
    p: Params,
    wp: WrapParams,
    outer: Option<WrapParams>,
    ops: &[Op],
    policy: Policy,
) -> Result<(), TestCaseError> {
    let ctl = Ctl::default();
    let build = |policy: Policy| {
        let top = if policy == Policy::Spawn {
            wrap_spawn
        } else {
            wrap
        };
        let subject: Boxed = Box::pin(subject(ctl.clone(), p, "in "));
        match outer {
            None => top(&ctl, subject, wp, "wrap", Fail::Wrap),
            Some(w2) => {
                let inner = wrap(&ctl, subject, wp, "wrap", Fail::Wrap);
                top(&ctl, inner, w2, "w2", Fail::Wrap2)
            }
        }
    };
    match policy {
        Policy::Report => drive(&ctl, build(policy), ops, None),
        Policy::Spawn => {
            let _serial = DETACHING.lock().unwrap_or_else(|e| e.into_inner());
            let rt = current_thread();
            let _enter = rt.enter();
            drive(&ctl, build(policy), ops, Some(&rt));
        }
    }
    let wrapper = Wrapper::new(wp, Subject::new(p, "in "), "wrap", Fail::Wrap);
    let expected = match outer {
        None => model::run(&mut GenModel::new(wrapper), ops, policy),
        Some(w2) => model::run(
            &mut GenModel::new(Wrapper::new(w2, wrapper, "w2", Fail::Wrap2)),
            ops,
            policy,
        ),
    };
    prop_assert_eq!(ctl.take(), expected);
    Ok(())
}

macro_rules! manager_fn {
    ($name:ident, $($args:tt)*) => {
        #[acmgr($($args)*)]
        async fn $name(ctl: Ctl, a: AcmParams) -> Result<(), Fail> {
            ctl.log("enter");
            if a.enter_waits {
                ctl.wait("enter wait".to_owned()).await;
            }
            if a.enter_fails {
                return Err(Fail::Enter);
            }
            finally!(|outcome| {
                ctl.log(format!("acm finally {outcome:?}"));
                if a.finally_waits {
                    ctl.wait("acm finally wait".to_owned()).await;
                }
                ctl.log("acm finally end");
                if a.finally_fails {
                    Err(Fail::Finally)?;
                }
            });
            let outcome = yield_!(7);
            ctl.log(format!("exit {outcome:?}"));
            if a.exit_waits {
                ctl.wait("exit wait".to_owned()).await;
            }
            ctl.log("exit end");
            if a.exit_fails {
                return Err(Fail::Exit);
            }
            Ok(())
        }
    };
}

manager_fn!(manager, yield = u32);
manager_fn!(manager_spawn, yield = u32, on_drop = spawn);

/// The resource of `streaming`: `items` numbers, each after an optional
/// gate wait (`res wait i`).
type Resource = Pin<Box<dyn Stream<Item = u32> + Send>>;

fn resource(ctl: Ctl, items: u32, waits: bool) -> Resource {
    Box::pin(futures::stream::unfold(0, move |i| {
        let ctl = ctl.clone();
        async move {
            if i == items {
                return None;
            }
            if waits {
                ctl.wait(format!("res wait {i}")).await;
            }
            Some((i, i + 1))
        }
    }))
}

macro_rules! streaming_fn {
    ($name:ident, $($args:tt)*) => {
        #[acmgr($($args)*)]
        async fn $name(ctl: Ctl, a: AcmParams, items: u32, res_waits: bool) -> Result<(), Fail> {
            ctl.log("enter");
            if a.enter_waits {
                ctl.wait("enter wait".to_owned()).await;
            }
            if a.enter_fails {
                return Err(Fail::Enter);
            }
            finally!(|outcome| {
                ctl.log(format!("acm finally {outcome:?}"));
                if a.finally_waits {
                    ctl.wait("acm finally wait".to_owned()).await;
                }
                ctl.log("acm finally end");
                if a.finally_fails {
                    Err(Fail::Finally)?;
                }
            });
            let outcome = yield_!(resource(ctl.clone(), items, res_waits));
            ctl.log(format!("exit {outcome:?}"));
            if a.exit_waits {
                ctl.wait("exit wait".to_owned()).await;
            }
            ctl.log("exit end");
            if a.exit_fails {
                return Err(Fail::Exit);
            }
            Ok(())
        }
    };
}

streaming_fn!(streaming, yield = Resource);
streaming_fn!(streaming_spawn, yield = Resource, on_drop = spawn);

fn check_acm_stream(
    a: AcmParams,
    items: u32,
    res_waits: bool,
    ops: &[Op],
    policy: Policy,
) -> Result<(), TestCaseError> {
    let ctl = Ctl::default();
    match policy {
        Policy::Report => drive(
            &ctl,
            streaming(ctl.clone(), a, items, res_waits).into_stream(),
            ops,
            None,
        ),
        Policy::Spawn => {
            let _serial = DETACHING.lock().unwrap_or_else(|e| e.into_inner());
            let rt = current_thread();
            let _enter = rt.enter();
            let stream = streaming_spawn(ctl.clone(), a, items, res_waits).into_stream();
            drive(&ctl, stream, ops, Some(&rt));
        }
    }
    let mut model = GenModel::new(AcmStreamModel::new(a, items, res_waits));
    let expected = model::run(&mut model, ops, policy);
    prop_assert_eq!(ctl.take(), expected);
    Ok(())
}

/// What the consumer of an acmgr does.
#[derive(Debug, Clone)]
enum AcmOps {
    /// `with(scope)` polled once per entry (the gate's state), then dropped.
    With { polls: Vec<bool> },
    /// `enter()` polled per `enter_polls` (dropped if still pending), then
    /// `exit(outcome)` polled per `exit_polls` and dropped, or the guard
    /// dropped (`outcome: None`).
    Guard {
        enter_polls: Vec<bool>,
        outcome: Option<Outcome>,
        exit_polls: Vec<bool>,
    },
}

macro_rules! drive_acmgr {
    ($ctl:ident, $make:expr, $a:ident, $ops:ident, $drop_open:ident) => {
        match $ops {
            AcmOps::With { polls } => {
                let scope_ctl = $ctl.clone();
                let mut with = Box::pin($make.with(async move |r: u32| {
                    scope_ctl.log(format!("scope {r}"));
                    if $a.scope_waits {
                        scope_ctl.wait("scope wait".to_owned()).await;
                    }
                    if $a.scope_fails {
                        Err(Fail::Scope)
                    } else {
                        Ok(r + 1)
                    }
                }));
                for &open in polls {
                    $ctl.set(open);
                    let r = with.as_mut().poll(&mut noop_cx());
                    $ctl.log(format!("with -> {r:?}"));
                    if r.is_ready() {
                        break;
                    }
                }
                $ctl.set($drop_open);
                drop(with);
            }
            AcmOps::Guard {
                enter_polls,
                outcome,
                exit_polls,
            } => {
                let mut enter = Box::pin($make.enter());
                let mut guard = None;
                for &open in enter_polls {
                    $ctl.set(open);
                    let r = enter.as_mut().poll(&mut noop_cx());
                    match r {
                        Poll::Ready(r) => {
                            let shown = r.as_ref().map(|(v, _)| *v).map_err(|e| *e);
                            $ctl.log(format!("enter -> {:?}", Poll::Ready(shown)));
                            guard = r.ok().map(|(_, guard)| guard);
                            break;
                        }
                        Poll::Pending => $ctl.log("enter -> Pending"),
                    }
                }
                $ctl.set($drop_open);
                drop(enter);
                if let Some(guard) = guard {
                    match outcome {
                        Some(outcome) => {
                            let mut exit = Box::pin(guard.exit(*outcome));
                            for &open in exit_polls {
                                $ctl.set(open);
                                let r = exit.as_mut().poll(&mut noop_cx());
                                $ctl.log(format!("exit -> {r:?}"));
                                if r.is_ready() {
                                    break;
                                }
                            }
                            $ctl.set($drop_open);
                            drop(exit);
                        }
                        None => drop(guard),
                    }
                }
            }
        }
    };
}

fn check_acmgr(
    a: AcmParams,
    ops: &AcmOps,
    drop_open: bool,
    policy: Policy,
) -> Result<(), TestCaseError> {
    let ctl = Ctl::default();
    match policy {
        Policy::Report => drive_acmgr!(ctl, manager(ctl.clone(), a), a, ops, drop_open),
        Policy::Spawn => {
            let _serial = DETACHING.lock().unwrap_or_else(|e| e.into_inner());
            let rt = current_thread();
            let _enter = rt.enter();
            drive_acmgr!(ctl, manager_spawn(ctl.clone(), a), a, ops, drop_open);
            ctl.log("dropped");
            ctl.set(true);
            rt.block_on(asyncgen::detached::wait_all());
            ctl.log("wait_all returned");
        }
    }
    if policy == Policy::Report {
        ctl.log("dropped");
        ctl.log("wait_all returned");
    }
    let mut model = AcmModel::new(a);
    let expected = match ops {
        AcmOps::With { polls } => model.run_with(polls, drop_open, policy),
        AcmOps::Guard {
            enter_polls,
            outcome,
            exit_polls,
        } => model.run_guard(
            enter_polls,
            outcome.map(|o| match o {
                Outcome::Completed => "Completed",
                Outcome::Failed => "Failed",
                Outcome::Cancelled => "Cancelled",
            }),
            exit_polls,
            drop_open,
            policy,
        ),
    };
    prop_assert_eq!(ctl.take(), expected);
    Ok(())
}

/// Drives `generator` through `ops` as the model's `run` does, logging
/// each result into `ctl`'s log.
fn drive<G>(ctl: &Ctl, generator: G, ops: &[Op], rt: Option<&tokio::runtime::Runtime>)
where
    G: AsyncGenerator<Item = Result<u32, Fail>, Closed = Result<(), Fail>>,
{
    let mut generator = Some(Box::pin(generator));
    for &op in ops {
        let g = generator.as_mut().expect("not dropped yet");
        match op {
            Op::Next { open } => {
                ctl.set(open);
                let r = g.as_mut().poll_next(&mut noop_cx());
                ctl.log(format!("next -> {r:?}"));
            }
            Op::Timeout { open } => {
                ctl.set(open);
                let local;
                let rt = match rt {
                    Some(rt) => rt,
                    None => {
                        local = current_thread();
                        &local
                    }
                };
                let next = futures::StreamExt::next(g);
                // The timer is made inside the runtime.
                match rt
                    .block_on(async { tokio::time::timeout(Duration::from_millis(1), next).await })
                {
                    Ok(item) => ctl.log(format!("timeout -> Ok({item:?})")),
                    Err(_) => ctl.log("timeout -> elapsed"),
                }
            }
            Op::Close { polls, open } => {
                ctl.set(open);
                let mut close = g.as_mut().close();
                for _ in 0..polls {
                    let r = Pin::new(&mut close).poll(&mut noop_cx());
                    ctl.log(format!("close -> {r:?}"));
                    if r.is_ready() {
                        break;
                    }
                }
            }
            Op::Drop { open } => {
                ctl.set(open);
                drop(generator.take());
                ctl.log("dropped");
                break;
            }
        }
        ctl.log(format!("finished {}", g.is_finished()));
    }
    if generator.is_some() {
        ctl.set(true);
        drop(generator.take());
        ctl.log("dropped");
    }
    ctl.set(true);
    if let Some(rt) = rt {
        rt.block_on(asyncgen::detached::wait_all());
    }
    ctl.log("wait_all returned");
}

/// `detached::pending` is process-wide: the properties that detach
/// cleanups run one at a time.
static DETACHING: Mutex<()> = Mutex::new(());

fn current_thread() -> tokio::runtime::Runtime {
    // Paused time: the clock moves only when no task is ready, so a timeout
    // fires exactly when the generator waits on the closed gate.
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .expect("a current-thread runtime")
}

fn check_subject(p: Params, ops: &[Op], policy: Policy) -> Result<(), TestCaseError> {
    let ctl = Ctl::default();
    match policy {
        Policy::Report => drive(&ctl, subject(ctl.clone(), p, ""), ops, None),
        Policy::Spawn => {
            let _serial = DETACHING.lock().unwrap_or_else(|e| e.into_inner());
            let rt = current_thread();
            let _enter = rt.enter();
            drive(&ctl, subject_spawn(ctl.clone(), p, ""), ops, Some(&rt));
        }
    }
    let expected = model::run(&mut GenModel::new(Subject::new(p, "")), ops, policy);
    prop_assert_eq!(ctl.take(), expected);
    Ok(())
}

// ---------------------------------------------------------------------------
// Strategies.

fn params() -> impl Strategy<Value = Params> {
    (
        0u32..4,
        any::<bool>(),
        prop::option::weighted(0.3, 0u32..4),
        prop::option::weighted(0.2, 0u32..4),
        (
            prop::option::weighted(0.2, 0u32..4),
            prop::option::weighted(0.2, 0u32..4),
            any::<bool>(),
        ),
        any::<[bool; 4]>(),
        prop_oneof![2 => Just(0u8), 1 => 1u8..4],
    )
        .prop_map(
            |(
                items,
                body_waits,
                fail_at,
                return_at,
                (continue_at, break_at, iter_logs),
                [iw, ifl, ow, ofl],
                inner_spins,
            )| Params {
                items,
                body_waits,
                fail_at,
                return_at,
                continue_at,
                break_at,
                iter_logs,
                inner_waits: iw,
                inner_fails: ifl,
                outer_waits: ow,
                outer_fails: ofl,
                inner_spins,
            },
        )
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => any::<bool>().prop_map(|open| Op::Next { open }),
        2 => (1u8..4, any::<bool>()).prop_map(|(polls, open)| Op::Close { polls, open }),
        1 => any::<bool>().prop_map(|open| Op::Timeout { open }),
        1 => any::<bool>().prop_map(|open| Op::Drop { open }),
    ]
}

fn ops() -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op(), 0..12)
}

fn wrap_params() -> impl Strategy<Value = WrapParams> {
    (
        prop_oneof![
            prop::option::weighted(0.5, 0u32..3).prop_map(|take| Kind::Own { take }),
            Just(Kind::YieldFrom),
        ],
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(kind, waits, fails)| WrapParams { kind, waits, fails })
}

fn acm_params() -> impl Strategy<Value = AcmParams> {
    any::<[bool; 8]>().prop_map(|[ew, ef, sw, sf, xw, xf, fw, ff]| AcmParams {
        enter_waits: ew,
        enter_fails: ef,
        scope_waits: sw,
        scope_fails: sf,
        exit_waits: xw,
        exit_fails: xf,
        finally_waits: fw,
        finally_fails: ff,
    })
}

fn acm_ops() -> impl Strategy<Value = AcmOps> {
    let polls = || prop::collection::vec(any::<bool>(), 0..6);
    prop_oneof![
        polls().prop_map(|polls| AcmOps::With { polls }),
        (
            polls(),
            prop::option::weighted(
                0.7,
                prop_oneof![
                    Just(Outcome::Completed),
                    Just(Outcome::Failed),
                    Just(Outcome::Cancelled)
                ],
            ),
            polls(),
        )
            .prop_map(|(enter_polls, outcome, exit_polls)| AcmOps::Guard {
                enter_polls,
                outcome,
                exit_polls,
            }),
    ]
}

fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![3 => Just(Policy::Report), 1 => Just(Policy::Spawn)]
}

/// 2,000 cases, or `PROPTEST_CASES`.
fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|cases| cases.parse().ok())
        .unwrap_or(2000);
    ProptestConfig {
        // Shrunk failures become named tests in `tests/model_regressions.rs`.
        failure_persistence: None,
        ..ProptestConfig::with_cases(cases)
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn subject_matches_the_model(p in params(), ops in ops(), policy in policy()) {
        check_subject(p, &ops, policy)?;
    }

    #[test]
    fn wrappers_match_the_model(
        p in params(),
        wp in wrap_params(),
        outer in prop::option::weighted(0.4, wrap_params()),
        ops in ops(),
        policy in policy(),
    ) {
        check_wrapper(p, wp, outer, &ops, policy)?;
    }

    #[test]
    fn acmgr_matches_the_model(
        a in acm_params(),
        ops in acm_ops(),
        drop_open in any::<bool>(),
        policy in policy(),
    ) {
        check_acmgr(a, &ops, drop_open, policy)?;
    }

    #[test]
    fn acmgr_stream_matches_the_model(
        a in acm_params(),
        items in 0u32..4,
        res_waits in any::<bool>(),
        ops in ops(),
        policy in policy(),
    ) {
        check_acm_stream(a, items, res_waits, &ops, policy)?;
    }
}
