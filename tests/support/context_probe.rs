//! The probe of where cleanup runs: the `WHO` task-local value and the
//! current `tracing` span, as the code running now sees them, through a
//! process-wide subscriber that keeps one span stack per thread (the
//! multi-thread runtime's workers and detached cleanup tasks run on other
//! threads). It also records each `asyncgen` event's `generator` field, so
//! a test can check that nothing was reported. Shared by
//! `tests/promises_generators.rs` and `tests/cleanup_context_policies.rs`.

#![allow(dead_code)] // each test binary uses what it needs

use std::cell::RefCell;
use std::sync::{Mutex, OnceLock};

tokio::task_local! {
    pub(crate) static WHO: &'static str;
}

/// What code running now sees: the `WHO` task-local and the current span.
pub(crate) fn here() -> String {
    let task = WHO.try_with(|who| *who).unwrap_or("none");
    let span = tracing::dispatcher::get_default(|dispatch| {
        dispatch
            .downcast_ref::<CurrentSpan>()
            .and_then(CurrentSpan::current)
            .unwrap_or("none")
    });
    format!("task-local {task}, span {span}")
}

thread_local! {
    /// The ids of the spans entered on this thread and not exited yet.
    static ENTERED: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
}

/// A `tracing` subscriber that only tracks which span is entered, as
/// `tracing-subscriber`'s registry would report it (the crate has no
/// `tracing-subscriber`). Unlike the one in `promises_generators.rs` it is
/// the global default, since the multi-thread runtime's workers and the
/// detached cleanup tasks run on other threads, so the stack of entered
/// spans is kept per thread. It also records, for each `asyncgen` event,
/// its `generator` field, so a test can check that nothing was reported
/// abandoned.
struct CurrentSpan;

/// The metadata of span `Id` `n` is at `n - 1`.
static SPANS: Mutex<Vec<&'static tracing::Metadata<'static>>> = Mutex::new(Vec::new());
/// The `generator` field of each `asyncgen` event.
static REPORTS: Mutex<Vec<String>> = Mutex::new(Vec::new());

impl CurrentSpan {
    /// The name of the innermost span entered on this thread and not
    /// exited yet.
    fn current(&self) -> Option<&'static str> {
        let id = ENTERED.with(|entered| entered.borrow().last().copied())?;
        Some(SPANS.lock().unwrap()[id as usize - 1].name())
    }
}

impl tracing::Subscriber for CurrentSpan {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut spans = SPANS.lock().unwrap();
        spans.push(span.metadata());
        tracing::span::Id::from_u64(spans.len() as u64)
    }
    fn record(&self, _: &tracing::span::Id, _: &tracing::span::Record<'_>) {}
    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}
    fn event(&self, event: &tracing::Event<'_>) {
        if event.metadata().target() == "asyncgen" {
            let mut generator = GeneratorField(String::new());
            event.record(&mut generator);
            REPORTS.lock().unwrap().push(generator.0);
        }
    }
    fn enter(&self, span: &tracing::span::Id) {
        ENTERED.with(|entered| entered.borrow_mut().push(span.into_u64()));
    }
    // What `Span::current()` asks (the runtime carries the dropper's span
    // into a detached cleanup's task with it), as the registry answers.
    fn current_span(&self) -> tracing_core::span::Current {
        match ENTERED.with(|entered| entered.borrow().last().copied()) {
            Some(id) => tracing_core::span::Current::new(
                tracing::span::Id::from_u64(id),
                SPANS.lock().unwrap()[id as usize - 1],
            ),
            None => tracing_core::span::Current::none(),
        }
    }
    fn exit(&self, span: &tracing::span::Id) {
        ENTERED.with(|entered| {
            let mut entered = entered.borrow_mut();
            if let Some(at) = entered.iter().rposition(|&id| id == span.into_u64()) {
                entered.remove(at);
            }
        });
    }
}

/// Collects an event's `generator` field.
struct GeneratorField(String);

impl tracing::field::Visit for GeneratorField {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "generator" {
            value.clone_into(&mut self.0);
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "generator" {
            self.0 = format!("{value:?}");
        }
    }
}

/// Installs the process-wide subscriber, once.
pub(crate) fn subscriber() {
    static INSTALLED: OnceLock<()> = OnceLock::new();
    INSTALLED.get_or_init(|| {
        tracing::subscriber::set_global_default(CurrentSpan)
            .expect("this binary sets the global subscriber once");
    });
}

/// The `asyncgen` events so far whose `generator` field names `generator`.
pub(crate) fn reports_about(generator: &str) -> Vec<String> {
    REPORTS
        .lock()
        .unwrap()
        .iter()
        .filter(|field| field.contains(generator))
        .cloned()
        .collect()
}
