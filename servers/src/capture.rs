//! A `tracing` layer that keeps every event, so a test can assert that an
//! error was logged (and an example can print what was logged).

use std::fmt::{self, Write as _};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer};

/// One logged event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Captured {
    /// Its level.
    pub level: Level,
    /// Its target (the module path unless given).
    pub target: String,
    /// Its message, then its other fields as ` name=value`.
    pub text: String,
}

/// A layer recording every event; clones share the record.
#[derive(Debug, Clone, Default)]
pub struct Capture {
    events: Arc<Mutex<Vec<Captured>>>,
}

impl Capture {
    /// Every event recorded so far.
    pub fn events(&self) -> Vec<Captured> {
        self.events.lock().unwrap().clone()
    }

    /// The events at `level` whose text contains `needle`.
    pub fn find(&self, level: Level, needle: &str) -> Vec<Captured> {
        self.events()
            .into_iter()
            .filter(|e| e.level == level && e.text.contains(needle))
            .collect()
    }
}

impl<S: Subscriber> Layer<S> for Capture {
    fn on_event(&self, event: &Event<'_>, _: Context<'_, S>) {
        let mut fields = Fields::default();
        event.record(&mut fields);
        let captured = Captured {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            text: fields.message + &fields.rest,
        };
        self.events.lock().unwrap().push(captured);
    }
}

/// Renders an event's fields: the message apart, the others as `name=value`.
#[derive(Default)]
struct Fields {
    message: String,
    rest: String,
}

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if field.name() == "message" {
            let _ = write!(self.message, "{value:?}");
        } else {
            let _ = write!(self.rest, " {}={value:?}", field.name());
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == "message" {
            self.message.push_str(value);
        } else {
            let _ = write!(self.rest, " {}={value}", field.name());
        }
    }
}
