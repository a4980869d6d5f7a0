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
#[path = "support/context_probe.rs"]
mod context_probe;

use std::time::Duration;

use asyncgen::{async_generator, detached};
use common::Log;
use context_probe::{WHO, here, reports_about, subscriber};
use futures::StreamExt;
use tokio::sync::oneshot;
use tracing::Instrument as _;

/// Bound for waits that only guard against a hang.
const BOUND: Duration = Duration::from_secs(10);

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
