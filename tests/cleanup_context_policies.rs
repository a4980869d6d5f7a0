//! Where the cleanup runs under the other drop policies: the task-local
//! value and the `tracing` span that a generator's `finally!` sees when it
//! is dropped mid-body with `on_drop = block` (on a tokio multi-thread
//! runtime) and with `on_drop = spawn`, while its cleanup waits on
//! something that is not ready at once. (`tests/promises_generators.rs`
//! pins the same for the default policy, on close and on drop.) Every test
//! asserts the exact order of events in a shared log.
//!
//! The cleanups wait on gates (oneshot channels) that the test opens only
//! after the log shows the cleanup reached them, so no order depends on
//! timing; timeouts only guard against hangs.

mod common;

use std::cell::RefCell;
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

use asyncgen::{async_generator, detached};
use common::Log;
use futures::StreamExt;
use tokio::sync::oneshot;
use tracing::Instrument as _;

/// Bound for waits that only guard against a hang.
const BOUND: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------
// The probe: task-local value and current span (from promises_generators.rs,
// with a process-wide subscriber that keeps one span stack per thread)
// ---------------------------------------------------------------------------

tokio::task_local! {
    static WHO: &'static str;
}

/// What code running now sees: the `WHO` task-local and the current span.
fn here() -> String {
    let task = WHO.try_with(|who| *who).unwrap_or("none");
    let span = tracing::dispatcher::get_default(|dispatch| {
        dispatch
            .downcast_ref::<CurrentSpan>()
            .and_then(CurrentSpan::current)
            .unwrap_or("none")
    });
    format!("task-local {task}, span {span}")
}

thread_local! {
    /// The ids of the spans entered on this thread and not exited yet.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// A `tracing` subscriber that only tracks which span is entered, as
/// `tracing-subscriber`'s registry would report it (the crate has no
/// `tracing-subscriber`). Unlike the one in `promises_generators.rs` it is
/// the global default, since the multi-thread runtime's workers and the
/// detached cleanup tasks run on other threads, so the stack of entered
/// spans is kept per thread. It also records, for each `asyncgen` event,
/// its `generator` field, so a test can check that nothing was reported
/// abandoned.
struct CurrentSpan;

/// The metadata of span `Id` `n` is at `n - 1`.
static SPANS: Mutex<Vec<&'static tracing::Metadata<'static>>> = Mutex::new(Vec::new());
/// The `generator` field of each `asyncgen` event.
static REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

impl CurrentSpan {
    /// The name of the innermost span entered on this thread and not
    /// exited yet.
    fn current(&self) -> Option<&'static str> {
        let id = ENTERED.with(|entered| entered.borrow().last().copied())?;
        Some(SPANS.lock().unwrap()[id as usize - 1].name())
    }
}

impl tracing::Subscriber for CurrentSpan {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut spans = SPANS.lock().unwrap();
        spans.push(span.metadata());
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if event.metadata().target() == "asyncgen" {
            let mut generator = GeneratorField(String::new());
            event.record(&mut generator);
            REPORTS.lock().unwrap().push(generator.0);
        }
    }
    fn enter(&self, span: &tracing::span::Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.into_u64()));
    }
    // What `Span::current()` asks (the runtime carries the dropper's span
    // into a detached cleanup's task with it), as the registry answers.
    fn current_span(&self) -> tracing_core::span::Current {
        match ENTERED.with(|entered| entered.borrow().last().copied()) {
            Some(id) => tracing_core::span::Current::new(
                tracing::span::Id::from_u64(id),
                SPANS.lock().unwrap()[id as usize - 1],
            ),
            None => tracing_core::span::Current::none(),
        }
    }
    fn exit(&self, span: &tracing::span::Id) {
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(at) = entered.iter().rposition(|&id| id == span.into_u64()) {
                entered.remove(at);
            }
        });
    }
}

/// Collects an event's `generator` field.
struct GeneratorField(String);

impl tracing::field::Visit for GeneratorField {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "generator" {
            value.clone_into(&mut self.0);
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "generator" {
            self.0 = format!("{value:?}");
        }
    }
}

/// Installs the process-wide subscriber, once.
fn subscriber() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(CurrentSpan)
            .expect("this binary sets the global subscriber once");
    });
}

