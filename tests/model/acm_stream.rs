//! The model of `into_stream()` on the `streaming` acmgr of
//! `tests/model.rs`: enter (optional gate wait, optional error), a
//! `finally!(|o| ..)`, `yield_!(resource)` where the resource is a stream of
//! `items` numbers, each after an optional gate wait (`res wait i`), then
//! exit (optional gate wait, optional error).
//!
//! Documented: the stream enters on its first poll, yields the resource's
//! items, and exits at the end (`Completed`), on close (`Cancelled`,
//! awaiting the exit) or on drop (`Cancelled`, as a generator's cleanup runs
//! on drop); the resource is dropped first, then the exit runs; the exit's
//! error (or enter's) is the last item, or the value of `close()`.

use super::acm::AcmParams;
use super::{Body, Fail, Reason, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum S {
    Unstarted,
    EnterWait,
    EnterEnd,
    Item(u32),
    ItemWait(u32),
    ExitStart(Reason),
    ExitWait,
    ExitEnd,
    FinallyWait(Reason),
    FinallyEnd,
    Done,
}

#[derive(Debug, Clone)]
pub(crate) struct AcmStreamModel {
    a: AcmParams,
    items: u32,
    res_waits: bool,
    at: S,
    exit: Option<Fail>,
}

impl AcmStreamModel {
    pub(crate) fn new(a: AcmParams, items: u32, res_waits: bool) -> Self {
        Self {
            a,
            items,
            res_waits,
            at: S::Unstarted,
            exit: None,
        }
    }
}

impl Body for AcmStreamModel {
    fn started(&self) -> bool {
        self.at != S::Unstarted
    }

    fn advance(&mut self, log: &mut Vec<String>, leaving: bool, open: bool) -> Step {
        let a = self.a;
        loop {
            self.at = match self.at {
                S::Unstarted => {
                    log.push("enter".to_owned());
                    if a.enter_waits {
                        S::EnterWait
                    } else {
                        S::EnterEnd
                    }
                }
                // Closed while entering: the body leaves at its await; it
                // has not reached its `finally!`. undocumented: `close()`
                // then returns `Ok`.
                S::EnterWait if leaving => {
                    log.push("enter wait abandoned".to_owned());
                    self.at = S::Done;
                    return Step::Finished(Reason::Cancelled);
                }
                S::EnterWait if open => S::EnterEnd,
                S::EnterWait => return Step::Pending,
                S::EnterEnd if a.enter_fails => {
                    self.at = S::Done;
                    return Step::Finished(Reason::Failed(Fail::Enter));
                }
                S::EnterEnd => S::Item(0),
                // The resource is dropped, then the exit runs.
                S::Item(_) if leaving => S::ExitStart(Reason::Cancelled),
                S::Item(i) if i == self.items => S::ExitStart(Reason::Completed),
                S::Item(i) if self.res_waits => S::ItemWait(i),
                S::Item(i) => {
                    self.at = S::Item(i + 1);
                    return Step::Yield(i);
                }
                S::ItemWait(i) if leaving => {
                    log.push(format!("res wait {i} abandoned"));
                    S::ExitStart(Reason::Cancelled)
                }
                S::ItemWait(i) if open => {
                    self.at = S::Item(i + 1);
                    return Step::Yield(i);
                }
                S::ItemWait(_) => return Step::Pending,
                S::ExitStart(reason) => {
                    log.push(format!("exit {}", reason.outcome()));
                    if a.exit_waits {
                        S::ExitWait
                    } else {
                        S::ExitEnd
                    }
                }
                S::ExitWait if open => S::ExitEnd,
                S::ExitWait => return Step::Pending,
                S::ExitEnd => {
                    log.push("exit end".to_owned());
                    self.exit = a.exit_fails.then_some(Fail::Exit);
                    let reason = match self.exit {
                        Some(e) => Reason::Failed(e),
                        None => Reason::Completed,
                    };
                    log.push(format!("acm finally {}", reason.outcome()));
                    if a.finally_waits {
                        S::FinallyWait(reason)
                    } else {
                        S::FinallyEnd
                    }
                }
                S::FinallyWait(_) if open => S::FinallyEnd,
                S::FinallyWait(_) => return Step::Pending,
                S::FinallyEnd => {
                    log.push("acm finally end".to_owned());
                    if a.finally_fails && self.exit.is_none() {
                        self.exit = Some(Fail::Finally);
                    }
                    self.at = S::Done;
                    return Step::Finished(match self.exit {
                        Some(e) => Reason::Failed(e),
                        None => Reason::Completed,
                    });
                }
                S::Done => return Step::Finished(Reason::Completed),
            };
        }
    }

    fn abandon(&mut self, log: &mut Vec<String>) {
        match self.at {
            S::ExitWait => log.push("exit wait abandoned".to_owned()),
            S::FinallyWait(_) => log.push("acm finally wait abandoned".to_owned()),
            S::EnterWait => log.push("enter wait abandoned".to_owned()),
            _ => {}
        }
        self.at = S::Done;
    }

    fn set_in_place(&mut self) {}
}
