//! The model of a wrapper generator around a subject (`"in "` events):
//!
//! - `Own { take }`: `let mut inner = own!(subject); finally!(|o| wrap..);`
//!   then `while let Some(item) = inner.next().await { if n == take
//!   { break } yield_!(item? + 100); }`;
//! - `YieldFrom`: `finally!(|o| wrap..); try_yield_from!(subject);`.
//!
//! Documented: on close or drop the inner generator is closed first, at the
//! suspension point, before the wrapper's `finally!`; on the wrapper's own
//! exits, `own!` closes it in last-in first-out order with the `finally!`
//! (so after it, since `own!` comes first); an `Err` item of the inner
//! generator ends the wrapper with that error (`?` / `try_yield_from!`).

use super::{Body, Fail, GenModel, Reason, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Own { take: Option<u32> },
    YieldFrom,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrapParams {
    pub(crate) kind: Kind,
    pub(crate) waits: bool,
    pub(crate) fails: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum W {
    Unstarted,
    Pull,
    Yielded,
    CloseInnerFirst(Reason),
    WrapStart(Reason),
    WrapWait(Reason),
    WrapEnd(Reason),
    CloseInnerLast(Reason),
    Done,
}

#[derive(Debug, Clone)]
pub(crate) struct Wrapper<B> {
    wp: WrapParams,
    /// Names this wrapper's events (`"wrap"`, `"w2 wrap"`, ..).
    name: &'static str,
    /// What its `finally!` fails with.
    fail: Fail,
    at: W,
    yielded: u32,
    inner: GenModel<B>,
}

impl<B: Body> Wrapper<B> {
    pub(crate) fn new(wp: WrapParams, inner: B, name: &'static str, fail: Fail) -> Self {
        Self {
            wp,
            name,
            fail,
            at: W::Unstarted,
            yielded: 0,
            inner: GenModel::new(inner),
        }
    }

    /// The inner generator's close; a failure joins `reason` (the first
    /// error wins). undocumented: the wrapper's `finally!` is then told
    /// `Failed`.
    fn close_inner(&mut self, log: &mut Vec<String>, open: bool, reason: Reason) -> Option<Reason> {
        match self.inner.poll_close(log, open)? {
            Ok(()) => Some(reason),
            Err(e) => Some(reason.then_fails(e)),
        }
    }
}

impl<B: Body> Body for Wrapper<B> {
    fn started(&self) -> bool {
        self.at != W::Unstarted
    }

    fn advance(&mut self, log: &mut Vec<String>, leaving: bool, open: bool) -> Step {
        loop {
            self.at = match self.at {
                W::Unstarted => W::Pull,
                W::Pull | W::Yielded if leaving => W::CloseInnerFirst(Reason::Cancelled),
                W::Yielded => W::Pull,
                W::Pull => match self.inner.poll_next(log, open) {
                    None => return Step::Pending,
                    // `own!`'s loop tests `take` before it looks at the item.
                    Some(Some(_)) if matches!(self.wp.kind, Kind::Own { take } if take == Some(self.yielded)) =>
                    {
                        log.push(format!("{} between", self.name));
                        W::WrapStart(Reason::Completed)
                    }
                    Some(Some(Ok(i))) => {
                        self.at = W::Yielded;
                        if let Kind::Own { .. } = self.wp.kind {
                            self.yielded += 1;
                            return Step::Yield(i + 100);
                        }
                        return Step::Yield(i);
                    }
                    Some(Some(Err(e))) => W::WrapStart(Reason::Failed(e)),
                    Some(None) => {
                        log.push(format!("{} between", self.name));
                        W::WrapStart(Reason::Completed)
                    }
                },
                W::CloseInnerFirst(reason) => match self.close_inner(log, open, reason) {
                    None => return Step::Pending,
                    Some(reason) => W::WrapStart(reason),
                },
                W::WrapStart(reason) => {
                    log.push(format!("{} {}", self.name, reason.outcome()));
                    if self.wp.waits {
                        W::WrapWait(reason)
                    } else {
                        W::WrapEnd(reason)
                    }
                }
                W::WrapWait(reason) if open => W::WrapEnd(reason),
                W::WrapWait(_) => return Step::Pending,
                W::WrapEnd(reason) => {
                    log.push(format!("{} end", self.name));
                    let reason = if self.wp.fails {
                        reason.then_fails(self.fail)
                    } else {
                        reason
                    };
                    W::CloseInnerLast(reason)
                }
                W::CloseInnerLast(reason) => match self.wp.kind {
                    Kind::YieldFrom => {
                        self.at = W::Done;
                        return Step::Finished(reason);
                    }
                    Kind::Own { .. } => match self.close_inner(log, open, reason) {
                        None => return Step::Pending,
                        Some(reason) => {
                            self.at = W::Done;
                            return Step::Finished(reason);
                        }
                    },
                },
                W::Done => return Step::Finished(Reason::Completed),
            };
        }
    }

    fn set_in_place(&mut self) {
        self.inner.body.set_in_place();
    }

    fn abandon(&mut self, log: &mut Vec<String>) {
        if let W::WrapWait(_) = self.at {
            log.push(format!("{} wait abandoned", self.name));
        }
        // The inner generator is a local of the body: dropped with it, it
        // runs its own drop (the default policy) with the gate closed.
        self.inner.drop(log, false, super::Policy::Report);
        self.at = W::Done;
    }
}