/// The `asyncgen` events so far whose `generator` field names `generator`.
fn reports_about(generator: &str) -> Vec<String> {
    REPORTS
        .lock()
        .unwrap()
        .iter()
        .filter(|field| field.contains(generator))
        .cloned()
        .collect()
}

/// The probe sees what it should, on a worker thread too: nothing outside,
/// the scope's value and the entered span inside.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_probe_sees_task_locals_and_spans_on_every_thread() {
    subscriber();
    assert_eq!(here(), "task-local none, span none");
    let inside = WHO
        .scope("a", async { here() }.instrument(tracing::info_span!("b")))
        .await;
    assert_eq!(inside, "task-local a, span b");
    let in_a_task = tokio::spawn(
        WHO.scope(
            "c",
            async {
                let inside = here();
                tokio::task::yield_now().await;
                (inside, here())
            }
            .instrument(tracing::info_span!("d")),
        ),
    );
    let (before, after) = tokio::time::timeout(BOUND, in_a_task)
        .await
        .expect("the task finishes")
        .expect("the task does not panic");
    assert_eq!(before, "task-local c, span d");
    assert_eq!(after, "task-local c, span d");
    let outside = tokio::spawn(async { here() }).await.unwrap();
    assert_eq!(outside, "task-local none, span none");
    assert_eq!(here(), "task-local none, span none");
}

#[async_generator(yield = u32)]
async fn reports_its_abandoned_cleanup() {
    finally! {
        std::future::pending::<()>().await;
    }
    yield_!(0);
}

/// The recorder behind the "nothing reported" checks sees a report: a
/// default-policy generator dropped while its cleanup waits is reported
/// abandoned, under its name.
#[tokio::test(flavor = "current_thread")]
async fn the_recorder_sees_an_abandoned_cleanup_reported() {
    subscriber();
    let mut g = Box::pin(reports_its_abandoned_cleanup());
    assert_eq!(g.next().await, Some(0));
    drop(g);
    assert_eq!(reports_about("reports_its_abandoned_cleanup").len(), 1);
}

// ---------------------------------------------------------------------------
// 1. `on_drop = block` on a multi-thread runtime
// ---------------------------------------------------------------------------

#[async_generator(yield = u32, on_drop = block)]
async fn blocks_in_cleanup(log: Log, reached: oneshot::Sender<()>, release: oneshot::Receiver<()>) {
    log.push(format!("body: {}", here()));
    let mut reached = Some(reached);
    let mut release = release;
    finally! {
        log.push(format!("cleanup start: {}", here()));
        if let Some(reached) = reached.take() {
            let _ = reached.send(());
        }
        // Pending until the test's releaser opens the gate, which it does
        // only once the cleanup got here: the in-place poll cannot finish.
        let _ = (&mut release).await;
        log.push(format!("cleanup after the gate: {}", here()));
        // A timer too: driven by the blocking wait.
        tokio::time::sleep(Duration::from_millis(1)).await;
        log.push(format!("cleanup end: {}", here()));
    }
    for i in 0.. {
        yield_!(i);
        log.push("resumed (not reached)");
    }
}

/// Spawns the task that opens the gate once the cleanup reached it,
/// logging where it runs.
fn releaser(
    log: &Log,
    reached: oneshot::Receiver<()>,
    release: oneshot::Sender<()>,
) -> tokio::task::JoinHandle<()> {
    let log = log.clone();
    tokio::spawn(async move {
        let _ = reached.await;
        log.push(format!("releaser opens the gate: {}", here()));
        let _ = release.send(());
    })
}

