//! The generator machine driven by hand-lowered bodies (the shape the macro
//! emits), polled by hand: yields, close, drop in place, panics. Runs under
//! Miri (`cargo +nightly miri test -p asyncgen-runtime`).

use std::cell::RefCell;
use std::future::{Future, pending};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

use asyncgen_runtime::{AsyncGenerator, Co, Flow, Gen, ReportAbandoned, ReportByType};
use futures_core::Stream;

type Log = Rc<RefCell<Vec<String>>>;

fn push(log: &Log, entry: impl Into<String>) {
    log.borrow_mut().push(entry.into());
}

fn next<S: Stream + ?Sized>(stream: Pin<&mut S>) -> Poll<Option<S::Item>> {
    stream.poll_next(&mut Context::from_waker(Waker::noop()))
}

fn close<G: AsyncGenerator + ?Sized>(generator: Pin<&mut G>) -> Poll<G::Closed> {
    generator.poll_close(&mut Context::from_waker(Waker::noop()))
}

/// A future that is pending once, then ready: a wait that a second poll
/// finishes.
struct Once(bool);

impl Future for Once {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<()> {
        if std::mem::replace(&mut self.0, true) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    }
}

// Hand-lowered:
//   push("start"); finally! { push("cleanup"); Once.await; push("cleanup done") }
//   for i in 0..n { yield_!(i); push(after i) }
fn counter(log: Log, n: u32) -> impl AsyncGenerator<Item = u32, Closed = ()> {
    hand_lowered(move |co: Co<u32>| async move {
        let slot = Co::<u32>::here().await;
        // SAFETY: the first statement, on the token `Gen::new` handed over.
        unsafe { slot.bind(&co) };
        push(&log, "start");
        let flow: Flow<(), ()> = 'protected: {
            for i in 0..n {
                co.put(i).await;
                if Co::<u32>::suspend().await.is_none() {
                    break 'protected Flow::Return(());
                }
                push(&log, format!("after {i}"));
            }
            Flow::Normal(())
        };
        push(&log, "cleanup");
        Once(false).await;
        push(&log, "cleanup done");
        match flow {
            Flow::Normal(()) | Flow::Return(()) => {}
            Flow::Jump(_) => unreachable!(),
        }
    })
}

#[test]
fn yields_then_cleans_up_at_the_end() {
    let log = Log::default();
    let mut generator = pin!(counter(log.clone(), 2));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(0)));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(1)));
    // The cleanup waits once (Pending), then finishes on the next poll.
    assert_eq!(next(generator.as_mut()), Poll::Pending);
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));
    assert!(generator.is_finished());
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));
    assert_eq!(
        *log.borrow(),
        ["start", "after 0", "after 1", "cleanup", "cleanup done"]
    );
}

#[test]
fn close_resumes_the_body_with_leave() {
    let log = Log::default();
    let mut generator = pin!(counter(log.clone(), 5));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(0)));
    assert_eq!(close(generator.as_mut()), Poll::Pending);
    assert_eq!(close(generator.as_mut()), Poll::Ready(()));
    assert!(generator.is_finished());
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));
    assert_eq!(close(generator.as_mut()), Poll::Ready(()));
    assert_eq!(*log.borrow(), ["start", "cleanup", "cleanup done"]);
}

#[test]
fn close_before_the_first_poll_runs_nothing() {
    let log = Log::default();
    let mut generator = pin!(counter(log.clone(), 5));
    assert_eq!(close(generator.as_mut()), Poll::Ready(()));
    assert!(generator.is_finished());
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));
    assert!(log.borrow().is_empty());
}

#[test]
fn drop_runs_the_cleanup_in_place() {
    let log = Log::default();
    {
        let mut generator = pin!(counter(log.clone(), 5));
        assert_eq!(next(generator.as_mut()), Poll::Ready(Some(0)));
    }
    // Drop polls again after a pending cleanup (with a waker of its own), so
    // a wait that a second poll finishes completes in place.
    assert_eq!(*log.borrow(), ["start", "cleanup", "cleanup done"]);
}

#[test]
fn drop_abandons_cleanup_that_stays_pending() {
    let log = Log::default();
    let body_log = log.clone();
    {
        let mut generator = pin!(hand_lowered(move |co: Co<u32>| async move {
            let slot = Co::<u32>::here().await;
            // SAFETY: the first statement, on the token `Gen::new` handed over.
            unsafe { slot.bind(&co) };
            let flow: Flow<(), ()> = 'protected: {
                co.put(1).await;
                if Co::<u32>::suspend().await.is_none() {
                    break 'protected Flow::Return(());
                }
                Flow::Normal(())
            };
            push(&body_log, "cleanup");
            pending::<()>().await;
            push(&body_log, "unreachable");
            let _ = flow;
        }));
        assert_eq!(next(generator.as_mut()), Poll::Ready(Some(1)));
    }
    assert_eq!(*log.borrow(), ["cleanup"]);
}

