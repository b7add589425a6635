//! The fan-out's subscribers: graphql-transport-ws connections to the hub, opened with tokio,
//! then read by one thread of their own.
//!
//! The generator shares the machine's two cores with the hub, so the CPU it spends on a frame
//! is taken from the hub's deliveries and shows in the latency it measures. So once a
//! connection has subscribed, it is a non-blocking socket on one `mio` poll, read by one
//! thread: no task wake-up per frame and no WebSocket library on the read path, only the
//! frame header (a server's frames are unmasked), the three fields the latency needs and the
//! clock. The handshake is written out here too, since the socket must come out of it as
//! plain bytes.

use std::borrow::Cow;
use std::io::{ErrorKind, Read, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::thread::JoinHandle;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail, ensure};
use mio::net::TcpStream;
use mio::{Events, Interest, Poll, Token};
use serde::Deserialize;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::handshake::client::generate_key;
use tokio_tungstenite::tungstenite::handshake::derive_accept_key;

/// Most subscriber connections the bench opens from one loopback source address. A source
/// address has one port per connection to the hub, and the kernel hands out ports of
/// `ip_local_port_range` (≈28,000 by default) only, so more than that many subscribers need
/// several source addresses.
pub const CONNECTIONS_PER_SOURCE_ADDRESS: usize = 20_000;

/// Source ports tried so far in this process: the next one to try is this counter's position
/// in the sequence of (address, port) pairs `subscriber_source` walks.
static SUBSCRIBER_SOURCES: AtomicUsize = AtomicUsize::new(0);

/// The next (address, port) to bind a subscriber connection to: the first 20,000 ports of
/// `ip_local_port_range` on 127.0.0.2, then on 127.0.0.3, and so on. Not 127.0.0.1, which
/// everything else on the machine (the hub's own PostgreSQL and Redis connections, the bench's
/// HTTP clients, other sessions) draws its ports from.
///
/// The port is chosen here rather than by the kernel: binding to port 0 makes the kernel search
/// for a free port among the ports bound on any address; with ≈20,000 sockets bound or in
/// TIME_WAIT, 10,000 connections took 20 s to open instead of ≈2.5 s, most of the bench's CPU
/// in that search (`perf`). A port this sequence gives twice in one process, or one still in TIME_WAIT from
/// an earlier run, fails to bind at once and the caller takes the next.
fn subscriber_source() -> SocketAddr {
    static PORTS: OnceLock<(u16, usize)> = OnceLock::new();
    let (low, per_address) = *PORTS.get_or_init(|| {
        let range = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").unwrap_or_default();
        let range: Vec<u16> = range.split_whitespace().filter_map(|v| v.parse().ok()).collect();
        let (low, high) = match range[..] {
            [low, high] if low < high => (low, high),
            _ => (32768, 60999),
        };
        (low, CONNECTIONS_PER_SOURCE_ADDRESS.min(usize::from(high - low) + 1))
    });
    let k = SUBSCRIBER_SOURCES.fetch_add(1, Ordering::Relaxed);
    // 127.0.0.2 ..= 127.0.0.254, then around again (millions of connections later).
    let address = Ipv4Addr::new(127, 0, 0, 2 + ((k / per_address) % 253) as u8);
    SocketAddr::new(address.into(), low + (k % per_address) as u16)
}

/// A TCP connection to the hub on loopback from the next free source of `subscriber_source`.
async fn connect_from_own_source(hub: SocketAddr) -> Result<tokio::net::TcpStream> {
    let socket = tokio::net::TcpSocket::new_v4()?;
    // Bounded, so that a machine where nothing binds fails with the error rather than spins.
    for _ in 0..4 * CONNECTIONS_PER_SOURCE_ADDRESS {
        let source = subscriber_source();
        match socket.bind(source) {
            Ok(()) => {
                return socket
                    .connect(hub)
                    .await
                    .with_context(|| format!("connecting from {source} to {hub}"));
            }
            Err(err) if err.kind() == ErrorKind::AddrInUse => continue,
            Err(err) => return Err(err).with_context(|| format!("binding a socket to {source}")),
        }
    }
    bail!("found no free source port on 127.0.0.2 and up in {} tries", 4 * CONNECTIONS_PER_SOURCE_ADDRESS)
}

/// What the reader and the run share. Nothing in it takes a lock per message.
pub struct FanoutShared {
    /// Frames about this run's offers, over all subscriptions (duplicates included, so a
    /// duplicate delivery shows as more delivered than expected).
    pub delivered: AtomicU64,
    /// The ids of the offers this run publishes, in order. Slot i is filled after offer i is
    /// created and before it is published, so a subscriber never receives a run's offer before
    /// its id is there; earlier runs' offers (and anyone else's) find no slot and do not count.
    pub expected_ids: Vec<OnceLock<String>>,
}

