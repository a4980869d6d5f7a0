//! A `tracing` subscriber that records the events a test emits.

use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Level, Metadata, Subscriber};

/// One recorded event: level, target and all fields as `name=value`.
#[derive(Clone, Debug)]
#[allow(dead_code)] // each test binary reads a different subset of the fields
pub(crate) struct Captured {
    pub(crate) level: Level,
    pub(crate) target: String,
    pub(crate) fields: String,
}

/// Called with each event as it is recorded.
type OnEvent = Arc<dyn Fn(&Captured) + Send + Sync>;

#[derive(Clone, Default)]
pub(crate) struct Capture {
    events: Arc<Mutex<Vec<Captured>>>,
    on_event: Option<OnEvent>,
}

impl Capture {
    /// A capture that also calls `on_event` with each event as it comes,
    /// so that a test can put it in its own log among other events.
    #[allow(dead_code)] // not every test binary uses it
    pub(crate) fn calling(on_event: impl Fn(&Captured) + Send + Sync + 'static) -> Self {
        Capture {
            events: Arc::default(),
            on_event: Some(Arc::new(on_event)),
        }
    }

    pub(crate) fn events(&self) -> Vec<Captured> {
        self.events.lock().unwrap().clone()
    }
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(1)
    }
    fn record(&self, _: &Id, _: &Record<'_>) {}
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        let captured = Captured {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields: fields.0,
        };
        if let Some(on_event) = &self.on_event {
            on_event(&captured);
        }
        self.events.lock().unwrap().push(captured);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}
