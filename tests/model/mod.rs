//! The reference model for `tests/model.rs`: plain Rust, no async, no
//! macro. It states the documented semantics as a state machine over the
//! test's body shapes and predicts, for a sequence of consumer operations,
//! the exact event log (body events and consumer results interleaved).
//!
//! Where the docs are explicit, the model follows them (the cleanup table,
//! close, drop policies, outcomes, error precedence). Where they are silent,
//! the model's choice is marked `// undocumented:` and was pinned from the
//! crate's behaviour after judging it reasonable.
//!
//! Panics are left out: the documented behaviour today (a panic skips
//! `finally!`) is pinned by `tests/panics.rs`, and issue 11 plans to change
//! it; the bodies here never panic.

pub(crate) mod acm;
pub(crate) mod acm_stream;
pub(crate) mod wrap;

use std::fmt;

/// Which code failed: every fallible point of the shapes has its own error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fail {
    Body,
    Inner,
    Outer,
    Wrap,
    Wrap2,
    Enter,
    Exit,
    Scope,
    Finally,
}

/// The parameters of the `subject` generator (see `tests/model.rs`): an
/// outer `finally!(|outcome| ..)`, an inner block with its own, and a loop
/// of `items` yields inside the inner block, each after an optional gate
/// wait; `fail_at` makes the body leave with `?` before that item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Params {
    pub(crate) items: u32,
    pub(crate) body_waits: bool,
    pub(crate) fail_at: Option<u32>,
    /// `return Ok(())` before that item (after the `fail_at` check).
    pub(crate) return_at: Option<u32>,
    /// `continue` before that item (after the `return_at` check).
    pub(crate) continue_at: Option<u32>,
    /// `break` before that item (after the `continue_at` check).
    pub(crate) break_at: Option<u32>,
    /// Each iteration's own `finally!(|outcome| ..)` logs.
    pub(crate) iter_logs: bool,
    pub(crate) inner_waits: bool,
    pub(crate) inner_fails: bool,
    pub(crate) outer_waits: bool,
    pub(crate) outer_fails: bool,
    /// Awaits in the inner cleanup, each pending once (waking itself).
    pub(crate) inner_spins: u8,
}

/// One thing the consumer does. `open` is the gate's state during the
/// operation: a gate wait is pending while the gate is closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Op {
    /// `poll_next` once.
    Next { open: bool },
    /// `close()` polled up to `polls` times (stopping when ready), then the
    /// close future is dropped.
    Close { polls: u8, open: bool },
    /// `tokio::time::timeout(1 ms, next())` on a current-thread runtime:
    /// the runtime polls again whatever wakes itself; a timeout drops the
    /// `next()` future, which cancels nothing.
    Timeout { open: bool },
    /// The generator is dropped; the sequence ends.
    Drop { open: bool },
}

/// How the drop of a generator with waiting cleanup goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Policy {
    Report,
    Spawn,
}

/// How a protected block is being left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    Completed,
    /// A `return` leaving the block: told `Completed`, and the code after
    /// the block does not run.
    Returned,
    Failed(Fail),
    Cancelled,
}

impl Reason {
    /// What `finally!(|outcome| ..)` is told (printed as `Outcome`'s `Debug`).
    pub(crate) fn outcome(self) -> &'static str {
        match self {
            Reason::Completed | Reason::Returned => "Completed",
            Reason::Failed(_) => "Failed",
            Reason::Cancelled => "Cancelled",
        }
    }

    /// A cleanup that fails while this reason is leaving: the first error
    /// wins (the later one is reported through `tracing`, not returned).
    pub(crate) fn then_fails(self, fail: Fail) -> Reason {
        match self {
            Reason::Failed(first) => Reason::Failed(first),
            Reason::Completed | Reason::Returned | Reason::Cancelled => Reason::Failed(fail),
        }
    }
}

/// What one step of a body ends in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step {
    Yield(u32),
    Pending,
    Finished(Reason),
}

/// `Poll<T>` printed the way `std::task::Poll`'s `Debug` prints it.
pub(crate) fn ready<T: fmt::Debug>(value: Option<T>) -> String {
    match value {
        Some(value) => format!("Ready({value:?})"),
        None => "Pending".to_owned(),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Inner,
    Outer,
}

impl Which {
    fn name(self) -> &'static str {
        match self {
            Which::Inner => "inner",
            Which::Outer => "outer",
        }
    }
}

