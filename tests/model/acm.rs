//! The model of an `#[acmgr]` driven through `with`: the `manager` body in
//! `tests/model.rs` (enter, an optional gate wait, `finally!(|o| ..)`,
//! `yield_!(7)`, exit with an optional gate wait and error) and a scope
//! that may wait and fail. The `with` future is polled, each poll with the
//! gate open or closed, and dropped after its last poll if it is still
//! pending: cancellation at poll k.
//!
//! Documented: enter, scope, exit in that order on every path; the exit
//! sees how the scope ended (`Completed`, `Failed`, `Cancelled` when the
//! `with` future is dropped); "exit then runs as a generator's cleanup does
//! on drop" (what would wait is abandoned under the default policy); every
//! error reaches the caller (`ScopeError`).

use asyncgen::ScopeError;

use super::{Fail, Policy};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct AcmParams {
    pub(crate) enter_waits: bool,
    pub(crate) enter_fails: bool,
    pub(crate) scope_waits: bool,
    pub(crate) scope_fails: bool,
    pub(crate) exit_waits: bool,
    pub(crate) exit_fails: bool,
    pub(crate) finally_waits: bool,
    pub(crate) finally_fails: bool,
}

pub(crate) type WithOutput = Result<u32, ScopeError<Fail, Fail>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum A {
    Unstarted,
    EnterWait,
    EnterEnd,
    Entered,
    ScopeWait,
    ScopeEnd,
    ExitStart(&'static str),
    ExitWait,
    ExitEnd,
    FinallyStart,
    FinallyWait,
    FinallyEnd,
    Done,
}

#[derive(Debug, Clone)]
pub(crate) struct AcmModel {
    a: AcmParams,
    at: A,
    /// The scope's result, once it ended (`None`: cancelled).
    scope: Option<Result<u32, Fail>>,
    exit: Result<(), Fail>,
    detached: bool,
}

impl AcmModel {
    pub(crate) fn new(a: AcmParams) -> Self {
        Self {
            a,
            at: A::Unstarted,
            scope: None,
            exit: Ok(()),
            detached: false,
        }
    }

    /// One poll of the `with` future (`cancelled`: it is being dropped and
    /// this is the in-place unwinding). `None` while pending.
    fn advance(
        &mut self,
        log: &mut Vec<String>,
        open: bool,
        cancelled: bool,
    ) -> Option<WithOutput> {
        let a = self.a;
        loop {
            self.at = match self.at {
                A::Unstarted => {
                    log.push("enter".to_owned());
                    if a.enter_waits {
                        A::EnterWait
                    } else {
                        A::EnterEnd
                    }
                }
                A::EnterWait if cancelled => {
                    log.push("enter wait abandoned".to_owned());
                    self.at = A::Done;
                    return None;
                }
                A::EnterWait if open => A::EnterEnd,
                A::EnterWait => return None,
                A::EnterEnd if a.enter_fails => {
                    self.at = A::Done;
                    return Some(Err(ScopeError::Enter(Fail::Enter)));
                }
                A::EnterEnd => {
                    log.push("scope 7".to_owned());
                    if a.scope_waits {
                        A::ScopeWait
                    } else {
                        A::ScopeEnd
                    }
                }
                A::ScopeWait if cancelled => {
                    log.push("scope wait abandoned".to_owned());
                    A::ExitStart("Cancelled")
                }
                A::ScopeWait if open => A::ScopeEnd,
                A::Entered => panic!("model: the guard protocol resumes at `ExitStart`"),
                A::ScopeWait => return None,
                A::ScopeEnd => {
                    let scope = if a.scope_fails {
                        Err(Fail::Scope)
                    } else {
                        Ok(8)
                    };
                    self.scope = Some(scope);
                    A::ExitStart(if a.scope_fails { "Failed" } else { "Completed" })
                }
                A::ExitStart(outcome) => {
                    log.push(format!("exit {outcome}"));
                    if a.exit_waits {
                        A::ExitWait
                    } else {
                        A::ExitEnd
                    }
                }
                A::ExitWait if open => A::ExitEnd,
                A::ExitWait => return None,
                A::ExitEnd => {
                    log.push("exit end".to_owned());
                    if a.exit_fails {
                        self.exit = Err(Fail::Exit);
                    }
                    A::FinallyStart
                }
                // undocumented: the acmgr's `finally!` is told how the body
                // left (its exit), not how the scope ended.
                A::FinallyStart => {
                    let outcome = if a.exit_fails { "Failed" } else { "Completed" };
                    log.push(format!("acm finally {outcome}"));
                    if a.finally_waits {
                        A::FinallyWait
                    } else {
                        A::FinallyEnd
                    }
                }
                A::FinallyWait if open => A::FinallyEnd,
                A::FinallyWait => return None,
                A::FinallyEnd => {
                    log.push("acm finally end".to_owned());
                    // The first error wins: the exit's, else the cleanup's.
                    if a.finally_fails && self.exit.is_ok() {
                        self.exit = Err(Fail::Finally);
                    }
                    self.at = A::Done;
                    return Some(self.output());
                }
                A::Done => panic!("model: polled after the end"),
            };
        }
    }

    fn output(&self) -> WithOutput {
        match (self.scope, self.exit) {
            (Some(Ok(v)), Ok(())) => Ok(v),
            (Some(Err(scope)), Ok(())) => Err(ScopeError::Scope(scope)),
            (Some(Ok(_)), Err(exit)) => Err(ScopeError::Exit(exit)),
            (Some(Err(scope)), Err(exit)) => Err(ScopeError::Both { scope, exit }),
            (None, Err(exit)) => Err(ScopeError::Exit(exit)),
            (None, Ok(())) => Err(ScopeError::Cancelled),
        }
    }

    /// The drop of the `with` future, the guard or the exit future: the
    /// unwinding polled in place; what would wait is abandoned (`report`)
    /// or left to a task (`spawn`: `finish_detached`).
    fn drop_in_place(&mut self, log: &mut Vec<String>, open: bool, policy: Policy) {
        if matches!(self.at, A::Unstarted | A::Done) {
            return;
        }
        if self.advance(log, open, true).is_none() {
            match (policy, self.at) {
                (Policy::Spawn, A::ExitWait | A::FinallyWait) => self.detached = true,
                (_, A::ExitWait) => log.push("exit wait abandoned".to_owned()),
                (_, A::FinallyWait) => log.push("acm finally wait abandoned".to_owned()),
                _ => {}
            }
        }
    }

    /// `detached::wait_all()` with the gate open.
    pub(crate) fn finish_detached(&mut self, log: &mut Vec<String>) {
        if std::mem::take(&mut self.detached) {
            assert!(
                self.advance(log, true, true).is_some(),
                "model: detached rest finishes"
            );
        }
        log.push("wait_all returned".to_owned());
    }

    /// Polls `with` once per entry of `polls` (the gate's state), stopping
    /// when it is ready; then drops it (`drop_open`: the gate then).
    pub(crate) fn run_with(
        &mut self,
        polls: &[bool],
        drop_open: bool,
        policy: Policy,
    ) -> Vec<String> {
        let mut log = Vec::new();
        for &open in polls {
            let r = self.advance(&mut log, open, false);
            log.push(format!("with -> {}", super::ready(r.clone())));
            if r.is_some() {
                break;
            }
        }
        self.drop_in_place(&mut log, drop_open, policy);
        log.push("dropped".to_owned());
        self.finish_detached(&mut log);
        log
    }

    /// The guard protocol: `enter()` polled per `enter_polls`, dropped if
    /// still pending; then `exit(outcome)` polled per `exit_polls` and
    /// dropped if still pending (an exit future dropped before its first
    /// poll drops the guard: the exit runs with `Cancelled`), or, with no
    /// outcome, the guard dropped.
    pub(crate) fn run_guard(
        &mut self,
        enter_polls: &[bool],
        exit: Option<&'static str>,
        exit_polls: &[bool],
        drop_open: bool,
        policy: Policy,
    ) -> Vec<String> {
        let mut log = Vec::new();
        let mut entered = false;
        for &open in enter_polls {
            let r = self.advance_enter(&mut log, open);
            log.push(format!("enter -> {}", super::ready(r)));
            if let Some(r) = r {
                entered = r.is_ok();
                break;
            }
        }
        if entered {
            match exit {
                Some(outcome) if !exit_polls.is_empty() => {
                    self.at = A::ExitStart(outcome);
                    self.scope = Some(Ok(0));
                    for &open in exit_polls {
                        let r = self.advance(&mut log, open, false);
                        let r = r.map(|r| r.map(drop).map_err(|e| e.acmgr().copied().unwrap()));
                        log.push(format!("exit -> {}", super::ready(r)));
                        if r.is_some() {
                            break;
                        }
                    }
                }
                _ => self.at = A::ExitStart("Cancelled"),
            }
        }
        self.drop_in_place(&mut log, drop_open, policy);
        log.push("dropped".to_owned());
        self.finish_detached(&mut log);
        log
    }

    /// `enter()`: the body up to its yield.
    fn advance_enter(&mut self, log: &mut Vec<String>, open: bool) -> Option<Result<u32, Fail>> {
        loop {
            self.at = match self.at {
                A::Unstarted => {
                    log.push("enter".to_owned());
                    if self.a.enter_waits {
                        A::EnterWait
                    } else {
                        A::EnterEnd
                    }
                }
                A::EnterWait if open => A::EnterEnd,
                A::EnterWait => return None,
                A::EnterEnd if self.a.enter_fails => {
                    self.at = A::Done;
                    return Some(Err(Fail::Enter));
                }
                A::EnterEnd => {
                    self.at = A::Entered;
                    return Some(Ok(7));
                }
                other => panic!("model: enter at {other:?}"),
            };
        }
    }
}
