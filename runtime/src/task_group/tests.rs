//! The binding to the host scope, which the facade does not expose, and the
//! order of errors, which needs the host scope to be made deterministic.

use std::future::{Future, pending, poll_fn};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::Poll;
use std::time::{Duration, Instant};

use tokio::time::timeout;

use super::{ErrorGroup, TaskGroup};
use crate::scope::HostScope;

/// Resolves when `scope` is cancelled, registering with it like `with` does.
fn scope_cancelled(scope: &HostScope) -> impl Future<Output = ()> + '_ {
    poll_fn(move |cx| {
        scope.register(cx.waker());
        if scope.is_cancelled() {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
}

fn assert_send_sync<T: Send + Sync>(_: &T) {}
fn assert_send_static<T: Send + 'static>(_: &T) {}

#[test]
fn the_group_and_its_futures_are_send() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _enter = runtime.enter();
    let group = TaskGroup::<String>::new();
    assert_send_sync(&group);
    let started = group.start(|started| async move {
        started.started(1u8);
        Ok(())
    });
    assert_send_static(&started);
    assert_send_static(&group.join());
}

#[test]
fn new_binds_to_the_current_host_scope_only_inside_enter() {
    let scope = HostScope::new();
    let bound = scope.enter(TaskGroup::<()>::new);
    let unbound = TaskGroup::<()>::new();
    assert!(format!("{bound:?}").contains("bound_to_host_scope: true"));
    assert!(format!("{unbound:?}").contains("bound_to_host_scope: false"));
}

async fn a_failing_child_cancels_the_host_scope_without_polling_the_group() {
    let scope = HostScope::new();
    let group = scope.enter(TaskGroup::new);
    group.spawn(async {
        tokio::task::yield_now().await;
        Err("boom")
    });
    // Only the scope is awaited here, as `with` awaits the consumer's scope:
    // this task is woken by the waker it registered with the scope, and by
    // nothing else before the timeout.
    let waiting = Instant::now();
    timeout(Duration::from_secs(5), scope_cancelled(&scope))
        .await
        .expect("the failing child cancels the host scope by itself");
    assert!(waiting.elapsed() < Duration::from_secs(1));
    assert!(group.is_cancelled());
    assert_eq!(group.join().await.unwrap_err().into_vec(), ["boom"]);
}

#[tokio::test(flavor = "current_thread")]
async fn host_scope_cancelled_by_failure_current_thread() {
    a_failing_child_cancels_the_host_scope_without_polling_the_group().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_scope_cancelled_by_failure_multi_thread() {
    a_failing_child_cancels_the_host_scope_without_polling_the_group().await;
}

async fn a_panicking_child_cancels_the_host_scope() {
    let scope = HostScope::new();
    let group = scope.enter(TaskGroup::<()>::new);
    group.spawn(async {
        tokio::task::yield_now().await;
        panic!("child panicked");
    });
    timeout(Duration::from_secs(5), scope_cancelled(&scope))
        .await
        .expect("the panicking child cancels the host scope by itself");
    let joined = tokio::spawn(group.join()).await.unwrap_err();
    let payload = joined.into_panic();
    assert_eq!(payload.downcast_ref::<&str>(), Some(&"child panicked"));
}

#[tokio::test(flavor = "current_thread")]
async fn host_scope_cancelled_by_panic_current_thread() {
    a_panicking_child_cancels_the_host_scope().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn host_scope_cancelled_by_panic_multi_thread() {
    a_panicking_child_cancels_the_host_scope().await;
}

#[tokio::test(flavor = "current_thread")]
async fn success_cancel_shutdown_and_drop_leave_the_host_scope_alone() {
    let scope = HostScope::new();

    let group = scope.enter(TaskGroup::<()>::new);
    group.spawn(async { Ok(()) });
    group.join().await.unwrap();

    let group = scope.enter(TaskGroup::<()>::new);
    group.spawn(pending());
    group.cancel();
    group.join().await.unwrap();

    let group = scope.enter(TaskGroup::<()>::new);
    group.spawn(pending());
    group.shutdown().await.unwrap();

    let group = scope.enter(TaskGroup::<()>::new);
    group.spawn(pending());
    drop(group);
    tokio::task::yield_now().await;

    assert!(!scope.is_cancelled());
}

/// Errors come in the order the children failed: "second" fails first; the
/// other child, already past its cancellation check (it is inside its poll,
/// blocking its worker thread), sees the host scope cancelled, which happens
/// only after "second" was recorded, and fails too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn errors_are_in_the_order_the_children_failed() {
    let scope = HostScope::new();
    let group = scope.enter(TaskGroup::new);
    let entered = Arc::new(AtomicUsize::new(0));
    {
        let entered = entered.clone();
        let scope = scope.clone();
        group.spawn(async move {
            entered.fetch_add(1, Ordering::SeqCst);
            let deadline = Instant::now() + Duration::from_secs(5);
            while !scope.is_cancelled() {
                assert!(Instant::now() < deadline, "the sibling never failed");
                std::thread::yield_now();
            }
            Err("first, recorded second")
        });
    }
    group.spawn(async move {
        let deadline = Instant::now() + Duration::from_secs(5);
        while entered.load(Ordering::SeqCst) == 0 {
            assert!(Instant::now() < deadline, "the sibling never started");
            std::thread::yield_now();
        }
        Err("second, recorded first")
    });
    let errors: ErrorGroup<&str> = group.join().await.unwrap_err();
    assert_eq!(
        errors.into_vec(),
        ["second, recorded first", "first, recorded second"]
    );
}

/// A stop-aware child that fails after its group was dropped cannot cancel
/// the host scope: nobody would hand that failure over and withdraw the
/// cancellation, so the scope that follows would be cancelled for nothing.
/// Current-thread only: there, the child's task records its failure in the
/// same poll that drops its future, before this task runs again, so the
/// check below cannot come too early.
#[tokio::test(flavor = "current_thread")]
async fn a_failure_while_stopping_after_the_drop_leaves_the_host_scope_alone() {
    let scope = HostScope::new();
    let group = scope.enter(|| TaskGroup::new().with_grace(Duration::from_secs(5)));
    let (up, is_up) = tokio::sync::oneshot::channel();
    let (gone, is_gone) = tokio::sync::oneshot::channel::<()>();
    group.spawn_with_stop(|stop| async move {
        let _gone = gone;
        let _ = up.send(());
        stop.requested().await;
        tokio::task::yield_now().await;
        Err("failed while stopping, after the drop")
    });
    is_up.await.unwrap();
    drop(group);
    let _ = timeout(Duration::from_secs(5), is_gone)
        .await
        .expect("the child stops within the grace period");
    assert!(!scope.is_cancelled());
}
