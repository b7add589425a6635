//! The GraphQL WebSocket protocols, `graphql-transport-ws` and the legacy `graphql-ws`
//! (subscriptions-transport-ws), served by the hub rather than by async-graphql's
//! `GraphQLWebSocket`.
//!
//! async-graphql's protocol takes each answer as a `Response` by value and serialises it for
//! each subscriber, so 10,000 members of one subscription group cost 10,000 copies and
//! serialisations of the same answer (issue 18). Here a group's answer arrives serialised once
//! (`subscription_groups::Answer`), and a member's frame is that text with its own operation
//! id around it. A connection running several operations writes the answers that are ready
//! together in one write: five subscriptions to one event cost one system call, not five.
//!
//! The messages, their order and the close codes are async-graphql's, so `ws_session` reads
//! and recodes them as it did: a message that does not parse closes with 1002, a refused
//! `connection_init` closes with 1002 and its reason (legacy: `connection_error`), a second
//! `connection_init` with 4429, an operation before the acknowledgement with 1011; an operation
//! reusing a running id replaces it; `complete` (legacy `stop`) ends an operation with a
//! `complete`; `ping` is answered `pong`.

use std::collections::HashMap;
use std::future::{Future, poll_fn};
use std::sync::Arc;
use std::task::{Context, Poll};

use async_graphql::http::{ClientMessage, WebSocketProtocols};
use async_graphql::{Data, Request};
use axum::extract::FromRequestParts;
use axum::extract::ws::{CloseFrame, Message, WebSocket};
use axum::http::StatusCode;
use axum::http::header::SEC_WEBSOCKET_PROTOCOL;
use axum::http::request::Parts;
use futures_util::stream::BoxStream;
use futures_util::{SinkExt, StreamExt};

use crate::subscription_groups::Answer;
use crate::wake_gate::WakeGate;
use crate::ws_session::WsSession;

/// The protocol a client asked for in `Sec-WebSocket-Protocol`; an upgrade naming neither is
/// refused with 400.
#[derive(Debug, Clone, Copy)]
pub struct Protocol(WebSocketProtocols);

impl<S: Send + Sync> FromRequestParts<S> for Protocol {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .headers
            .get(SEC_WEBSOCKET_PROTOCOL)
            .and_then(|value| value.to_str().ok())
            .and_then(|protocols| protocols.split(',').find_map(|name| name.trim().parse().ok()))
            .map(Protocol)
            .ok_or(StatusCode::BAD_REQUEST)
    }
}

impl Protocol {
    /// The `type` of a message carrying an answer.
    fn answer_type(self) -> &'static str {
        match self.0 {
            WebSocketProtocols::GraphQLWS => "next",
            WebSocketProtocols::SubscriptionsTransportWS => "data",
        }
    }

    /// What a refused `connection_init` or a second one is answered with before closing.
    fn refusal(self, code: u16, reason: String) -> Message {
        match self.0 {
            WebSocketProtocols::GraphQLWS => close(code, reason),
            WebSocketProtocols::SubscriptionsTransportWS => {
                let payload = serde_json::json!({ "message": reason });
                text(serde_json::json!({ "type": "connection_error", "payload": payload }).to_string())
            }
        }
    }
}

