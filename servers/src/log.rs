//! A shared log whose lines carry the time since the log was made, so an
//! example can print when each cleanup step happened and a test can check
//! their order.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One line of a [`TimedLog`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Time since the log was made.
    pub at: Duration,
    /// What happened.
    pub text: String,
}

impl fmt::Display for Line {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:>9.3} ms  {}", self.at.as_secs_f64() * 1e3, self.text)
    }
}

/// A cloneable, thread-safe log of timestamped lines.
#[derive(Debug, Clone)]
pub struct TimedLog {
    start: Instant,
    lines: Arc<Mutex<Vec<Line>>>,
    echo: bool,
}

impl Default for TimedLog {
    fn default() -> Self {
        Self::new()
    }
}

impl TimedLog {
    /// A new, empty log; its clock starts now.
    pub fn new() -> Self {
        TimedLog {
            start: Instant::now(),
            lines: Arc::default(),
            echo: false,
        }
    }

    /// A new log that also prints each line as it is pushed: for a server
    /// that runs until it is stopped.
    pub fn echoing() -> Self {
        TimedLog {
            echo: true,
            ..Self::new()
        }
    }

    /// Appends `text`, stamped with the time since the log was made.
    pub fn push(&self, text: impl Into<String>) {
        let line = Line {
            at: self.start.elapsed(),
            text: text.into(),
        };
        if self.echo {
            println!("{line}");
        }
        self.lines.lock().unwrap().push(line);
    }

    /// A copy of every line so far.
    pub fn lines(&self) -> Vec<Line> {
        self.lines.lock().unwrap().clone()
    }

    /// The texts of every line so far, without their times.
    pub fn texts(&self) -> Vec<String> {
        self.lines().into_iter().map(|line| line.text).collect()
    }

    /// Whether some line's text contains `needle`.
    pub fn contains(&self, needle: &str) -> bool {
        self.lines
            .lock()
            .unwrap()
            .iter()
            .any(|l| l.text.contains(needle))
    }

    /// Waits until some line contains `needle`, checking every millisecond,
    /// for at most `limit`. Returns whether it appeared: a test asserts on
    /// that instead of hanging when it never does.
    pub async fn wait_for(&self, needle: &str, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while !self.contains(needle) {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        true
    }
}