impl FanoutShared {
    pub fn new(offers: usize) -> Self {
        Self { delivered: AtomicU64::new(0), expected_ids: (0..offers).map(|_| OnceLock::new()).collect() }
    }

    fn expects(&self, id: &str) -> bool {
        self.expected_ids.iter().map_while(OnceLock::get).any(|expected| expected == id)
    }
}

/// The fields of a graphql-transport-ws message the subscriber reads; serde skips the rest
/// without building it, and the strings are borrowed from the frame when they have no escapes.
#[derive(Deserialize)]
struct WsMessage<'a> {
    #[serde(rename = "type", borrow)]
    kind: Cow<'a, str>,
    #[serde(borrow, default)]
    payload: Option<NextPayload<'a>>,
}

#[derive(Deserialize)]
struct NextPayload<'a> {
    #[serde(borrow, default)]
    data: Option<PublishedData<'a>>,
}

#[derive(Deserialize)]
struct PublishedData<'a> {
    #[serde(rename = "internshipOfferPublished", borrow, default)]
    published: Option<PublishedEdge<'a>>,
}

#[derive(Deserialize)]
struct PublishedEdge<'a> {
    #[serde(borrow, default)]
    offer: Option<PublishedOffer<'a>>,
}

#[derive(Deserialize)]
struct PublishedOffer<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(rename = "publishedAt", borrow, default)]
    published_at: Option<Cow<'a, str>>,
}

const TEXT: u8 = 0x1;
const CLOSE: u8 = 0x8;
const PING: u8 = 0x9;
const PONG: u8 = 0xA;

/// One server frame: whether it ends its message, its opcode and its payload.
struct Frame<'a> {
    fin: bool,
    opcode: u8,
    payload: &'a [u8],
}

/// The frame at the start of `bytes` and its length, or `None` while it has not all arrived.
fn parse_frame(bytes: &[u8]) -> Result<Option<(Frame<'_>, usize)>> {
    let [first, second, ..] = *bytes else { return Ok(None) };
    ensure!(second & 0x80 == 0, "the hub sent a masked frame");
    let (length, header) = match second & 0x7f {
        126 if bytes.len() >= 4 => (usize::from(u16::from_be_bytes([bytes[2], bytes[3]])), 4),
        127 if bytes.len() >= 10 => {
            let length = u64::from_be_bytes(bytes[2..10].try_into()?);
            (usize::try_from(length).context("a frame longer than memory")?, 10)
        }
        126 | 127 => return Ok(None),
        length => (usize::from(length), 2),
    };
    let end = header + length;
    if bytes.len() < end {
        return Ok(None);
    }
    Ok(Some((Frame { fin: first & 0x80 != 0, opcode: first & 0x0f, payload: &bytes[header..end] }, end)))
}

/// A client frame with `payload`: clients must mask theirs (RFC 6455, 5.3). Any key does, since
/// the masking protects proxies from cache poisoning and there is no proxy here.
fn client_frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    const MASK: [u8; 4] = [0x5a, 0x17, 0xc3, 0x9e];
    let mut frame = Vec::with_capacity(payload.len() + 14);
    frame.push(0x80 | opcode);
    match u16::try_from(payload.len()) {
        Ok(length @ 0..126) => frame.push(0x80 | length as u8),
        Ok(length) => {
            frame.push(0x80 | 126);
            frame.extend(length.to_be_bytes());
        }
        Err(_) => {
            frame.push(0x80 | 127);
            frame.extend((payload.len() as u64).to_be_bytes());
        }
    }
    frame.extend(MASK);
    frame.extend(payload.iter().zip(MASK.iter().cycle()).map(|(byte, mask)| byte ^ mask));
    frame
}

/// One connection subscribed to `internshipOfferPublished`, not read yet.
pub struct Subscriber {
    stream: std::net::TcpStream,
    /// Bytes read during the handshake after `connection_ack`.
    unread: Vec<u8>,
}

