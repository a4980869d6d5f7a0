//! `spawn_generator`: an [`AsyncGenerator`] as a child, driven to its end and
//! closed when the group asks its children to stop, so that its `finally!`
//! blocks run, and may await, within the grace period.

use std::future::{Future, poll_fn};
use std::pin::{Pin, pin};
use std::task::{Context, Poll};

use futures_core::Stream;

use super::TaskGroup;
use super::stop::Stop;
use crate::generator::AsyncGenerator;

impl<E: Send + 'static> TaskGroup<E> {
    /// Spawns `generator` as a child: its items are pulled and dropped until
    /// it ends, and when the group asks its children to stop, it is
    /// [`close`](AsyncGenerator::close)d, so its pending `finally!` blocks
    /// run and may await.
    ///
    /// The child is stop-aware, as with [`spawn_with_stop`](Self::spawn_with_stop):
    /// its close runs within the group's [grace period](Self::with_grace);
    /// a generator still closing when that ends is dropped, and the rest of
    /// its cleanup runs as its drop policy says. An `Err` item (for an
    /// `#[async_generator]`, the body's error, yielded last) fails the
    /// child; an error its close returns while stopping joins the
    /// [`ErrorGroup`](super::ErrorGroup) like any child error.
    ///
    /// ```
    /// use asyncgen::{TaskGroup, async_generator};
    /// use tokio::sync::mpsc::{UnboundedSender, unbounded_channel};
    ///
    /// #[async_generator(yield = ())]
    /// async fn heartbeat(log: UnboundedSender<&'static str>) -> Result<(), String> {
    ///     finally! {
    ///         // An awaiting cleanup: runs on stop, within the grace period.
    ///         tokio::task::yield_now().await;
    ///         let _ = log.send("said goodbye");
    ///     }
    ///     loop {
    ///         let _ = log.send("beat");
    ///         tokio::task::yield_now().await;
    ///         yield_!(());
    ///     }
    /// }
    ///
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let (log, mut events) = unbounded_channel();
    /// let group = TaskGroup::new();
    /// group.spawn_generator(heartbeat(log));
    /// assert_eq!(events.recv().await, Some("beat"));
    /// group.shutdown().await.unwrap(); // closes the generator, and waits
    /// let mut last = None;
    /// while let Some(event) = events.recv().await {
    ///     last = Some(event);
    /// }
    /// assert_eq!(last, Some("said goodbye"));
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// Panics if called outside a tokio runtime, or on one without timers
    /// (see [`spawn_with_stop`](Self::spawn_with_stop)).
    #[track_caller]
    pub fn spawn_generator<G, T>(&self, generator: G)
    where
        G: AsyncGenerator<Item = Result<T, E>, Closed = Result<(), E>> + Send + 'static,
    {
        self.spawn_with_stop(move |stop| drive(generator, stop));
    }
}

/// What one step of the drive found. An `Ok` item is dropped as soon as it
/// is pulled, so the drive never holds one across an await (and the item
/// type need not be `Send`).
enum Pull<E> {
    Pulled,
    Failed(E),
    End,
    Stop,
}

/// An item that may be an error: `Result<T, E>`. Lets [`drive`] be generic
/// over the generator and the error only, so its future captures no item
/// type (which would then have to be `'static` on its own).
trait Fallible<E> {
    fn into_error(self) -> Option<E>;
}

impl<T, E> Fallible<E> for Result<T, E> {
    fn into_error(self) -> Option<E> {
        self.err()
    }
}

/// Pulls items until the generator ends or the stop is requested, then
/// closes it on stop.
async fn drive<G, E>(generator: G, stop: Stop) -> Result<(), E>
where
    G: AsyncGenerator<Closed = Result<(), E>>,
    G::Item: Fallible<E>,
{
    let mut generator = pin!(generator);
    let mut requested = pin!(stop.requested());
    loop {
        let step = poll_fn(|cx| poll_step(generator.as_mut(), requested.as_mut(), cx)).await;
        match step {
            Pull::Pulled => {}
            Pull::Failed(error) => return finish_after_error(generator, error).await,
            Pull::End => return Ok(()),
            Pull::Stop => return generator.close().await,
        }
    }
}

/// The stop first: once it is requested, no more items are pulled.
fn poll_step<G, E, R>(
    generator: Pin<&mut G>,
    requested: Pin<&mut R>,
    cx: &mut Context<'_>,
) -> Poll<Pull<E>>
where
    G: Stream,
    G::Item: Fallible<E>,
    R: Future<Output = ()>,
{
    if requested.poll(cx).is_ready() {
        return Poll::Ready(Pull::Stop);
    }
    generator
        .poll_next(cx)
        .map(|item| match item.map(Fallible::into_error) {
            Some(None) => Pull::Pulled,
            Some(Some(error)) => Pull::Failed(error),
            None => Pull::End,
        })
}

/// The generator yielded an error: the child fails with it. A generator made
/// by `#[async_generator]` has finished by then; one written by hand may not
/// have, so it is closed, and an error from that close, which lost to the
/// first, is reported (as the crate reports displaced cleanup errors).
async fn finish_after_error<G, E>(mut generator: Pin<&mut G>, error: E) -> Result<(), E>
where
    G: AsyncGenerator<Closed = Result<(), E>>,
{
    if !generator.is_finished() && generator.as_mut().close().await.is_err() {
        tracing::error!(
            target: "asyncgen",
            error_type = std::any::type_name::<E>(),
            "a generator child of a task group failed, then failed again while closing; \
             the first error is returned, this one is reported here and dropped"
        );
    }
    Err(error)
}