/// `on_drop = block`, dropped by the test's own code (the thread in the
/// runtime's `block_on`), inside a `WHO` scope and an entered span: `drop`
/// waits (through `block_in_place`, the runtime's other tasks keep running:
/// the releaser opens the gate meanwhile) until the whole cleanup is done,
/// and every part of the cleanup, before and after its awaits, runs on the
/// dropping thread and sees the dropper's task-local value and span, not
/// those of the last poll. Nothing is reported abandoned.
///
/// The docs promise the wait; that the waiting part keeps the dropper's
/// task-local and span is observed, not documented (it follows from the
/// wait being on the dropping thread, inside the drop).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_drop_waits_with_the_droppers_task_local_and_span() {
    subscriber();
    let log = Log::new();
    let (reached, reached_rx) = oneshot::channel();
    let (release, release_rx) = oneshot::channel();
    let mut g = Box::pin(blocks_in_cleanup(log.clone(), reached, release_rx));
    let first = WHO
        .scope(
            "poller",
            g.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    let releaser = releaser(&log, reached_rx, release);
    WHO.sync_scope("dropper", || {
        let _entered = tracing::info_span!("dropping").entered();
        drop(g);
        log.push(format!("drop returned: {}", here()));
    });
    tokio::time::timeout(BOUND, releaser)
        .await
        .expect("the releaser finishes")
        .expect("the releaser does not panic");
    assert_eq!(
        log.take(),
        [
            "body: task-local poller, span polling",
            "got Some(0)",
            "cleanup start: task-local dropper, span dropping",
            "releaser opens the gate: task-local none, span none",
            "cleanup after the gate: task-local dropper, span dropping",
            "cleanup end: task-local dropper, span dropping",
            "drop returned: task-local dropper, span dropping",
        ]
    );
    assert_eq!(reports_about("blocks_in_cleanup"), Vec::<String>::new());
}

