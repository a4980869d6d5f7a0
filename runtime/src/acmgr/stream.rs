//! [`AcmStream`]: an acmgr whose resource is a stream, as a stream.

use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use futures_core::{FusedStream, Stream};
use pin_project_lite::pin_project;

use super::body::{AcmBody, no_yield};
use super::in_scope;
use crate::generator::AsyncGenerator;
use crate::outcome::Outcome;
use crate::output::BodyOutput;
use crate::scope::HostScope;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Entering,
    Streaming,
    /// Exiting; the outcome is handed to the body once.
    Exiting(Option<Outcome>),
    Done,
}

pin_project! {
    /// The stream made by
    /// [`AsyncContextManager::into_stream`](crate::AsyncContextManager::into_stream):
    /// enters on the first poll, yields the resource's items, exits at the
    /// end (with `Completed`), on close (with `Cancelled`, awaiting the
    /// exit), or on drop (with `Cancelled`, as a generator's cleanup runs on
    /// drop). A task group child failing cancels it like a scope: it stops
    /// reading the resource and exits; the exit's error is the last item.
    ///
    /// When dropped, the resource is dropped first, then the exit runs.
    ///
    /// For a fallible acmgr the items are `Result`s, and the exit's error is
    /// the last one:
    ///
    /// ```
    /// use asyncgen::{acmgr, AsyncContextManager};
    /// use futures::stream::{self, Iter, StreamExt};
    ///
    /// #[acmgr(yield = Iter<std::ops::Range<u32>>)]
    /// async fn rows() -> Result<(), String> {
    ///     let _outcome = yield_!(stream::iter(0..2));
    ///     Err("commit failed".into())
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let items: Vec<Result<u32, String>> = rows().into_stream().collect().await;
    /// assert_eq!(items, [Ok(0), Ok(1), Err("commit failed".to_string())]);
    /// # }
    /// ```
    #[must_use = "streams do nothing unless polled"]
    #[project = AcmStreamProj]
    pub struct AcmStream<M: AcmBody> {
        #[pin]
        resource: Option<M::Resource>,
        #[pin]
        machine: M,
        host: Arc<HostScope>,
        phase: Phase,
    }
}

impl<M: AcmBody> AcmStream<M> {
    pub(super) fn new(machine: M) -> Self {
        AcmStream {
            resource: None,
            machine,
            host: HostScope::new(),
            phase: Phase::Entering,
        }
    }
}

impl<M: AcmBody> AcmStreamProj<'_, M> {
    /// Runs the exit (handing the body its outcome once) to its end.
    fn poll_exit(&mut self, cx: &mut Context<'_>) -> Poll<M::Exit> {
        if let Phase::Exiting(Some(outcome)) = *self.phase {
            self.machine.as_mut().resume_with(outcome);
            *self.phase = Phase::Exiting(None);
        }
        let step = core::task::ready!(in_scope::poll_step(self.host, self.machine.as_mut(), cx));
        *self.phase = Phase::Done;
        Poll::Ready(in_scope::exit_value::<M>(step))
    }
}

impl<M: AcmBody> core::fmt::Debug for AcmStream<M> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("AcmStream")
            .field("phase", &self.phase)
            .finish_non_exhaustive()
    }
}

impl<M> Stream for AcmStream<M>
where
    M: AcmBody,
    M::Resource: Stream,
    M::Exit: BodyOutput<<M::Resource as Stream>::Item>,
{
    type Item = <M::Exit as BodyOutput<<M::Resource as Stream>::Item>>::Item;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let mut this = self.project();
        loop {
            match *this.phase {
                Phase::Entering => {
                    let step = in_scope::poll_step(this.host, this.machine.as_mut(), cx);
                    match core::task::ready!(step) {
                        Some(item) => {
                            match <M::Exit as BodyOutput<M::Resource>>::split_item(item) {
                                Ok(resource) => {
                                    this.resource.set(Some(resource));
                                    *this.phase = Phase::Streaming;
                                }
                                Err(enter_error) => {
                                    *this.phase = Phase::Done;
                                    return Poll::Ready(
                                        BodyOutput::<<M::Resource as Stream>::Item>::into_last_item(
                                            enter_error,
                                        ),
                                    );
                                }
                            }
                        }
                        None => no_yield(),
                    }
                }
                Phase::Streaming => {
                    if !this.host.is_cancelled() {
                        // The cancellation waker is registered only before
                        // returning `Pending`: items flow without locking.
                        let resource = this.resource.as_mut().as_pin_mut();
                        match resource.expect("streaming").poll_next(cx) {
                            Poll::Ready(Some(item)) => {
                                return Poll::Ready(Some(<M::Exit as BodyOutput<
                                    <M::Resource as Stream>::Item,
                                >>::item(
                                    item
                                )));
                            }
                            Poll::Ready(None) => {
                                this.resource.set(None);
                                *this.phase = Phase::Exiting(Some(Outcome::Completed));
                                continue;
                            }
                            Poll::Pending => {
                                this.host.register(cx.waker());
                                if !this.host.is_cancelled() {
                                    return Poll::Pending;
                                }
                            }
                        }
                    }
                    this.resource.set(None);
                    *this.phase = Phase::Exiting(Some(Outcome::Cancelled));
                }
                Phase::Exiting(_) => {
                    let exit = core::task::ready!(this.poll_exit(cx));
                    return Poll::Ready(
                        BodyOutput::<<M::Resource as Stream>::Item>::into_last_item(exit),
                    );
                }
                Phase::Done => return Poll::Ready(None),
            }
        }
    }
}

// So that `StreamExt`'s adapters over the stream form keep close (their
// `AsyncGenerator` impls ask the stream inside to be a `FusedStream`).
impl<M> FusedStream for AcmStream<M>
where
    M: AcmBody,
    M::Resource: Stream,
    M::Exit: BodyOutput<<M::Resource as Stream>::Item>,
{
    fn is_terminated(&self) -> bool {
        self.phase == Phase::Done
    }
}

impl<M> AsyncGenerator for AcmStream<M>
where
    M: AcmBody,
    M::Resource: Stream,
    M::Exit: BodyOutput<<M::Resource as Stream>::Item>,
{
    type Closed = <M::Exit as BodyOutput<<M::Resource as Stream>::Item>>::Closed;

    fn poll_close(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Closed> {
        let mut this = self.project();
        let closed =
            |output: M::Exit| BodyOutput::<<M::Resource as Stream>::Item>::into_closed(output);
        loop {
            match *this.phase {
                Phase::Entering => {
                    let left = core::task::ready!(this.machine.as_mut().poll_leave(cx));
                    *this.phase = Phase::Done;
                    return Poll::Ready(closed(
                        left.unwrap_or_else(<M::Exit as BodyOutput<M::Resource>>::success),
                    ));
                }
                Phase::Streaming => {
                    this.resource.set(None);
                    *this.phase = Phase::Exiting(Some(Outcome::Cancelled));
                }
                Phase::Exiting(_) => {
                    let exit = core::task::ready!(this.poll_exit(cx));
                    return Poll::Ready(closed(exit));
                }
                Phase::Done => {
                    return Poll::Ready(closed(<M::Exit as BodyOutput<M::Resource>>::success()));
                }
            }
        }
    }

    fn is_finished(&self) -> bool {
        self.phase == Phase::Done
    }
}