/// Opens one graphql-transport-ws connection to the hub at `hub` (its `/graphql/ws`) and sends
/// `subscriptions` subscriptions to `internshipOfferPublished` on it once acknowledged.
pub async fn open(hub: SocketAddr, subscriptions: usize) -> Result<Subscriber> {
    let mut stream = if hub.ip().is_loopback() && hub.is_ipv4() {
        connect_from_own_source(hub).await?
    } else {
        tokio::net::TcpStream::connect(hub).await.with_context(|| format!("connecting to {hub}"))?
    };
    stream.set_nodelay(true)?;
    let key = generate_key();
    let upgrade = format!(
        "GET /graphql/ws HTTP/1.1\r\nHost: {hub}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: graphql-transport-ws\r\n\r\n"
    );
    stream.write_all(upgrade.as_bytes()).await?;
    let mut received = Vec::with_capacity(1024);
    let head_length = loop {
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            break end + 4;
        }
        ensure!(received.len() < 16 * 1024, "the hub's upgrade answer has no end");
        ensure!(
            stream.read_buf(&mut received).await? > 0,
            "the hub closed the connection during the upgrade"
        );
    };
    let head = String::from_utf8_lossy(&received[..head_length]).into_owned();
    ensure!(
        head.starts_with("HTTP/1.1 101"),
        "the hub refused the upgrade: {}",
        head.lines().next().unwrap_or("")
    );
    let accept = derive_accept_key(key.as_bytes());
    ensure!(
        header(&head, "sec-websocket-accept") == Some(accept.as_str()),
        "the hub's upgrade answer has no Sec-WebSocket-Accept for this key: {head}"
    );
    received.drain(..head_length);
    stream.write_all(&client_frame(TEXT, br#"{"type":"connection_init","payload":{}}"#)).await?;
    tokio::time::timeout(Duration::from_secs(30), acknowledged(&mut stream, &mut received))
        .await
        .map_err(|_| anyhow!("no connection_ack in 30 s"))??;
    for id in 1..=subscriptions {
        let subscribe = serde_json::json!({"id": id.to_string(), "type": "subscribe", "payload": {
            "query": "subscription { internshipOfferPublished { cursor offer { id publishedAt } } }"}});
        stream.write_all(&client_frame(TEXT, subscribe.to_string().as_bytes())).await?;
    }
    Ok(Subscriber { stream: stream.into_std()?, unread: received })
}

/// The value of the header `name` (lower case) in an HTTP response head.
fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|line| line.split_once(':'))
        .find_map(|(key, value)| key.eq_ignore_ascii_case(name).then_some(value.trim()))
}

