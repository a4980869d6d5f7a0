//! Polling an acmgr's body with its host scope current, so that a task
//! group created by the body binds to the consumer's scope.

use core::pin::Pin;
use core::task::{Context, Poll};
use std::sync::Arc;

use super::body::{AcmBody, AcmItem, yielded_twice};
use crate::output::BodyOutput;
use crate::scope::HostScope;

/// The body's next step (its resource, or its end), polled inside `host`:
/// [`poll_step`] as a future.
pub(super) async fn next<M: AcmBody>(
    host: &Arc<HostScope>,
    mut machine: Pin<&mut M>,
) -> Option<AcmItem<M>> {
    core::future::poll_fn(|cx| poll_step(host, machine.as_mut(), cx)).await
}

/// Polls one step of the machine inside `host`.
pub(super) fn poll_step<M: AcmBody>(
    host: &Arc<HostScope>,
    machine: Pin<&mut M>,
    cx: &mut Context<'_>,
) -> Poll<Option<AcmItem<M>>> {
    host.enter(|| machine.poll_step(cx))
}

/// What the exit returned, from the machine's last step: its end (success)
/// or an error; another resource means the body yielded twice.
pub(super) fn exit_value<M: AcmBody>(step: Option<AcmItem<M>>) -> M::Exit {
    match step {
        None => <M::Exit as BodyOutput<M::Resource>>::success(),
        Some(item) => match <M::Exit as BodyOutput<M::Resource>>::split_item(item) {
            Err(exit_error) => exit_error,
            Ok(_) => yielded_twice(),
        },
    }
}