/// Where the subject's body is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    Unstarted,
    Loop(u32),
    BodyWait(u32),
    Check(u32),
    Yielded(u32),
    /// The loop body's region of iteration `i` is left for `reason`; then
    /// the next iteration (`Some`), or the inner block is left (`None`).
    Iter(u32, Reason, Option<u32>),
    CleanupStart(Which, Reason),
    CleanupSpin(Which, Reason, u8),
    CleanupWait(Which, Reason),
    CleanupEnd(Which, Reason),
    Done,
}

/// The subject's body as a state machine. `leaving` is the close/drop flag
/// of the generator around it.
#[derive(Debug, Clone)]
pub(crate) struct Subject {
    p: Params,
    at: At,
    /// The name the body's events carry (`""` for a lone subject, `"in "`
    /// for one inside a wrapper).
    prefix: &'static str,
    /// Polled in place by a drop (or by a detached task): an await pending
    /// after waking itself is polled again at once.
    in_place: bool,
}

impl Subject {
    pub(crate) fn new(p: Params, prefix: &'static str) -> Self {
        Self {
            p,
            at: At::Unstarted,
            prefix,
            in_place: false,
        }
    }

    pub(crate) fn started(&self) -> bool {
        self.at != At::Unstarted
    }

    /// Runs the body from where it is until it yields, waits on a closed
    /// gate, or finishes.
    pub(crate) fn advance(&mut self, log: &mut Vec<String>, leaving: bool, open: bool) -> Step {
        let p = self.p;
        let px = self.prefix;
        loop {
            self.at = match self.at {
                At::Unstarted => {
                    log.push(format!("{px}start"));
                    At::Loop(0)
                }
                At::Loop(i) if i == p.items => At::CleanupStart(Which::Inner, Reason::Completed),
                At::Loop(i) if p.body_waits => At::BodyWait(i),
                At::Loop(i) => At::Check(i),
                // An await in a protected block gives up when close or drop
                // arrives: its future is dropped, then the cleanup starts.
                At::BodyWait(i) if leaving => {
                    log.push(format!("{px}body wait {i} abandoned"));
                    At::Iter(i, Reason::Cancelled, None)
                }
                At::BodyWait(i) if open => At::Check(i),
                At::BodyWait(_) => return Step::Pending,
                At::Check(i) if p.fail_at == Some(i) => {
                    At::Iter(i, Reason::Failed(Fail::Body), None)
                }
                At::Check(i) if p.return_at == Some(i) => At::Iter(i, Reason::Returned, None),
                // `continue` and `break` leave the iteration's region as
                // normal control flow: `Completed`.
                At::Check(i) if p.continue_at == Some(i) => {
                    At::Iter(i, Reason::Completed, Some(i + 1))
                }
                At::Check(i) if p.break_at == Some(i) => At::Iter(i, Reason::Completed, None),
                At::Check(i) => {
                    self.at = At::Yielded(i);
                    return Step::Yield(i);
                }
                // A yield resumed by close or drop leaves like a `return`,
                // and the cleanup is told `Cancelled`.
                At::Yielded(i) if leaving => At::Iter(i, Reason::Cancelled, None),
                At::Yielded(i) => At::Iter(i, Reason::Completed, Some(i + 1)),
                At::Iter(i, reason, then) => {
                    if p.iter_logs {
                        log.push(format!("{px}iter {i} {}", reason.outcome()));
                    }
                    match then {
                        Some(next) => At::Loop(next),
                        None => At::CleanupStart(Which::Inner, reason),
                    }
                }
                At::CleanupStart(w, reason) => {
                    log.push(format!("{px}{} {}", w.name(), reason.outcome()));
                    match w {
                        Which::Inner => At::CleanupSpin(w, reason, p.inner_spins),
                        Which::Outer if p.outer_waits => At::CleanupWait(w, reason),
                        Which::Outer => At::CleanupEnd(w, reason),
                    }
                }
                At::CleanupSpin(w, reason, 0) if self.waits(w) => At::CleanupWait(w, reason),
                At::CleanupSpin(w, reason, 0) => At::CleanupEnd(w, reason),
                // Drop polls again what woke itself: everything that can
                // finish without waiting runs before `drop` returns.
                At::CleanupSpin(w, reason, _) if self.in_place => At::CleanupSpin(w, reason, 0),
                At::CleanupSpin(w, reason, n) => {
                    self.at = At::CleanupSpin(w, reason, n - 1);
                    return Step::Pending;
                }
                // Awaits inside `finally!` are not cancellable.
                At::CleanupWait(w, reason) if open => At::CleanupEnd(w, reason),
                At::CleanupWait(..) => return Step::Pending,
                At::CleanupEnd(w, reason) => {
                    log.push(format!("{px}{} end", w.name()));
                    let reason = if self.fails(w) {
                        reason.then_fails(match w {
                            Which::Inner => Fail::Inner,
                            Which::Outer => Fail::Outer,
                        })
                    } else {
                        reason
                    };
                    match w {
                        Which::Inner => {
                            // A close that arrived while a normal exit waited
                            // in the inner cleanup: no body code runs after
                            // it, and the outer block is told `Cancelled`.
                            // An error already leaving wins over it.
                            // undocumented: a `return` already leaving does
                            // not; it is treated as the end of the block.
                            let reason = match reason {
                                Reason::Completed | Reason::Returned if leaving => {
                                    Reason::Cancelled
                                }
                                Reason::Completed => {
                                    log.push(format!("{px}between"));
                                    Reason::Completed
                                }
                                other => other,
                            };
                            At::CleanupStart(Which::Outer, reason)
                        }
                        Which::Outer => {
                            self.at = At::Done;
                            return Step::Finished(reason);
                        }
                    }
                }
                At::Done => return Step::Finished(Reason::Completed),
            };
        }
    }

