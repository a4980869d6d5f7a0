//! Emits the generated items.

mod boxing;
mod generator;
mod inline;
#[cfg(test)]
mod snapshots;
mod spawn;

pub(crate) use generator::{acmgr, generator};
pub(crate) use inline::inline;
