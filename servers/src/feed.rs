//! A websocket feed server on 127.0.0.1: sends `"<name> #<n>"` text
//! messages at a fixed rate to every client, and records how each
//! connection ended, so a test can tell a client that said goodbye with a
//! Close frame from one that vanished (reset or EOF without the handshake).

use std::fmt;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};
use tokio::time::{MissedTickBehavior, interval};
use tokio_tungstenite::tungstenite::Message;

use crate::merge::FeedSource;

/// What a feed server does on each connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Behaviour {
    /// A message every `every`, until the client leaves.
    Steady,
    /// After this many messages, writes bytes that are not a websocket frame
    /// and hangs up.
    GarbageAfter(u32),
    /// After this many messages, hangs up without a Close frame.
    DropAfter(u32),
}

/// How a connection ended, as the server saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ending {
    /// Still open.
    Open,
    /// The client sent a Close frame: the closing handshake.
    CloseFrame,
    /// The client went away without a Close frame (reset, EOF, or a
    /// handshake that never finished); the text says what the server saw.
    NoCloseFrame(String),
    /// The server broke the connection on purpose (see [`Behaviour`]).
    ServerBroke,
}

impl fmt::Display for Ending {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ending::Open => f.write_str("open"),
            Ending::CloseFrame => f.write_str("closed by the client with a Close frame"),
            Ending::NoCloseFrame(what) => {
                write!(f, "client vanished without a Close frame: {what}")
            }
            Ending::ServerBroke => f.write_str("broken by the server on purpose"),
        }
    }
}

/// The endings of a server's connections, in the order they were accepted.
type Endings = Arc<Mutex<Vec<Ending>>>;

/// A running feed server. When it is dropped, the server and every
/// connection it still holds are aborted.
#[derive(Debug)]
pub struct FeedServer {
    name: &'static str,
    addr: SocketAddr,
    endings: Endings,
    task: JoinHandle<()>,
}

impl FeedServer {
    /// Starts a feed named `name` on an ephemeral port of 127.0.0.1,
    /// sending one message every `every` to each client.
    pub async fn start(name: &'static str, every: Duration, behaviour: Behaviour) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1:0");
        let addr = listener.local_addr().expect("a bound address");
        let endings = Endings::default();
        let task = tokio::spawn(accept(listener, name, every, behaviour, endings.clone()));
        FeedServer {
            name,
            addr,
            endings,
            task,
        }
    }

    /// The feed's name.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The websocket URL of the feed.
    pub fn url(&self) -> String {
        format!("ws://{}/{}", self.addr, self.name)
    }

    /// The feed as a source for [`news_and_weather`](crate::merge::news_and_weather).
    pub fn source(&self) -> FeedSource {
        FeedSource {
            name: self.name.to_owned(),
            url: self.url(),
        }
    }

    /// How each connection ended so far (`Open` for those still open).
    pub fn endings(&self) -> Vec<Ending> {
        self.endings.lock().unwrap().clone()
    }

    /// Waits until `count` connections were accepted and none is still
    /// open, for at most `limit`; returns their endings either way, so a
    /// test asserts on them rather than hanging.
    pub async fn wait_for_endings(&self, count: usize, limit: Duration) -> Vec<Ending> {
        let deadline = Instant::now() + limit;
        loop {
            let endings = self.endings();
            let done = endings.len() >= count && !endings.contains(&Ending::Open);
            if done || Instant::now() >= deadline {
                return endings;
            }
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
}

impl Drop for FeedServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// The accept loop. Connections live in a `JoinSet` owned by this task, so
/// aborting the server aborts them too.
async fn accept(
    listener: TcpListener,
    name: &'static str,
    every: Duration,
    behaviour: Behaviour,
    endings: Endings,
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((tcp, _)) = accepted else { continue };
                let index = {
                    let mut endings = endings.lock().unwrap();
                    endings.push(Ending::Open);
                    endings.len() - 1
                };
                let endings = endings.clone();
                connections.spawn(async move {
                    let ending = serve(tcp, name, every, behaviour).await;
                    endings.lock().unwrap()[index] = ending;
                });
            }
            // Reap finished connections, so the set does not grow.
            Some(_) = connections.join_next() => {}
        }
    }
}

/// One connection: messages at the feed's rate, until the client leaves or
/// the behaviour says to break it.
async fn serve(tcp: TcpStream, name: &str, every: Duration, behaviour: Behaviour) -> Ending {
    let mut ws = match tokio_tungstenite::accept_async(tcp).await {
        Ok(ws) => ws,
        Err(e) => return Ending::NoCloseFrame(format!("websocket handshake failed: {e}")),
    };
    let mut ticks = interval(every);
    ticks.set_missed_tick_behavior(MissedTickBehavior::Delay);
    let mut sent = 0;
    loop {
        tokio::select! {
            _ = ticks.tick() => {
                match behaviour {
                    Behaviour::GarbageAfter(n) if sent == n => {
                        // A frame with a reserved opcode and every RSV bit
                        // set: no websocket client accepts it.
                        let _ = ws.get_mut().write_all(b"\xff\x05garbage").await;
                        return Ending::ServerBroke;
                    }
                    Behaviour::DropAfter(n) if sent == n => return Ending::ServerBroke,
                    _ => {}
                }
                sent += 1;
                if let Err(e) = ws.send(Message::text(format!("{name} #{sent}"))).await {
                    return Ending::NoCloseFrame(e.to_string());
                }
            }
            received = ws.next() => match received {
                Some(Ok(Message::Close(_))) => {
                    // tungstenite queued the reply; reading on sends it and
                    // ends the stream once the handshake is done.
                    while let Some(Ok(_)) = ws.next().await {}
                    return Ending::CloseFrame;
                }
                Some(Ok(_)) => {}
                Some(Err(e)) => return Ending::NoCloseFrame(e.to_string()),
                None => return Ending::NoCloseFrame("end of stream".to_owned()),
            },
        }
    }
}
