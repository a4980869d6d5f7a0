//! Bare `yield` behaves as `yield_!`: items, cleanup, close.
use std::pin::pin;
use std::sync::{Arc, Mutex};

use asyncgen::{AsyncGenerator, async_generator};
use futures::StreamExt;
use futures::executor::block_on;

#[async_generator(yield = u32)]
async fn bare(log: Arc<Mutex<Vec<&'static str>>>) {
    finally! { log.lock().unwrap().push("cleanup"); }
    for i in 0..3 {
        yield i;
    }
}

#[async_generator(yield = u32)]
async fn mixed() {
    yield 1;
    yield_!(2);
    yield 3;
}

#[test]
fn bare_yield_is_yield_() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let items: Vec<u32> = block_on(bare(log.clone()).collect());
    assert_eq!(items, [0, 1, 2]);
    assert_eq!(*log.lock().unwrap(), ["cleanup"]);
    let items: Vec<u32> = block_on(mixed().collect());
    assert_eq!(items, [1, 2, 3]);
}

#[test]
fn bare_yield_closes_like_yield_() {
    let log = Arc::new(Mutex::new(Vec::new()));
    block_on(async {
        let mut g = pin!(bare(log.clone()));
        assert_eq!(g.next().await, Some(0));
        g.as_mut().close().await;
        assert_eq!(g.next().await, None);
    });
    assert_eq!(*log.lock().unwrap(), ["cleanup"]);
}