    /// Under the report policy, what dropping the body at its current
    /// (pending) point logs: the pending future is dropped.
    pub(crate) fn abandon(&mut self, log: &mut Vec<String>) {
        match self.at {
            At::CleanupWait(w, _) => {
                log.push(format!("{}{} wait abandoned", self.prefix, w.name()))
            }
            At::BodyWait(i) => log.push(format!("{}body wait {i} abandoned", self.prefix)),
            _ => {}
        }
        self.at = At::Done;
    }

    fn waits(&self, w: Which) -> bool {
        match w {
            Which::Inner => self.p.inner_waits,
            Which::Outer => self.p.outer_waits,
        }
    }

    fn fails(&self, w: Which) -> bool {
        match w {
            Which::Inner => self.p.inner_fails,
            Which::Outer => self.p.outer_fails,
        }
    }
}

/// A body the generator model can run.
pub(crate) trait Body {
    fn started(&self) -> bool;
    fn advance(&mut self, log: &mut Vec<String>, leaving: bool, open: bool) -> Step;
    fn abandon(&mut self, log: &mut Vec<String>);
    /// From now on the body is polled in place (drop, detached task).
    fn set_in_place(&mut self);
}

impl Body for Subject {
    fn started(&self) -> bool {
        Subject::started(self)
    }
    fn advance(&mut self, log: &mut Vec<String>, leaving: bool, open: bool) -> Step {
        Subject::advance(self, log, leaving, open)
    }
    fn abandon(&mut self, log: &mut Vec<String>) {
        Subject::abandon(self, log);
    }
    fn set_in_place(&mut self) {
        self.in_place = true;
    }
}

/// The generator around a body: `poll_next`, `close`, drop, the drop
/// policy, and the consumer-visible results.
#[derive(Debug, Clone)]
pub(crate) struct GenModel<B> {
    pub(crate) body: B,
    leaving: bool,
    finished: bool,
    /// `on_drop = spawn` handed the rest of the cleanup to a task.
    detached: bool,
}

impl<B: Body> GenModel<B> {
    pub(crate) fn new(body: B) -> Self {
        Self {
            body,
            leaving: false,
            finished: false,
            detached: false,
        }
    }

