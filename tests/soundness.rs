//! No safe code reaches undefined behaviour through a generator's handle,
//! whatever it does with other macros' input or the crate's hidden paths:
//! a handle that escapes its body can at worst make a yield panic. Runs
//! under Miri (`cargo +nightly miri test -p asyncgen --test soundness`, as
//! `.ci/run` does), which would report a use-after-free or a write of the
//! wrong type.

use std::cell::RefCell;
use std::future::{Future, ready};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::pin::{Pin, pin};
use std::task::{Context, Poll, Waker};

use asyncgen::__private::{Co, Gen, ReportAbandoned, ReportByType};
use asyncgen::async_generator;
use futures::{Stream, StreamExt};

fn poll_next<S: Stream + ?Sized>(stream: Pin<&mut S>) -> Poll<Option<S::Item>> {
    stream.poll_next(&mut Context::from_waker(Waker::noop()))
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|message| (*message).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default()
}

/// Issue 8: a user macro wraps its input (an await the attribute lowered,
/// so it names the hidden handle) in an `async move` block and stores it;
/// the block is polled after the generator is gone. The handle holds no
/// pointer, so the stored await runs as a plain await.
mod issue_8_stashed_await {
    use super::*;

    thread_local! {
        static STASH: RefCell<Option<Pin<Box<dyn Future<Output = ()>>>>> =
            const { RefCell::new(None) };
    }

    macro_rules! stash {
        ($e:expr) => {
            STASH.with(|stash| {
                *stash.borrow_mut() = Some(Box::pin(async move {
                    $e;
                }))
            })
        };
    }

    #[async_generator(yield = u32)]
    async fn evil() {
        {
            finally! {}
        }
        stash!(ready(()).await);
    }

    #[test]
    fn the_stored_await_outlives_the_generator_harmlessly() {
        {
            let mut generator = pin!(evil());
            assert_eq!(poll_next(generator.as_mut()), Poll::Ready(None));
        }
        let stored = STASH
            .with(|stash| stash.borrow_mut().take())
            .expect("stashed");
        let mut stored = stored;
        let polled = stored
            .as_mut()
            .poll(&mut Context::from_waker(Waker::noop()));
        assert_eq!(polled, Poll::Ready(()));
    }
}

/// A generator (here, the hidden `Gen::new`, which is safe to call) lets
/// its token escape; another generator's body awaits a future that yields
/// through the stolen token. The token lies inside that body, but it is not
/// the token that body bound: the yield panics, writing nothing (a `String`
/// written into a `u64` slot would be undefined behaviour).
mod stolen_token {
    use super::*;

    thread_local! {
        static STOLEN: RefCell<Option<Co<String>>> = const { RefCell::new(None) };
    }

    fn thief() -> Gen<String, std::future::Ready<()>, ReportAbandoned, ReportByType> {
        Gen::new(
            |co| {
                STOLEN.with(|stolen| *stolen.borrow_mut() = Some(co));
                ready(())
            },
            ReportByType,
        )
    }

    #[async_generator(yield = u64)]
    async fn host<F: Future<Output = ()>>(inner: F) {
        yield_!(1);
        inner.await;
        yield_!(2);
    }

    #[test]
    fn a_yield_through_another_generators_token_panics() {
        let _thief = thief();
        let token = STOLEN
            .with(|stolen| stolen.borrow_mut().take())
            .expect("stolen");
        let mut generator = pin!(host(async move {
            token.put(String::from("not a u64")).await;
            Co::<String>::suspend().await;
        }));
        assert_eq!(poll_next(generator.as_mut()), Poll::Ready(Some(1)));
        let payload = catch_unwind(AssertUnwindSafe(|| poll_next(generator.as_mut())))
            .expect_err("the yield is refused");
        assert!(
            panic_message(&*payload).contains("inside another generator's poll"),
            "{}",
            panic_message(&*payload)
        );
        // The panic finished the host; nothing was written into it.
        assert_eq!(poll_next(generator.as_mut()), Poll::Ready(None));
    }

    #[test]
    fn a_yield_outside_any_generator_panics() {
        let _thief = thief();
        let token = STOLEN
            .with(|stolen| stolen.borrow_mut().take())
            .expect("stolen");
        let mut future = pin!(async move {
            token.put(String::from("nowhere")).await;
        });
        let payload = catch_unwind(AssertUnwindSafe(|| {
            future
                .as_mut()
                .poll(&mut Context::from_waker(Waker::noop()))
        }))
        .expect_err("the yield is refused");
        assert!(
            panic_message(&*payload).contains("outside the generator's own poll"),
            "{}",
            panic_message(&*payload)
        );
    }

    /// `Gen::new` with a body that never binds its token (only the macro's
    /// expansion binds, in an `unsafe` block): its yields are refused.
    #[test]
    fn a_body_that_never_bound_its_token_cannot_yield() {
        let mut generator = pin!(Gen::<u64, _, ReportAbandoned, ReportByType>::new(
            |co| async move {
                co.put(7).await;
                Co::<u64>::suspend().await;
            },
            ReportByType,
        ));
        let payload = catch_unwind(AssertUnwindSafe(|| poll_next(generator.as_mut())))
            .expect_err("the yield is refused");
        assert!(panic_message(&*payload).contains("inside another generator's poll"));
    }
}

/// The token proves the generator, not just the type: two generators of the
/// same item type, one nested in the other's body, each keep their own
/// values.
mod nested_generators_keep_their_values {
    use super::*;

    #[async_generator(yield = String)]
    async fn inner() {
        yield_!("inner 1".to_owned());
        yield_!("inner 2".to_owned());
    }

    #[async_generator(yield = String)]
    async fn outer() {
        let mut inner = pin!(inner());
        while let Some(item) = inner.next().await {
            yield_!(format!("outer got {item}"));
        }
    }

    #[test]
    fn items_arrive_at_their_own_consumers() {
        let mut generator = pin!(outer());
        assert_eq!(
            poll_next(generator.as_mut()),
            Poll::Ready(Some("outer got inner 1".to_owned()))
        );
        assert_eq!(
            poll_next(generator.as_mut()),
            Poll::Ready(Some("outer got inner 2".to_owned()))
        );
        assert_eq!(poll_next(generator.as_mut()), Poll::Ready(None));
    }
}
