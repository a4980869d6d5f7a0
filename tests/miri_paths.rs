//! The macro-generated paths through the runtime's unsafe code, with no
//! tokio drivers (so Miri can run them: `.ci/run` does, with
//! `cargo +nightly miri test -p asyncgen --test miri_paths`): `boxed`,
//! `own!`, `yield_from!`, `map`, close, a boxed generator moved after its
//! first poll, an early drop mid-cleanup, and an acmgr's `with`, `enter` +
//! guard drop, `enter` + `exit`, and `into_stream`; `on_drop = spawn`
//! outside a runtime and through its cleanup task (a current-thread runtime
//! without drivers); `async_gen!` and `select!` arms closed mid-select.

use std::pin::pin;

use asyncgen::{AsyncContextManager, AsyncGenerator, Outcome, acmgr, async_generator};
use futures::StreamExt;
use futures::executor::block_on;

#[async_generator(yield = String)]
async fn strings(count: usize) {
    finally! { std::future::ready(()).await; }
    for i in 0..count {
        yield_!(format!("s{i}"));
    }
}

#[async_generator(yield = String, boxed)]
async fn owned(count: usize) {
    let mut inner = own!(strings(count));
    while let Some(item) = inner.next().await {
        yield_!(item);
    }
}

#[async_generator(yield = String)]
async fn delegated(count: usize) {
    yield_from!(owned(count));
}

#[acmgr(yield = Vec<String>)]
async fn resource() {
    finally! { std::future::ready(()).await; }
    let outcome = yield_!(vec!["a".to_owned(), "b".to_owned()]);
    assert!(matches!(outcome, Outcome::Completed | Outcome::Cancelled));
}

#[acmgr(yield = futures::stream::Iter<std::vec::IntoIter<String>>)]
async fn stream_resource() {
    let _ = yield_!(futures::stream::iter(vec!["x".to_owned(), "y".to_owned()]));
}

#[test]
fn generators_through_the_unsafe_paths() {
    block_on(async {
        let all: Vec<String> = futures::StreamExt::collect(delegated(3)).await;
        assert_eq!(all, ["s0", "s1", "s2"]);

        let mut generator = pin!(delegated(5));
        assert_eq!(generator.next().await.as_deref(), Some("s0"));
        generator.as_mut().close().await;
        assert!(generator.next().await.is_none());

        let mut boxed = owned(4);
        assert_eq!(boxed.next().await.as_deref(), Some("s0"));
        let mut moved = vec![boxed];
        assert_eq!(moved[0].next().await.as_deref(), Some("s1"));
        drop(moved);

        let mut lengths = pin!(delegated(3).map(|item| item.len()));
        assert_eq!(lengths.next().await, Some(2));
    });
}

#[test]
fn acmgrs_through_the_unsafe_paths() {
    block_on(async {
        let count = resource()
            .with(async |items: Vec<String>| Ok::<_, ()>(items.len()))
            .await;
        assert_eq!(count, Ok(2));

        let (items, guard) = resource().enter().await;
        drop(items);
        drop(guard);

        let (items, guard) = resource().enter().await;
        guard.exit(Outcome::Completed).await;
        drop(items);

        let mut stream = pin!(stream_resource().into_stream());
        assert_eq!(stream.next().await.as_deref(), Some("x"));
        stream.as_mut().close().await;
    });
}

#[async_generator(yield = String)]
async fn told(outcomes: std::sync::Arc<std::sync::Mutex<Vec<Outcome>>>) -> Result<(), String> {
    finally!(|outcome| {
        std::future::ready(()).await;
        outcomes.lock().unwrap().push(outcome);
    });
    yield_!("a".to_owned());
    Err("failed".to_owned())
}

/// `finally!(|outcome| ..)` reads the poll's frame: run to an error, and
/// closed at a yield.
#[test]
fn finally_outcomes_through_the_frame() {
    let outcomes = std::sync::Arc::default();
    block_on(async {
        let mut g = pin!(told(std::sync::Arc::clone(&outcomes)));
        while g.next().await.is_some() {}
        let mut g = pin!(told(std::sync::Arc::clone(&outcomes)));
        assert_eq!(g.next().await, Some(Ok("a".to_owned())));
        g.as_mut().close().await.expect("closed at a yield");
    });
    assert_eq!(
        *outcomes.lock().unwrap(),
        [Outcome::Failed, Outcome::Cancelled]
    );
}