#[test]
fn a_close_abandoned_part_way_is_finished_by_drop_once() {
    let log = Log::default();
    {
        let mut generator = pin!(counter(log.clone(), 5));
        assert_eq!(next(generator.as_mut()), Poll::Ready(Some(0)));
        assert_eq!(close(generator.as_mut()), Poll::Pending);
    }
    // Drop resumes the cleanup where the close left it: `Once` is now ready.
    assert_eq!(*log.borrow(), ["start", "cleanup", "cleanup done"]);
}

#[test]
fn a_close_abandoned_part_way_is_finished_by_the_next_poll() {
    let log = Log::default();
    let mut generator = pin!(counter(log.clone(), 5));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(0)));
    assert_eq!(close(generator.as_mut()), Poll::Pending);
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));
    assert!(generator.is_finished());
    assert_eq!(*log.borrow(), ["start", "cleanup", "cleanup done"]);
}

#[test]
fn a_panic_finishes_the_generator_and_drops_its_locals() {
    struct Noisy(Log);
    impl Drop for Noisy {
        fn drop(&mut self) {
            push(&self.0, "local dropped");
        }
    }
    let log = Log::default();
    let body_log = log.clone();
    let mut generator = pin!(hand_lowered(move |co: Co<u32>| async move {
        let slot = Co::<u32>::here().await;
        // SAFETY: the first statement, on the token `Gen::new` handed over.
        unsafe { slot.bind(&co) };
        let _noisy = Noisy(body_log.clone());
        co.put(1).await;
        if Co::<u32>::suspend().await.is_none() {
            return;
        }
        panic!("body failed");
    }));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(1)));
    let outcome = catch_unwind(AssertUnwindSafe(|| next(generator.as_mut())));
    assert!(outcome.is_err());
    assert_eq!(*log.borrow(), ["local dropped"]);
    assert!(generator.is_finished());
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));
    assert_eq!(close(generator.as_mut()), Poll::Ready(()));
}

#[test]
fn an_error_return_is_the_last_item_and_close_returns_cleanup_errors() {
    let mut generator = pin!(hand_lowered(|co: Co<u32>| async move {
        let slot = Co::<u32>::here().await;
        // SAFETY: the first statement, on the token `Gen::new` handed over.
        unsafe { slot.bind(&co) };
        co.put(1).await;
        if Co::<u32>::suspend().await.is_none() {
            return Err("closed");
        }
        Err("failed")
    }));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(Ok(1))));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(Err("failed"))));
    assert_eq!(next(generator.as_mut()), Poll::Ready(None));

    let mut generator = pin!(hand_lowered(|co: Co<u32>| async move {
        let slot = Co::<u32>::here().await;
        // SAFETY: the first statement, on the token `Gen::new` handed over.
        unsafe { slot.bind(&co) };
        co.put(1).await;
        if Co::<u32>::suspend().await.is_none() {
            return Err("closed");
        }
        Ok(())
    }));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(Ok(1))));
    assert_eq!(close(generator.as_mut()), Poll::Ready(Err("closed")));
}

#[test]
fn an_await_unless_leaving_is_abandoned_by_close() {
    let log = Log::default();
    let body_log = log.clone();
    let mut generator = pin!(hand_lowered(move |co: Co<u32>| async move {
        let slot = Co::<u32>::here().await;
        // SAFETY: the first statement, on the token `Gen::new` handed over.
        unsafe { slot.bind(&co) };
        co.put(1).await;
        if Co::<u32>::suspend().await.is_none() {
            return;
        }
        if asyncgen_runtime::unless_leaving(pending::<()>())
            .await
            .is_none()
        {
            push(&body_log, "left the await");
            return;
        }
        push(&body_log, "unreachable");
    }));
    assert_eq!(next(generator.as_mut()), Poll::Ready(Some(1)));
    assert_eq!(next(generator.as_mut()), Poll::Pending);
    assert_eq!(close(generator.as_mut()), Poll::Ready(()));
    assert_eq!(*log.borrow(), ["left the await"]);
}

#[test]
fn generators_move_freely_before_the_first_poll() {
    let log = Log::default();
    let generators: Vec<_> = (0..3).map(|_| counter(log.clone(), 1)).collect();
    for generator in generators {
        let mut generator = Box::pin(generator);
        assert_eq!(next(generator.as_mut()), Poll::Ready(Some(0)));
    }
    assert_eq!(
        log.borrow()
            .iter()
            .filter(|entry| *entry == "start")
            .count(),
        3
    );
}

fn assert_send<T: Send>(_: &T) {}

#[test]
fn a_generator_is_send_when_its_body_is() {
    let generator = hand_lowered(|co: Co<u32>| async move {
        let slot = Co::<u32>::here().await;
        // SAFETY: the first statement, on the token `Gen::new` handed over.
        unsafe { slot.bind(&co) };
        co.put(1).await;
        Co::<u32>::suspend().await;
    });
    assert_send(&generator);
}

/// A generator over a hand-lowered body, reporting drop-time errors by type.
fn hand_lowered<C, F>(start: C) -> Gen<u32, F, ReportAbandoned, ReportByType>
where
    C: FnOnce(Co<u32>) -> F,
    F: std::future::Future,
    F::Output: asyncgen_runtime::BodyOutput<u32>,
{
    Gen::new(start, ReportByType)
}
