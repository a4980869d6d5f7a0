//! `break`, `continue` and `return` that leave a block protected by
//! `finally!`: the cleanups run innermost first, then control goes where it
//! was going; jumps that stay inside the protected block run nothing early.

mod common;

use std::pin::pin;

use asyncgen::{AsyncGenerator, async_generator};
use common::Log;
use futures::StreamExt;

#[async_generator(yield = u32)]
async fn jumps(log: Log) {
    finally! { log.push("body cleanup"); }
    'outer: for i in 0..5u32 {
        finally! { log.push(format!("outer {i} cleanup")); }
        for j in 0..3u32 {
            finally! { log.push(format!("inner {i}.{j} cleanup")); }
            match (i, j) {
                (0, 1) => continue,
                (1, 1) => break,
                (2, 0) => continue 'outer,
                (3, 1) => return,
                _ => {}
            }
            yield_!(i * 10 + j);
            log.push(format!("inner {i}.{j} end"));
        }
        log.push(format!("outer {i} end"));
    }
    log.push("after the loops (not reached)");
}

#[tokio::test]
async fn break_continue_and_return_run_cleanups_then_go_on() {
    let log = Log::new();
    let mut g = pin!(jumps(log.clone()));
    while let Some(i) = g.next().await {
        log.push(format!("got {i}"));
    }
    log.push("got None");
    assert!(g.is_finished());
    assert_eq!(
        log.take(),
        [
            // i = 0: `continue` at j = 1 skips that iteration's rest only.
            "got 0",
            "inner 0.0 end",
            "inner 0.0 cleanup",
            "inner 0.1 cleanup",
            "got 2",
            "inner 0.2 end",
            "inner 0.2 cleanup",
            "outer 0 end",
            "outer 0 cleanup",
            // i = 1: `break` at j = 1 leaves the inner loop; the outer
            // iteration goes on.
            "got 10",
            "inner 1.0 end",
            "inner 1.0 cleanup",
            "inner 1.1 cleanup",
            "outer 1 end",
            "outer 1 cleanup",
            // i = 2: `continue 'outer` leaves two protected blocks.
            "inner 2.0 cleanup",
            "outer 2 cleanup",
            // i = 3: `return` leaves all three, innermost first.
            "got 30",
            "inner 3.0 end",
            "inner 3.0 cleanup",
            "inner 3.1 cleanup",
            "outer 3 cleanup",
            "body cleanup",
            "got None",
        ]
    );
}

#[async_generator(yield = u32)]
async fn labelled_block(log: Log, leave_early: bool) {
    'blk: {
        finally! { log.push("block cleanup"); }
        // A loop wholly inside the protected block: its `break` and
        // `continue` do not leave the block, so no cleanup runs for them.
        for k in 0..4u32 {
            if k == 1 {
                continue;
            }
            if k == 3 {
                break;
            }
            yield_!(k);
        }
        log.push("inner loop done");
        if leave_early {
            break 'blk;
        }
        log.push("block end");
    }
    log.push("after the block");
    let mut n = 0;
    while n < 3 {
        n += 1;
        finally! { log.push(format!("while {n} cleanup")); }
        if n == 2 {
            continue;
        }
        yield_!(100 + n);
    }
    loop {
        finally! { log.push("loop cleanup"); }
        yield_!(200);
        break;
    }
    log.push("body end");
}

#[tokio::test]
async fn jumps_inside_the_protected_block_run_nothing_early() {
    let log = Log::new();
    let mut g = pin!(labelled_block(log.clone(), false));
    while let Some(i) = g.next().await {
        log.push(format!("got {i}"));
    }
    assert_eq!(
        log.take(),
        [
            "got 0",
            "got 2",
            "inner loop done",
            "block end",
            "block cleanup",
            "after the block",
            "got 101",
            "while 1 cleanup",
            "while 2 cleanup",
            "got 103",
            "while 3 cleanup",
            "got 200",
            "loop cleanup",
            "body end",
        ]
    );
}

#[tokio::test]
async fn break_out_of_a_labelled_block_runs_its_cleanup_then_goes_on_after_it() {
    let log = Log::new();
    let items: Vec<u32> = labelled_block(log.clone(), true).collect().await;
    assert_eq!(items, [0, 2, 101, 103, 200]);
    assert_eq!(
        log.take(),
        [
            "inner loop done",
            "block cleanup",
            "after the block",
            "while 1 cleanup",
            "while 2 cleanup",
            "while 3 cleanup",
            "loop cleanup",
            "body end",
        ]
    );
}

#[tokio::test]
async fn closing_mid_loop_unwinds_through_every_enclosing_block() {
    let log = Log::new();
    let mut g = pin!(jumps(log.clone()));
    assert_eq!(g.next().await, Some(0));
    assert_eq!(g.next().await, Some(2));
    assert_eq!(g.next().await, Some(10));
    log.take();
    g.as_mut().close().await;
    log.push("closed");
    assert_eq!(
        log.take(),
        [
            "inner 1.0 cleanup",
            "outer 1 cleanup",
            "body cleanup",
            "closed"
        ]
    );
    assert_eq!(g.next().await, None);
}