#[cfg(feature = "on-drop-spawn")]
#[async_generator(yield = String, on_drop = spawn)]
async fn detached(count: usize, wait: bool) {
    let mut tail = String::from("tail");
    finally! {
        tail.push_str(" cleaned");
        if wait {
            std::future::pending::<()>().await;
        }
        drop(tail);
    }
    for i in 0..count {
        yield_!(format!("d{i}"));
    }
}

#[cfg(feature = "on-drop-spawn")]
/// `on_drop = spawn` outside a runtime: the generator in its own box, moved
/// after its first poll; close; a drop whose cleanup finishes in place; a
/// drop whose cleanup waits (abandoned: the body is dropped in its box).
#[test]
fn detached_generators_through_the_unsafe_paths() {
    block_on(async {
        let all: Vec<String> = futures::StreamExt::collect(detached(2, false)).await;
        assert_eq!(all, ["d0", "d1"]);

        let mut generator = detached(3, false);
        assert_eq!(generator.next().await.as_deref(), Some("d0"));
        let mut moved = [generator];
        assert_eq!(moved[0].next().await.as_deref(), Some("d1"));
        std::pin::Pin::new(&mut moved[0]).close().await;
        assert!(moved[0].next().await.is_none());

        let mut finishes = detached(3, false);
        assert_eq!(finishes.next().await.as_deref(), Some("d0"));
        drop(finishes);

        let mut waits = detached(3, true);
        assert_eq!(waits.next().await.as_deref(), Some("d0"));
        drop(waits);
    });
}

#[cfg(feature = "on-drop-spawn")]
/// The detached task itself: the boxed body moved into a task on a
/// current-thread runtime without drivers (which Miri runs), and polled
/// there to its end.
#[test]
fn a_detached_cleanup_through_a_task() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(async {
        let (release, released) = tokio::sync::oneshot::channel::<()>();
        let mut generator = waits_in_cleanup(released);
        assert_eq!(generator.next().await.as_deref(), Some("w0"));
        drop(generator);
        assert_eq!(asyncgen::detached::pending(), 1);
        release.send(()).unwrap();
        asyncgen::detached::wait_all().await;
        assert_eq!(asyncgen::detached::pending(), 0);
    });
}

#[cfg(feature = "on-drop-spawn")]
#[async_generator(yield = String, on_drop = spawn)]
async fn waits_in_cleanup(released: tokio::sync::oneshot::Receiver<()>) {
    let mut released = released;
    let mut tail = String::from("tail");
    finally! {
        tail.push_str(" cleaning");
        let _ = (&mut released).await;
        tail.push_str(" done");
        assert_eq!(tail, "tail cleaning done");
    }
    for i in 0..3 {
        yield_!(format!("w{i}"));
    }
}

/// `async_gen!` and a `futures::select!` whose arms yield, closed while the
/// select waits: the leave arm reads the poll's frame.
#[test]
fn inline_generators_and_select_arms_through_the_unsafe_paths() {
    use futures::FutureExt;
    block_on(async {
        let words = vec!["a".to_owned(), "b".to_owned()];
        let all: Vec<String> = futures::StreamExt::collect(asyncgen::async_gen! {
            finally! { std::future::ready(()).await; }
            for word in words {
                yield_!(word);
            }
        })
        .await;
        assert_eq!(all, ["a", "b"]);

        let mut waiting = pin!(asyncgen::async_gen! {
            finally! { std::future::ready(()).await; }
            yield_!(1u32);
            let mut never = std::future::pending::<u32>().fuse();
            futures::select! {
                value = never => yield_!(value),
            }
        });
        assert_eq!(futures::StreamExt::next(&mut waiting).await, Some(1));
        assert!(futures::poll!(futures::StreamExt::next(&mut waiting)).is_pending());
        waiting.as_mut().close().await;
        assert_eq!(futures::StreamExt::next(&mut waiting).await, None);
    });
}