/// The same, dropped inside a spawned task (on a worker thread) that runs
/// in a `WHO` scope and an instrumented span: the cleanup, before and after
/// its awaits, sees that task's task-local value and span, and the task
/// goes on only after it (observed, not documented, as above).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn block_drop_in_a_task_waits_with_that_tasks_task_local_and_span() {
    subscriber();
    let log = Log::new();
    let (reached, reached_rx) = oneshot::channel();
    let (release, release_rx) = oneshot::channel();
    let mut g = Box::pin(blocks_in_cleanup(log.clone(), reached, release_rx));
    let first = WHO
        .scope(
            "poller",
            g.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    let releaser = releaser(&log, reached_rx, release);
    let dropper = tokio::spawn(
        WHO.scope(
            "dropping task",
            {
                let log = log.clone();
                async move {
                    log.push(format!("task start: {}", here()));
                    drop(g);
                    log.push(format!("drop returned: {}", here()));
                    tokio::task::yield_now().await;
                    log.push(format!("task after an await: {}", here()));
                }
            }
            .instrument(tracing::info_span!("task span")),
        ),
    );
    tokio::time::timeout(BOUND, dropper)
        .await
        .expect("the dropping task finishes")
        .expect("the dropping task does not panic");
    tokio::time::timeout(BOUND, releaser)
        .await
        .expect("the releaser finishes")
        .expect("the releaser does not panic");
    assert_eq!(
        log.take(),
        [
            "body: task-local poller, span polling",
            "got Some(0)",
            "task start: task-local dropping task, span task span",
            "cleanup start: task-local dropping task, span task span",
            "releaser opens the gate: task-local none, span none",
            "cleanup after the gate: task-local dropping task, span task span",
            "cleanup end: task-local dropping task, span task span",
            "drop returned: task-local dropping task, span task span",
            "task after an await: task-local dropping task, span task span",
        ]
    );
    assert_eq!(reports_about("blocks_in_cleanup"), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// 2. `on_drop = spawn`
// ---------------------------------------------------------------------------

/// `detached::pending()` is process-wide: the spawn tests take this lock so
/// that the counts they assert are their own (the block tests detach
/// nothing). A tokio lock, so that holding it across awaits is fine.
static SERIAL: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

#[async_generator(yield = u32, on_drop = spawn)]
async fn hands_the_rest_to_a_task(log: Log, release: oneshot::Receiver<()>) {
    log.push(format!("body: {}", here()));
    let mut release = release;
    finally! {
        log.push(format!("cleanup in place: {}", here()));
        // Pending until the test opens the gate: from here on the cleanup
        // runs in the detached task.
        let _ = (&mut release).await;
        log.push(format!("cleanup rest: {}", here()));
        tokio::task::yield_now().await;
        log.push(format!("cleanup end: {}", here()));
    }
    for i in 0.. {
        yield_!(i);
        log.push("resumed (not reached)");
    }
}

/// `on_drop = spawn`, dropped inside a task running in a `WHO` scope and an
/// instrumented span: the in-place part of the cleanup (up to its first
/// pending await) runs inside `drop` and sees that task's task-local value
/// and span; `drop` returns with the rest pending (`detached::pending()` is
/// 1, nothing past the gate ran); the rest runs in the detached task, in
/// the dropper's span (the docs promise it: the runtime instruments the
/// task with the span current at the drop) but without its task-local
/// value (tokio's task-locals are typed; the runtime cannot carry them).
/// `detached::wait_all` returns only after the rest is done, and the count
/// is back to 0.
async fn spawn_drop_context(flavour: &str) {
    let _serial = SERIAL.lock().await;
    subscriber();
    let log = Log::new();
    let (release, release_rx) = oneshot::channel();
    let mut g = Box::pin(hands_the_rest_to_a_task(log.clone(), release_rx));
    let first = WHO
        .scope(
            "poller",
            g.next().instrument(tracing::info_span!("polling")),
        )
        .await;
    log.push(format!("got {first:?}"));
    assert_eq!(detached::pending(), 0, "{flavour}");
    let dropper = tokio::spawn(
        WHO.scope(
            "dropping task",
            {
                let log = log.clone();
                async move {
                    drop(g);
                    log.push(format!("drop returned: {}", here()));
                }
            }
            .instrument(tracing::info_span!("task span")),
        ),
    );
    tokio::time::timeout(BOUND, dropper)
        .await
        .expect("the dropping task finishes")
        .expect("the dropping task does not panic");
    assert_eq!(detached::pending(), 1, "{flavour}");
    // Nothing past the gate runs before it opens.
    for _ in 0..3 {
        tokio::task::yield_now().await;
    }
    log.push(format!("opening the gate: {}", here()));
    release.send(()).expect("the detached cleanup waits");
    tokio::time::timeout(BOUND, detached::wait_all())
        .await
        .expect("the detached cleanup finishes");
    log.push(format!("wait_all returned: {}", here()));
    assert_eq!(detached::pending(), 0, "{flavour}");
    assert_eq!(
        log.take(),
        [
            "body: task-local poller, span polling",
            "got Some(0)",
            "cleanup in place: task-local dropping task, span task span",
            "drop returned: task-local dropping task, span task span",
            "opening the gate: task-local none, span none",
            "cleanup rest: task-local none, span task span",
            "cleanup end: task-local none, span task span",
            "wait_all returned: task-local none, span none",
        ],
        "{flavour}"
    );
    assert_eq!(
        reports_about("hands_the_rest_to_a_task"),
        Vec::<String>::new(),
        "{flavour}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn spawn_drop_on_current_thread_rest_runs_in_the_droppers_span_without_its_task_local() {
    spawn_drop_context("current_thread").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spawn_drop_on_multi_thread_rest_runs_in_the_droppers_span_without_its_task_local() {
    spawn_drop_context("multi_thread").await;
}

/// The same, dropped by the test's own code inside a `WHO` scope and an
/// entered span (the in-place part sees them) while the test then awaits
/// `wait_all` inside another scope and span: the detached rest runs in the
/// dropper's span, not the waiter's, and sees no task-local value (it does
/// not run inside the waiter's polls).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spawn_rest_does_not_run_in_the_context_of_wait_all() {
    let _serial = SERIAL.lock().await;
    subscriber();
    let log = Log::new();
    let (release, release_rx) = oneshot::channel();
    let mut g = Box::pin(hands_the_rest_to_a_task(log.clone(), release_rx));
    let first = g.next().await;
    log.push(format!("got {first:?}"));
    WHO.sync_scope("dropper", || {
        let _entered = tracing::info_span!("dropping").entered();
        drop(g);
        log.push(format!("drop returned: {}", here()));
    });
    assert_eq!(detached::pending(), 1);
    release.send(()).expect("the detached cleanup waits");
    WHO.scope(
        "waiter",
        async {
            tokio::time::timeout(BOUND, detached::wait_all())
                .await
                .expect("the detached cleanup finishes");
            log.push(format!("wait_all returned: {}", here()));
        }
        .instrument(tracing::info_span!("waiting")),
    )
    .await;
    assert_eq!(detached::pending(), 0);
    assert_eq!(
        log.take(),
        [
            "body: task-local none, span none",
            "got Some(0)",
            "cleanup in place: task-local dropper, span dropping",
            "drop returned: task-local dropper, span dropping",
            "cleanup rest: task-local none, span dropping",
            "cleanup end: task-local none, span dropping",
            "wait_all returned: task-local waiter, span waiting",
        ]
    );
    assert_eq!(
        reports_about("hands_the_rest_to_a_task"),
        Vec::<String>::new()
    );
}