/// Serves one connection: reads the client's messages, starts operations with `subscribe`
/// once `connection_init` succeeded, and writes their answers, until the client goes away or
/// ends the connection, the protocol closes it, or `close_with` gives the frame to close with.
/// `session` sees every message both ways (`ws_session`).
pub async fn serve<Init, InitFuture>(
    protocol: Protocol,
    mut socket: WebSocket,
    session: &WsSession,
    close_with: impl Future<Output = CloseFrame>,
    subscribe: impl Fn(Request, Arc<Data>) -> BoxStream<'static, Answer>,
    connection_init: Init,
) where
    Init: FnOnce(serde_json::Value) -> InitFuture,
    InitFuture: Future<Output = async_graphql::Result<Data>>,
{
    futures_util::pin_mut!(close_with);
    let mut connection_init = Some(connection_init);
    let mut data: Option<Arc<Data>> = None;
    let mut running: Running = HashMap::new();
    // Most wake-ups are an answer: the close and the client's messages are polled only when
    // they woke the task (`wake_gate`).
    let (close_gate, client_gate) = (WakeGate::default(), WakeGate::default());
    // Answer frames in the socket's buffer, not yet written: answers ready at the same time
    // leave in one write.
    let mut unflushed = 0;
    loop {
        let ready = if (1..MAX_FRAMES_PER_WRITE).contains(&unflushed) {
            ready_answer(&mut running).await
        } else {
            None
        };
        let step = match ready {
            Some((id, answer)) => Step::Answer(id, answer),
            None => {
                if unflushed > 0 {
                    unflushed = 0;
                    if socket.flush().await.is_err() {
                        break;
                    }
                }
                // The client's messages before answers, as async-graphql's protocol reads them.
                tokio::select! {
                    biased;
                    frame = poll_fn(|cx| close_gate.poll(cx, |cx| close_with.as_mut().poll(cx))) => {
                        let _ = socket.send(Message::Close(Some(frame))).await;
                        break;
                    }
                    message = poll_fn(|cx| client_gate.poll(cx, |cx| socket.poll_next_unpin(cx))) => Step::Client(message),
                    (id, answer) = next_answer(&mut running) => Step::Answer(id, answer),
                }
            }
        };
        let action = match step {
            // Control frames (ping, pong, close) are tungstenite's; the protocol is in data frames.
            Step::Client(Some(Ok(Message::Text(text)))) => {
                if let Some(refusal) = session.refuse_over_limit(text.as_str()) {
                    // Not observed: the refused operation never ran, so there is nothing to forget.
                    if socket.send(Message::Text(refusal.into())).await.is_err() {
                        break;
                    }
                    continue;
                }
                read(text.as_str().as_bytes(), data.as_ref(), &mut running, &subscribe)
            }
            Step::Client(Some(Ok(Message::Binary(bytes)))) => {
                read(&bytes, data.as_ref(), &mut running, &subscribe)
            }
            Step::Client(Some(Ok(_))) => Action::Reply(None),
            Step::Client(Some(Err(_)) | None) => break,
            Step::Answer(id, answer) => match answer_action(protocol, &mut running, &id, answer) {
                // Another operation may have an answer ready too (a client subscribed several
                // times to what one event answers): this one waits in the socket's buffer.
                Action::Reply(Some(reply)) if unflushed > 0 || running.len() > 1 => {
                    unflushed += 1;
                    if socket.feed(session.observe_outgoing(reply)).await.is_err() {
                        break;
                    }
                    continue;
                }
                action => action,
            },
        };
        let (reply, go_on) = match action {
            Action::Reply(reply) => (reply, true),
            Action::Close(reply) => (Some(reply), false),
            Action::End => (None, false),
            Action::Init(payload) => match connection_init.take() {
                // Boxed, so the connection's state keeps no room for it once it ran.
                Some(init) => match Box::pin(init(payload)).await {
                    Ok(connection_data) => {
                        data = Some(Arc::new(connection_data));
                        (Some(text(r#"{"type":"connection_ack"}"#.to_owned())), true)
                    }
                    Err(err) => (Some(protocol.refusal(1002, err.message)), false),
                },
                None => (Some(protocol.refusal(4429, "Too many initialisation requests.".to_owned())), false),
            },
        };
        if let Some(reply) = reply {
            // Sending flushes whatever answers wait in the buffer before it.
            unflushed = 0;
            if socket.send(session.observe_outgoing(reply)).await.is_err() {
                break;
            }
        }
        if !go_on {
            break;
        }
    }
    let _ = socket.close().await;
}

enum Step {
    Client(Option<Result<Message, axum::Error>>),
    Answer(String, Option<Answer>),
}

/// What a client message asks of the connection.
enum Action {
    /// Go on, after sending this if any.
    Reply(Option<Message>),
    /// Send this, then close.
    Close(Message),
    /// Close without a word (`connection_terminate`).
    End,
    /// Authenticate with this `connection_init` payload.
    Init(serde_json::Value),
}

/// Acts on one client message. Not async, so the parsed message (a whole `Request`) is never
/// part of the connection's state.
fn read(
    bytes: &[u8],
    data: Option<&Arc<Data>>,
    running: &mut Running,
    subscribe: &impl Fn(Request, Arc<Data>) -> BoxStream<'static, Answer>,
) -> Action {
    match ClientMessage::from_bytes(bytes) {
        Err(err) => Action::Close(close(1002, err.to_string())),
        Ok(ClientMessage::ConnectionInit { payload }) => Action::Init(payload.unwrap_or_default()),
        Ok(ClientMessage::Start { id, payload }) => match data {
            Some(data) => {
                running.insert(id, subscribe(payload, data.clone()));
                Action::Reply(None)
            }
            None => Action::Close(close(1011, "The handshake is not completed.".to_owned())),
        },
        Ok(ClientMessage::Stop { id }) => Action::Reply(running.remove(&id).map(|_| complete(&id))),
        Ok(ClientMessage::ConnectionTerminate) => Action::End,
        Ok(ClientMessage::Ping { .. }) => Action::Reply(Some(text(r#"{"type":"pong"}"#.to_owned()))),
        Ok(ClientMessage::Pong { .. }) => Action::Reply(None),
    }
}

/// Answer frames one write carries at most, so that the client's messages and the close do
/// not wait behind a long run of answers.
const MAX_FRAMES_PER_WRITE: usize = 16;

type Running = HashMap<String, BoxStream<'static, Answer>>;

/// The next answer of any running operation (`None` when it ended), with its id. Pending while
/// none runs.
async fn next_answer(running: &mut Running) -> (String, Option<Answer>) {
    poll_fn(|cx| poll_answers(running, cx)).await
}

/// An answer of a running operation that is ready now, if any.
async fn ready_answer(running: &mut Running) -> Option<(String, Option<Answer>)> {
    poll_fn(|cx| match poll_answers(running, cx) {
        Poll::Ready(answer) => Poll::Ready(Some(answer)),
        Poll::Pending => Poll::Ready(None),
    })
    .await
}

fn poll_answers(running: &mut Running, cx: &mut Context<'_>) -> Poll<(String, Option<Answer>)> {
    for (id, answers) in running.iter_mut() {
        if let Poll::Ready(answer) = answers.poll_next_unpin(cx) {
            return Poll::Ready((id.clone(), answer));
        }
    }
    Poll::Pending
}

/// What an operation's answer is sent as: its frame, or `complete` once it ended (it is then
/// forgotten).
fn answer_action(protocol: Protocol, running: &mut Running, id: &str, answer: Option<Answer>) -> Action {
    match answer {
        Some(answer) => answer_frame(protocol, id, &answer),
        None => {
            running.remove(id);
            Action::Reply(Some(complete(id)))
        }
    }
}

/// `{"type":"next","id":…,"payload":…}`, written around the answer's JSON, which a group
/// serialised once for all its members.
fn answer_frame(protocol: Protocol, id: &str, answer: &Answer) -> Action {
    let payload = match answer.to_json() {
        Ok(payload) => payload,
        Err(err) => {
            tracing::error!(error = %err, "an answer could not be serialised");
            return Action::Close(close(1011, "internal error".to_owned()));
        }
    };
    let id = serde_json::Value::from(id).to_string();
    let kind = protocol.answer_type();
    let mut frame = String::with_capacity(payload.len() + id.len() + 32);
    frame.push_str(r#"{"type":""#);
    frame.push_str(kind);
    frame.push_str(r#"","id":"#);
    frame.push_str(&id);
    frame.push_str(r#","payload":"#);
    frame.push_str(&payload);
    frame.push('}');
    Action::Reply(Some(text(frame)))
}

fn complete(id: &str) -> Message {
    text(serde_json::json!({ "type": "complete", "id": id }).to_string())
}

fn text(text: String) -> Message {
    Message::Text(text.into())
}

fn close(code: u16, reason: String) -> Message {
    Message::Close(Some(CloseFrame { code, reason: reason.into() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{Response, value};

    #[test]
    fn an_answer_frame_is_what_serialising_the_whole_message_gives() {
        let response = Response::new(value!({ "offer": { "title": "Kho \"Bạch Đằng\"", "seats": 2 } }));
        let expected = serde_json::json!({
            "type": "next",
            "id": "op \"1\"",
            "payload": serde_json::to_value(&response).expect("JSON"),
        });
        let protocol = Protocol(WebSocketProtocols::GraphQLWS);
        let Action::Reply(Some(Message::Text(frame))) =
            answer_frame(protocol, "op \"1\"", &Answer::Own(Box::new(response)))
        else {
            panic!("a text frame")
        };
        assert!(frame.as_str().starts_with(r#"{"type":"next","id":"op \"1\"","payload":{"#), "{frame}");
        let frame: serde_json::Value = serde_json::from_str(frame.as_str()).expect("JSON");
        assert_eq!(frame, expected);
    }
}