/// Reads until `connection_ack`, answering pings, and leaves in `received` what follows it.
async fn acknowledged(stream: &mut tokio::net::TcpStream, received: &mut Vec<u8>) -> Result<()> {
    loop {
        while let Some((frame, length)) = parse_frame(received)? {
            let mut reply = None;
            let mut acknowledged = false;
            match frame.opcode {
                TEXT => {
                    let message: WsMessage = serde_json::from_slice(frame.payload)?;
                    match message.kind.as_ref() {
                        "connection_ack" => acknowledged = true,
                        "ping" => reply = Some(client_frame(TEXT, br#"{"type":"pong"}"#)),
                        _ => {
                            bail!("unexpected message before ack: {}", String::from_utf8_lossy(frame.payload))
                        }
                    }
                }
                PING => reply = Some(client_frame(PONG, frame.payload)),
                CLOSE => bail!("closed before connection_ack"),
                _ => {}
            }
            received.drain(..length);
            if let Some(reply) = reply {
                stream.write_all(&reply).await?;
            }
            if acknowledged {
                return Ok(());
            }
        }
        ensure!(stream.read_buf(received).await? > 0, "closed before connection_ack");
    }
}

/// The thread reading every subscriber of one fan-out.
pub struct Reader {
    stop: Arc<AtomicBool>,
    thread: JoinHandle<Result<Vec<f64>>>,
}

impl Reader {
    /// Starts reading `subscribers`: each frame about one of `shared`'s offers counts as
    /// delivered and its latency (receipt time minus the offer's `publishedAt`) is kept.
    pub fn start(subscribers: Vec<Subscriber>, shared: Arc<FanoutShared>, latencies: usize) -> Result<Self> {
        let mut poll = Poll::new()?;
        let mut connections = Vec::with_capacity(subscribers.len());
        for (i, subscriber) in subscribers.into_iter().enumerate() {
            let mut stream = TcpStream::from_std(subscriber.stream);
            poll.registry().register(&mut stream, Token(i), Interest::READABLE)?;
            connections.push(Connection { stream, unread: subscriber.unread, open: true });
        }
        let stop = Arc::new(AtomicBool::new(false));
        let stopped = stop.clone();
        let thread = std::thread::Builder::new().name("fanout-reader".to_owned()).spawn(move || {
            let mut recorder = Recorder { shared, latencies: Vec::with_capacity(latencies) };
            for connection in &mut connections {
                connection.take_frames(&mut recorder, &[]);
            }
            let mut events = Events::with_capacity(1024);
            let mut scratch = vec![0_u8; 64 * 1024];
            while !stopped.load(Ordering::Relaxed) {
                match poll.poll(&mut events, Some(Duration::from_millis(50))) {
                    Ok(()) => {}
                    Err(err) if err.kind() == ErrorKind::Interrupted => continue,
                    Err(err) => return Err(err).context("polling the subscriber sockets"),
                }
                for event in &events {
                    if let Some(connection) = connections.get_mut(event.token().0) {
                        connection.read(&mut scratch, &mut recorder);
                    }
                }
            }
            Ok(recorder.latencies)
        })?;
        Ok(Self { stop, thread })
    }

    /// Stops reading, closes every connection and returns the latencies, in ms.
    pub fn finish(self) -> Result<Vec<f64>> {
        self.stop.store(true, Ordering::Relaxed);
        self.thread.join().map_err(|_| anyhow!("the fan-out reader panicked"))?
    }
}

struct Connection {
    stream: TcpStream,
    /// The start of a frame not all arrived yet.
    unread: Vec<u8>,
    open: bool,
}

impl Connection {
    /// Reads what arrived (the poll is edge-triggered: a read shorter than `scratch` found the
    /// socket empty, and the next arrival is a new event) and records its frames.
    fn read(&mut self, scratch: &mut [u8], recorder: &mut Recorder) {
        while self.open {
            match self.stream.read(scratch) {
                Ok(0) => self.open = false,
                Ok(n) => {
                    self.take_frames(recorder, &scratch[..n]);
                    if n < scratch.len() {
                        return;
                    }
                }
                Err(err) if err.kind() == ErrorKind::Interrupted => {}
                Err(err) if err.kind() == ErrorKind::WouldBlock => return,
                Err(_) => self.open = false,
            }
        }
    }

    /// Records the whole frames of `unread` followed by `arrived`, keeps the rest for later and
    /// answers pings.
    fn take_frames(&mut self, recorder: &mut Recorder, arrived: &[u8]) {
        let mut pending = std::mem::take(&mut self.unread);
        let bytes = if pending.is_empty() {
            arrived
        } else {
            pending.extend_from_slice(arrived);
            &pending
        };
        let mut replies = Vec::new();
        let mut start = 0;
        loop {
            match parse_frame(&bytes[start..]) {
                Ok(Some((frame, length))) => {
                    start += length;
                    match frame.opcode {
                        TEXT if frame.fin => replies.extend(recorder.record(frame.payload)),
                        PING => replies.push(client_frame(PONG, frame.payload)),
                        CLOSE => self.open = false,
                        // The hub sends each message in one frame; a fragment is not a delivery,
                        // and the count of delivered frames shows it missing.
                        _ => {}
                    }
                }
                Ok(None) => break,
                Err(_) => {
                    self.open = false;
                    break;
                }
            }
        }
        self.unread = bytes[start..].to_vec();
        for reply in replies {
            // A small frame into a socket whose buffer is empty; should it not fit, the hub's
            // ping goes unanswered, which it does not act on.
            let _ = self.stream.write_all(&reply);
        }
    }
}

/// Counts and times the frames about this run's offers.
struct Recorder {
    shared: Arc<FanoutShared>,
    latencies: Vec<f64>,
}

impl Recorder {
    /// Records one text message; returns the reply it asks for, if any.
    fn record(&mut self, text: &[u8]) -> Option<Vec<u8>> {
        let received = chrono::Utc::now();
        // A message that is not one of the shapes above (an `error` message's payload is a
        // list) is not a delivery; the count of delivered frames shows anything missing.
        let message: WsMessage = serde_json::from_slice(text).ok()?;
        match message.kind.as_ref() {
            "ping" => Some(client_frame(TEXT, br#"{"type":"pong"}"#)),
            "next" => {
                let offer = message.payload?.data?.published?.offer?;
                if !self.shared.expects(&offer.id) {
                    return None;
                }
                if let Some(at) =
                    offer.published_at.and_then(|v| chrono::DateTime::parse_from_rfc3339(&v).ok())
                {
                    let micros = (received - at.with_timezone(&chrono::Utc)).num_microseconds().unwrap_or(0);
                    self.latencies.push(micros as f64 / 1000.0);
                }
                self.shared.delivered.fetch_add(1, Ordering::Relaxed);
                None
            }
            _ => None,
        }
    }
}
