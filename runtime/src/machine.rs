//! [`Gen`]: the state machine behind every `#[async_generator]`.
//!
//! # Design
//!
//! The body is the compiler's own async state machine (an `async move`
//! block). It is built on the first poll, once the generator is pinned, so
//! that the [`Co`] it receives can point at the generator's own slot: no
//! allocation, no thread-local, no channel.
//!
//! Close and drop set the shared "leave" flag and poll the body: the lowered
//! body sees the flag at its suspension point, returns from there through its
//! `finally!` blocks, and completes.

use core::future::Future;
use core::marker::PhantomData;
use core::pin::Pin;
use core::ptr::NonNull;
use core::task::{Context, Poll};

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

use crate::co::{Co, Shared};
use crate::drop_policy::DropPolicy;
use crate::generator::AsyncGenerator;
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::report::ReportDropped;
use crate::unwind;

pin_project! {
    #[project = StateProj]
    #[project_replace = StateTaken]
    enum State<C, F> {
        // Not polled yet: holds the closure that builds the body.
        Start { start: C },
        Running { #[pin] body: F },
        // Ran to its end, was closed, or panicked.
        Done,
    }
}

pin_project! {
    /// A generator: drives a body built by `start` on the first poll.
    ///
    /// `Y` is the yielded type, `P` the [`DropPolicy`] for cleanup that is
    /// still waiting when the generator is dropped.
    ///
    /// When a `Gen` is dropped mid-body, the body is resumed with the leave
    /// signal and polled in place: every `finally!` block that can finish
    /// without waiting has run before `drop` returns; `P` decides the rest.
    ///
    /// # Invariants
    ///
    /// `shared` outlives `state` (fields drop in declaration order) and does
    /// not move once the generator is pinned; the body's [`Co`] points at it.
    pub struct Gen<Y, C, F, P, R>
    where
        F: Future,
        F::Output: BodyOutput<Y>,
        P: DropPolicy,
        R: ReportDropped<F::Output>,
    {
        #[pin]
        state: State<C, F>,
        #[pin]
        shared: Shared<Y>,
        policy: PhantomData<fn() -> P>,
        // Zero-sized in practice: a non-capturing closure made where the
        // error type is known, so its `Debug` can be used.
        report: R,
    }

    impl<Y, C, F, P, R> PinnedDrop for Gen<Y, C, F, P, R>
    where
        F: Future,
        F::Output: BodyOutput<Y>,
        P: DropPolicy,
        R: ReportDropped<F::Output>,
    {
        fn drop(this: Pin<&mut Self>) {
            let this = this.project();
            let shared = this.shared.into_ref().get_ref();
            if let StateProj::Running { body } = this.state.project() {
                // Without cleanup, or in a droppable section, nothing is
                // pending: the body is simply dropped with the generator.
                if P::CLEANS_UP && !shared.in_droppable_section() {
                    shared.start_leaving();
                    unwind::in_drop::<Y, F, P, R>(body, this.report);
                }
            }
        }
    }
}

impl<Y, C, F, P, R> Gen<Y, C, F, P, R>
where
    C: FnOnce(Co<Y>) -> F,
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    /// A generator whose body `start` builds on the first poll; `report`
    /// reports an error its cleanup returns while it is dropped.
    #[inline(always)]
    pub const fn new(start: C, report: R) -> Self {
        Gen {
            state: State::Start { start },
            shared: Shared::new(),
            policy: PhantomData,
            report,
        }
    }
}

impl<Y, C, F, P, R> Gen<Y, C, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    /// Polls the body once; returns its output when it completes. A panic
    /// from the body finishes the generator (the body is dropped as the panic
    /// passes) and propagates to the caller.
    #[inline(always)]
    fn poll_body(state: Pin<&mut State<C, F>>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let mut guard = FinishOnUnwind(Some(state));
        let armed = guard.0.as_mut().expect("armed");
        let poll = match armed.as_mut().project() {
            StateProj::Running { body } => body.poll(cx).map(Some),
            StateProj::Start { .. } | StateProj::Done => Poll::Ready(None),
        };
        let mut state = guard.0.take().expect("armed");
        match poll {
            Poll::Ready(Some(output)) => {
                state.set(State::Done);
                Poll::Ready(Some(output))
            }
            other => other,
        }
    }
}