    /// `poll_next`: the item, `None` at the end, or `Pending`.
    pub(crate) fn poll_next(
        &mut self,
        log: &mut Vec<String>,
        open: bool,
    ) -> Option<Option<Result<u32, Fail>>> {
        if self.finished {
            return Some(None);
        }
        match self.body.advance(log, self.leaving, open) {
            Step::Yield(i) => Some(Some(Ok(i))),
            Step::Pending => None,
            Step::Finished(reason) => {
                self.finished = true;
                // undocumented: after a `close()` dropped part-way, the
                // `poll_next` that finishes the cleanup returns its error as
                // the last item.
                match reason {
                    Reason::Failed(e) => Some(Some(Err(e))),
                    Reason::Completed | Reason::Returned | Reason::Cancelled => Some(None),
                }
            }
        }
    }

    /// One poll of `close()`.
    pub(crate) fn poll_close(
        &mut self,
        log: &mut Vec<String>,
        open: bool,
    ) -> Option<Result<(), Fail>> {
        if self.finished {
            return Some(Ok(()));
        }
        if !self.body.started() {
            // Closing a generator that never started runs nothing.
            self.finished = true;
            return Some(Ok(()));
        }
        self.leaving = true;
        match self.body.advance(log, true, open) {
            Step::Yield(i) => panic!("model: a leaving body yielded {i}"),
            Step::Pending => None,
            Step::Finished(reason) => {
                self.finished = true;
                match reason {
                    Reason::Failed(e) => Some(Err(e)),
                    Reason::Completed | Reason::Returned | Reason::Cancelled => Some(Ok(())),
                }
            }
        }
    }

    /// Drop: the unwinding is polled in place; what would wait is abandoned
    /// (`report`) or handed to a task (`spawn`).
    pub(crate) fn drop(&mut self, log: &mut Vec<String>, open: bool, policy: Policy) {
        if self.finished || !self.body.started() {
            self.finished = true;
            return;
        }
        self.leaving = true;
        self.body.set_in_place();
        match self.body.advance(log, true, open) {
            Step::Yield(i) => panic!("model: a leaving body yielded {i}"),
            Step::Finished(_) => {}
            Step::Pending => match policy {
                Policy::Report => self.body.abandon(log),
                Policy::Spawn => self.detached = true,
            },
        }
        self.finished = true;
    }

    /// `detached::wait_all()` with the gate open: a detached rest runs to
    /// its end.
    pub(crate) fn finish_detached(&mut self, log: &mut Vec<String>) {
        if std::mem::take(&mut self.detached) {
            match self.body.advance(log, true, true) {
                Step::Finished(_) => {}
                other => panic!("model: a detached cleanup with the gate open: {other:?}"),
            }
        }
    }

    pub(crate) fn is_finished(&self) -> bool {
        self.finished
    }
}

/// Runs `ops` on the model, logging what the driver in `tests/model.rs`
/// logs: each operation's result and `finished <bool>` after it.
pub(crate) fn run<B: Body>(model: &mut GenModel<B>, ops: &[Op], policy: Policy) -> Vec<String> {
    let mut log = Vec::new();
    let mut dropped = false;
    for &op in ops {
        match op {
            Op::Next { open } => {
                let r = model.poll_next(&mut log, open);
                log.push(format!("next -> {}", ready(r)));
            }
            Op::Timeout { open } => {
                // Polled again while it wakes itself (at most the spins);
                // a poll waiting on the closed gate changes nothing.
                let r = (0..8).find_map(|_| model.poll_next(&mut log, open));
                match r {
                    Some(item) => log.push(format!("timeout -> Ok({item:?})")),
                    None => log.push("timeout -> elapsed".to_owned()),
                }
            }
            Op::Close { polls, open } => {
                for _ in 0..polls {
                    let r = model.poll_close(&mut log, open);
                    log.push(format!("close -> {}", ready(r)));
                    if r.is_some() {
                        break;
                    }
                }
            }
            Op::Drop { open } => {
                model.drop(&mut log, open, policy);
                log.push("dropped".to_owned());
                dropped = true;
                break;
            }
        }
        log.push(format!("finished {}", model.is_finished()));
    }
    if !dropped {
        // The driver drops what is left with the gate open.
        model.drop(&mut log, true, policy);
        log.push("dropped".to_owned());
    }
    model.finish_detached(&mut log);
    log.push("wait_all returned".to_owned());
    log
}
