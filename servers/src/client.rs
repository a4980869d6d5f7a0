//! A real HTTP client reading server-sent events: hyper-util's client (no
//! connection pool, so a dropped reader closes its connection at once).

use http_body_util::{BodyExt, Empty};
use hyper::body::{Bytes, Incoming};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// One server-sent event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// Its `event:` field (`message` when absent).
    pub event: String,
    /// Its `data:` lines, joined with `\n`.
    pub data: String,
}

/// What can go wrong while reading events.
pub type ClientError = Box<dyn std::error::Error + Send + Sync>;

/// The events of one response. Dropping it closes the connection: that is
/// how a test disconnects.
#[derive(Debug)]
pub struct SseReader {
    body: Incoming,
    buffer: String,
}

/// Sends `GET url` and returns its event stream once the response head has
/// arrived.
pub async fn get_events(url: &str) -> Result<SseReader, ClientError> {
    // No idle connections kept: a test that counts live tasks must not see
    // a pooled connection's task.
    let client: Client<HttpConnector, Empty<Bytes>> = Client::builder(TokioExecutor::new())
        .pool_max_idle_per_host(0)
        .build_http();
    let response = client.get(url.parse()?).await?;
    if !response.status().is_success() {
        return Err(format!("GET {url}: {}", response.status()).into());
    }
    Ok(SseReader {
        body: response.into_body(),
        buffer: String::new(),
    })
}

impl SseReader {
    /// The next event, or `None` at the end of the body.
    pub async fn next(&mut self) -> Option<Result<SseEvent, ClientError>> {
        loop {
            if let Some(event) = self.take_event() {
                return Some(Ok(event));
            }
            match self.body.frame().await? {
                Ok(frame) => {
                    if let Ok(data) = frame.into_data() {
                        self.buffer.push_str(&String::from_utf8_lossy(&data));
                    }
                }
                Err(e) => return Some(Err(e.into())),
            }
        }
    }

    /// Parses one complete event (up to a blank line) out of the buffer.
    /// Comment-only blocks (keep-alives) are skipped.
    fn take_event(&mut self) -> Option<SseEvent> {
        while let Some(end) = self.buffer.find("\n\n") {
            let block: String = self.buffer.drain(..end + 2).collect();
            let mut event = None;
            let mut data: Option<String> = None;
            for line in block.lines() {
                let (field, value) = line.split_once(':').unwrap_or((line, ""));
                let value = value.strip_prefix(' ').unwrap_or(value);
                match field {
                    "event" => event = Some(value.to_owned()),
                    "data" => match &mut data {
                        Some(data) => {
                            data.push('\n');
                            data.push_str(value);
                        }
                        None => data = Some(value.to_owned()),
                    },
                    _ => {}
                }
            }
            if event.is_some() || data.is_some() {
                return Some(SseEvent {
                    event: event.unwrap_or_else(|| "message".to_owned()),
                    data: data.unwrap_or_default(),
                });
            }
        }
        None
    }
}