/// Builds the body from the `Start` closure, handing it a [`Co`] bound to
/// `shared`.
#[inline(always)]
fn start<Y, C, F>(mut state: Pin<&mut State<C, F>>, shared: Pin<&Shared<Y>>)
where
    C: FnOnce(Co<Y>) -> F,
{
    if let StateTaken::Start { start } = state.as_mut().project_replace(State::Done) {
        // SAFETY: `shared` is pinned inside the generator that will own the
        // body, and is dropped after it (see `Gen`'s invariants).
        let co = unsafe { Co::new(NonNull::from(shared.get_ref())) };
        state.set(State::Running { body: start(co) });
    }
}

/// Marks the generator finished if a poll of its body panics; taking the
/// state back out disarms it.
struct FinishOnUnwind<'a, C, F>(Option<Pin<&'a mut State<C, F>>>);

impl<C, F> Drop for FinishOnUnwind<'_, C, F> {
    fn drop(&mut self) {
        if let Some(state) = self.0.as_mut() {
            state.set(State::Done);
        }
    }
}

impl<Y, C, F, P, R> Gen<Y, C, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    /// Leaves the body and returns its raw output once it has unwound:
    /// `None` when there was nothing to run (never started, or finished).
    /// What `poll_close` does, before mapping the output.
    pub fn poll_leave(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<F::Output>> {
        let this = self.project();
        let shared = this.shared.into_ref();
        let mut state = this.state;
        let never_started = matches!(state.as_mut().project(), StateProj::Start { .. });
        if never_started || !P::CLEANS_UP || shared.in_droppable_section() {
            // Nothing to clean up: never started (the closure, with the
            // arguments it holds, is dropped here), no cleanup in the body,
            // or suspended at an await the body cannot interrupt where none
            // is pending. Leaving is dropping the body.
            state.set(State::Done);
        }
        shared.start_leaving();
        loop {
            return match Self::poll_body(state.as_mut(), cx) {
                // A yield reached while leaving (past an await the body
                // could not interrupt): nobody takes its value; resuming it
                // leaves.
                Poll::Pending if shared.take_yielded().is_some() => continue,
                poll => poll,
            };
        }
    }

    /// An acmgr's resume value: how its scope ended, read by the body's
    /// `yield_!` on the next poll.
    pub fn resume_with(self: Pin<&mut Self>, outcome: Outcome) {
        self.project()
            .shared
            .into_ref()
            .get_ref()
            .set_outcome(outcome);
    }
}

impl<Y, C, F, P, R> Stream for Gen<Y, C, F, P, R>
where
    C: FnOnce(Co<Y>) -> F,
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Item = <F::Output as BodyOutput<Y>>::Item;

    #[inline]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.project();
        let shared = this.shared.into_ref();
        let mut state = this.state;
        if let StateProj::Start { .. } = state.as_mut().project() {
            start(state.as_mut(), shared);
        }
        match Self::poll_body(state, cx) {
            // Finished: an error return is the last item. A close abandoned
            // part-way and finished here also reports its error this way.
            Poll::Ready(Some(output)) => Poll::Ready(output.into_last_item()),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => match shared.take_yielded() {
                Some(value) => Poll::Ready(Some(<F::Output as BodyOutput<Y>>::item(value))),
                None => Poll::Pending,
            },
        }
    }
}

impl<Y, C, F, P, R> FusedStream for Gen<Y, C, F, P, R>
where
    C: FnOnce(Co<Y>) -> F,
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    fn is_terminated(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl<Y, C, F, P, R> AsyncGenerator for Gen<Y, C, F, P, R>
where
    C: FnOnce(Co<Y>) -> F,
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    type Closed = <F::Output as BodyOutput<Y>>::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Closed> {
        self.poll_leave(cx).map(|output| match output {
            Some(output) => output.into_closed(),
            None => <F::Output as BodyOutput<Y>>::success().into_closed(),
        })
    }

    fn is_finished(&self) -> bool {
        matches!(self.state, State::Done)
    }
}

impl<Y, C, F, P, R> core::fmt::Debug for Gen<Y, C, F, P, R>
where
    F: Future,
    F::Output: BodyOutput<Y>,
    P: DropPolicy,
    R: ReportDropped<F::Output>,
{
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let state = match self.state {
            State::Start { .. } => "not started",
            State::Running { .. } if self.shared.is_leaving() => "closing",
            State::Running { .. } => "running",
            State::Done => "finished",
        };
        f.debug_struct("Gen").field("state", &state).finish()
    }
}
