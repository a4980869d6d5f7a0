//! Smoke test: a generator yields, is broken out of, collected and closed.

use std::cell::RefCell;
use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn numbers(log: &RefCell<Vec<String>>, n: u32) {
    log.borrow_mut().push("start".into());
    finally! { log.borrow_mut().push("cleanup".into()); }
    for i in 0..n {
        tokio::task::yield_now().await;
        yield_!(i);
    }
    log.borrow_mut().push("end".into());
}

#[tokio::test]
async fn smoke() {
    let log = RefCell::new(Vec::new());
    {
        let mut g = pin!(numbers(&log, 5));
        let mut got = vec![];
        while let Some(i) = g.next().await {
            got.push(i);
            if i == 2 {
                break;
            }
        }
        assert_eq!(got, [0, 1, 2]);
    }
    assert_eq!(*log.borrow(), ["start", "cleanup"]);
    log.borrow_mut().clear();
    let all: Vec<u32> = numbers(&log, 3).collect().await;
    assert_eq!(all, [0, 1, 2]);
    assert_eq!(*log.borrow(), ["start", "end", "cleanup"]);
    let mut g = pin!(numbers(&log, 3));
    assert_eq!(g.next().await, Some(0));
    g.as_mut().close().await;
    assert!(g.is_finished());
}
