//! News and weather, merged: an `#[acmgr]` holds a `TaskGroup` whose
//! children are websocket clients of the two feeds, pushing into one
//! bounded channel; the channel's receiver is the acmgr's resource, so
//! `into_stream()` is a stream of events that a server can send as a body.
//!
//! When the consumer leaves (the HTTP client disconnects and the body is
//! dropped), the exit shuts the group down: each producer is asked to stop
//! (`spawn_with_stop`), ends its websocket with a Close frame, and the exit
//! waits for that, within a grace period. When a producer fails, the group
//! cancels the stream's scope, the other producer is asked to stop the same
//! way, and the error is the stream's last item.

use std::fmt;
use std::time::Duration;

use asyncgen::{AsyncContextManager, AsyncGenerator, ErrorGroup, Stop, TaskGroup, acmgr};
use futures::StreamExt;
use futures::stream::{self, BoxStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::{self, Message};

use crate::log::TimedLog;

/// How long a producer waits for the server's half of the closing
/// handshake: a feed that never answers must not hold the exit forever.
const HANDSHAKE_LIMIT: Duration = Duration::from_secs(1);

/// How long the group gives a producer asked to stop before dropping it:
/// longer than the handshake limit, so a producer normally ends on its own
/// and says why.
const GRACE: Duration = Duration::from_secs(2);

/// One message of one feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The feed it came from (`news`, `weather`).
    pub feed: String,
    /// The message.
    pub text: String,
}

/// A feed to connect to.
#[derive(Debug, Clone)]
pub struct FeedSource {
    /// Its name, used for events and logs.
    pub name: String,
    /// Its websocket URL.
    pub url: String,
}

/// Why a producer failed.
#[derive(Debug)]
pub enum FeedError {
    /// The websocket connection could not be opened.
    Connect {
        /// The feed's name.
        feed: String,
        /// What went wrong.
        source: tungstenite::Error,
    },
    /// The connection broke while reading (garbage, reset, EOF).
    Broken {
        /// The feed's name.
        feed: String,
        /// What went wrong.
        source: tungstenite::Error,
    },
    /// The server ended the feed (a Close frame or the end of the stream).
    Ended {
        /// The feed's name.
        feed: String,
    },
}

impl fmt::Display for FeedError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The cause is returned by `source()`, not printed here (STYLE.md).
        match self {
            FeedError::Connect { feed, .. } => write!(f, "cannot connect to the {feed} feed"),
            FeedError::Broken { feed, .. } => write!(f, "the {feed} feed broke"),
            FeedError::Ended { feed } => write!(f, "the {feed} feed ended"),
        }
    }
}

impl std::error::Error for FeedError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FeedError::Connect { source, .. } | FeedError::Broken { source, .. } => Some(source),
            FeedError::Ended { .. } => None,
        }
    }
}

/// The merged feed: the acmgr's resource.
pub type Events = BoxStream<'static, Event>;

/// Connects to `feeds` and merges their messages; the code after `yield_!`
/// is the exit, which waits until every producer has stopped.
///
/// A server only ever drops its response bodies, and `drop` cannot await:
/// `on_drop = spawn` runs what the exit still awaits (the producers'
/// closing handshakes) in a task of its own, on either runtime flavour;
/// `asyncgen::detached::wait_all()` waits for those at shutdown.
#[acmgr(yield = Events, on_drop = spawn)]
pub async fn news_and_weather(
    feeds: Vec<FeedSource>,
    log: TimedLog,
) -> Result<(), ErrorGroup<FeedError>> {
    log.push("[acmgr] enter: connecting to the feeds");
    let (tx, rx) = mpsc::channel(16);
    // A cancelled producer is asked to stop and has GRACE to send its
    // Close frame and hear the reply before it is dropped.
    let tg = TaskGroup::new().with_grace(GRACE);
    for feed in feeds {
        let (tx, log) = (tx.clone(), log.clone());
        tg.spawn_with_stop(|stop| produce(feed, tx, log, stop));
    }
    drop(tx);
    let events = stream::unfold(rx, |mut rx| async move {
        let event = rx.recv().await?;
        Some((event, rx))
    });
    let outcome = yield_!(events.boxed());
    log.push(format!(
        "[acmgr] exit: scope {outcome:?}, stopping the producers"
    ));
    // Ask every producer to stop, give each its grace period to close its
    // websocket, and collect every error, those raised while stopping too.
    let stopped = tg.shutdown().await;
    log.push("[acmgr] exit: every producer has stopped");
    stopped
}

/// One producer: reads the feed and pushes its messages into `tx`, until
/// the group asks it to stop or the consumer is gone (then it closes the
/// websocket properly: `Ok`), or the feed fails (`Err`).
async fn produce(
    feed: FeedSource,
    tx: mpsc::Sender<Event>,
    log: TimedLog,
    stop: Stop,
) -> Result<(), FeedError> {
    let name = feed.name;
    let (mut ws, _) = tokio_tungstenite::connect_async(feed.url.as_str())
        .await
        .map_err(|source| FeedError::Connect {
            feed: name.clone(),
            source,
        })?;
    log.push(format!("[{name}] connected"));
    let _stopped = Stopped {
        name: name.clone(),
        log: log.clone(),
    };
    loop {
        let received = tokio::select! {
            // The group cancels (the consumer left, or a sibling failed),
            // or the consumer dropped the receiver: time to leave.
            () = stop.requested() => break,
            () = tx.closed() => break,
            received = ws.next() => received,
        };
        match received {
            Some(Ok(Message::Text(text))) => {
                let event = Event {
                    feed: name.clone(),
                    text: text.to_string(),
                };
                // A full channel must not keep a stop request waiting.
                tokio::select! {
                    () = stop.requested() => break,
                    sent = tx.send(event) => if sent.is_err() { break },
                }
            }
            Some(Ok(Message::Close(_))) | None => return Err(FeedError::Ended { feed: name }),
            Some(Ok(_)) => {}
            Some(Err(source)) => {
                log.push(format!("[{name}] failed: {source}"));
                return Err(FeedError::Broken { feed: name, source });
            }
        }
    }
    log.push(format!("[{name}] stopping: sending a Close frame"));
    let handshake = async {
        ws.close(None).await?;
        // The server's Close reply ends the stream.
        while ws.next().await.transpose()?.is_some() {}
        Ok::<_, tungstenite::Error>(())
    };
    match tokio::time::timeout(HANDSHAKE_LIMIT, handshake).await {
        Ok(Ok(())) => log.push(format!("[{name}] closed with a Close frame")),
        Ok(Err(e)) => log.push(format!("[{name}] closing handshake failed: {e}")),
        Err(_) => log.push(format!(
            "[{name}] no Close reply within {HANDSHAKE_LIMIT:?}"
        )),
    }
    Ok(())
}

/// Logs `[<feed>] producer stopped` when the producer's future is dropped,
/// however it ended: by itself, by failing, or cancelled by the group.
struct Stopped {
    name: String,
    log: TimedLog,
}

impl Drop for Stopped {
    fn drop(&mut self) {
        self.log.push(format!("[{}] producer stopped", self.name));
    }
}

/// The merged feed as a stream of `Result<Event, _>`: enters on the first
/// poll; a failing producer's error is the last item.
pub fn event_stream(
    feeds: Vec<FeedSource>,
    log: TimedLog,
) -> impl AsyncGenerator<Item = Result<Event, ErrorGroup<FeedError>>> {
    news_and_weather(feeds, log).into_stream()
}
