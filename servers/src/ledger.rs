//! A SQLite transaction streamed by a generator (sqlx): it begins a
//! transaction, changes every row, yields the rows, and in its `finally!`
//! commits when the stream was read to its end and rolls back otherwise
//! (an early `break` through `closing`, a close, a drop, an error).
//!
//! [`Ledger`] is the database on a temporary file, with a second
//! connection for checking from outside the transaction.

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use asyncgen::{Outcome, async_generator};
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection, SqlitePool, SqlitePoolOptions};
use sqlx::{Connection, Executor};

use crate::log::TimedLog;

/// One account: its name and balance.
pub type Account = (String, i64);

/// A database file under the system's temporary directory, unique to this
/// process and ledger, removed when the `Ledger` is dropped.
#[derive(Debug)]
pub struct Ledger {
    path: PathBuf,
    pool: SqlitePool,
}

impl Ledger {
    /// Creates the file with three accounts holding 100 each.
    pub async fn create() -> Result<Self, sqlx::Error> {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let name = format!(
            "asyncgen-servers-{}-{}.db",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let path = std::env::temp_dir().join(name);
        let _ = std::fs::remove_file(&path);
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(Self::options(&path).create_if_missing(true))
            .await?;
        pool.execute(
            "CREATE TABLE accounts (name TEXT PRIMARY KEY, balance INTEGER NOT NULL);
             INSERT INTO accounts VALUES ('ada', 100), ('bob', 100), ('cy', 100);",
        )
        .await?;
        Ok(Ledger { path, pool })
    }

    fn options(path: &PathBuf) -> SqliteConnectOptions {
        // A lock left behind shows up as "database is locked" after this,
        // not as a test waiting five seconds (sqlx's default).
        SqliteConnectOptions::new()
            .filename(path)
            .busy_timeout(Duration::from_millis(500))
    }

    /// The pool the generators take their connection from.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Opens a second, independent connection to the same file.
    pub async fn outside(&self) -> Result<SqliteConnection, sqlx::Error> {
        SqliteConnection::connect_with(&Self::options(&self.path)).await
    }

    /// The balances, read through a second connection.
    pub async fn balances(&self) -> Result<Vec<i64>, sqlx::Error> {
        let mut outside = self.outside().await?;
        let rows: Vec<(i64,)> = sqlx::query_as("SELECT balance FROM accounts ORDER BY rowid")
            .fetch_all(&mut outside)
            .await?;
        outside.close().await?;
        Ok(rows.into_iter().map(|(balance,)| balance).collect())
    }

    /// Runs `sql` through a second connection.
    pub async fn execute_outside(&self, sql: &str) -> Result<(), sqlx::Error> {
        let mut outside = self.outside().await?;
        outside.execute(sql).await?;
        outside.close().await
    }

    /// Writes through a second connection: fails ("database is locked")
    /// if a transaction still holds the write lock.
    pub async fn write_outside(&self) -> Result<(), sqlx::Error> {
        let mut outside = self.outside().await?;
        sqlx::query("INSERT INTO accounts VALUES ('outsider', 0)")
            .execute(&mut outside)
            .await?;
        sqlx::query("DELETE FROM accounts WHERE rowid = last_insert_rowid()")
            .execute(&mut outside)
            .await?;
        outside.close().await
    }
}

impl Drop for Ledger {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Pays one unit of interest to every account inside a transaction and
/// yields the new balances; commits only when read to the end. Dropped
/// mid-way, the rollback it awaits runs in a task (`on_drop = spawn`).
#[async_generator(yield = Account, on_drop = spawn)]
pub async fn pay_interest(pool: SqlitePool, log: TimedLog) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    log.push("[ledger] begin");
    // Told how the rest of this block is left: read to the end is
    // `Completed`; a close, a drop or an error is not, and rolls back.
    finally!(|outcome| {
        if outcome == Outcome::Completed {
            tx.commit().await?;
            log.push("[ledger] commit");
        } else {
            tx.rollback().await?;
            log.push(format!("[ledger] rollback ({outcome:?})"));
        }
    });
    sqlx::query("UPDATE accounts SET balance = balance + 1")
        .execute(&mut *tx)
        .await?;
    let accounts: Vec<Account> = sqlx::query_as("SELECT name, balance FROM accounts ORDER BY name")
        .fetch_all(&mut *tx)
        .await?;
    for account in accounts {
        yield_!(account);
    }
    Ok(())
}
