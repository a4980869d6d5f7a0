//! A SQLite transaction streamed by a generator: read to the end, it
//! commits; failing, it rolls back; left early through `closing` (a
//! `break` after two rows), or dropped (`on_drop = spawn`), it rolls back,
//! and nothing stays locked: a second connection
//! can read the old balances and write.

use std::pin::pin;
use std::time::Duration;

use asyncgen::closing;
use asyncgen_servers::ledger::{Ledger, pay_interest};
use asyncgen_servers::log::TimedLog;
use futures::StreamExt;
use tokio::time::timeout;

const LIMIT: Duration = Duration::from_secs(5);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_to_the_end_commits() {
    let ledger = Ledger::create().await.unwrap();
    let log = TimedLog::new();
    let read = timeout(
        LIMIT,
        closing(
            pay_interest(ledger.pool().clone(), log.clone()),
            async |mut rows| {
                let mut read = Vec::new();
                while let Some(row) = rows.next().await {
                    read.push(row?);
                }
                Ok::<_, sqlx::Error>(read)
            },
        ),
    )
    .await
    .expect("in time")
    .expect("no database error");
    assert_eq!(read.len(), 3);
    assert_eq!(log.texts(), ["[ledger] begin", "[ledger] commit"]);
    assert_eq!(ledger.balances().await.unwrap(), [101, 101, 101]);
    ledger.write_outside().await.expect("nothing stays locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn breaking_out_of_closing_after_two_rows_rolls_back() {
    let ledger = Ledger::create().await.unwrap();
    let log = TimedLog::new();
    let read = timeout(
        LIMIT,
        closing(
            pay_interest(ledger.pool().clone(), log.clone()),
            async |mut rows| {
                let mut read = Vec::new();
                while let Some(row) = rows.next().await {
                    read.push(row?);
                    if read.len() == 2 {
                        break;
                    }
                }
                Ok::<_, sqlx::Error>(read)
            },
        ),
    )
    .await
    .expect("in time")
    .expect("no database error");
    assert_eq!(read, [("ada".to_owned(), 101), ("bob".to_owned(), 101)]);
    // `closing` awaited the rollback before returning.
    assert_eq!(
        log.texts(),
        ["[ledger] begin", "[ledger] rollback (Cancelled)"]
    );
    assert_eq!(ledger.balances().await.unwrap(), [100, 100, 100]);
    ledger.write_outside().await.expect("nothing stays locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_error_in_the_body_rolls_back() {
    let ledger = Ledger::create().await.unwrap();
    // The generator's SELECT names this column: it fails after the UPDATE
    // (which a commit would keep).
    ledger
        .execute_outside("ALTER TABLE accounts RENAME COLUMN name TO holder")
        .await
        .unwrap();
    let log = TimedLog::new();
    let mut rows = pin!(pay_interest(ledger.pool().clone(), log.clone()));
    let first = timeout(LIMIT, rows.next()).await.expect("in time");
    assert!(matches!(first, Some(Err(_))), "{first:?}");
    assert!(
        timeout(LIMIT, rows.next())
            .await
            .expect("in time")
            .is_none()
    );
    assert_eq!(
        log.texts(),
        ["[ledger] begin", "[ledger] rollback (Failed)"]
    );
    assert_eq!(ledger.balances().await.unwrap(), [100, 100, 100]);
    ledger.write_outside().await.expect("nothing stays locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plain_drop_after_two_rows_rolls_back() {
    drop_after_two_rows().await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_plain_drop_rolls_back_on_a_current_thread_runtime_too() {
    drop_after_two_rows().await;
}

/// Under `on_drop = spawn`, the rollback the drop could not wait for runs
/// in a task; `detached::wait_all()` waits for it.
async fn drop_after_two_rows() {
    let ledger = Ledger::create().await.unwrap();
    let log = TimedLog::new();
    {
        let mut rows = pin!(pay_interest(ledger.pool().clone(), log.clone()));
        for _ in 0..2 {
            let row = timeout(LIMIT, rows.next()).await.expect("in time");
            assert!(row.is_some_and(|row| row.is_ok()));
        }
    }
    timeout(LIMIT, asyncgen::detached::wait_all())
        .await
        .expect("the detached rollback done in time");
    assert_eq!(
        log.texts(),
        ["[ledger] begin", "[ledger] rollback (Cancelled)"]
    );
    assert_eq!(ledger.balances().await.unwrap(), [100, 100, 100]);
    ledger.write_outside().await.expect("nothing stays locked");
}
