//! The GraphQL WebSocket protocols, `graphql-transport-ws` and the legacy `graphql-ws`
//! (subscriptions-transport-ws), served by the hub rather than by async-graphql's
//! `GraphQLWebSocket`.
//!
//! async-graphql's protocol takes each answer as a `Response` by value and serialises it for
//! each subscriber, so 10,000 members of one subscription group cost 10,000 copies and
//! serialisations of the same answer (issue 18). Here a group's answer arrives serialised once
//! (`subscription_groups::Answer`), and a member's frame is that text with its own operation
//! id around it.
//!
//! The messages, their order and the close codes are async-graphql's, so `ws_session` reads
//! and recodes them as it did: a message that does not parse closes with 1002, a refused
//! `connection_init` closes with 1002 and its reason (legacy: `connection_error`), a second
//! `connection_init` with 4429, an operation before the acknowledgement with 1011; an operation
//! reusing a running id replaces it; `complete` (legacy `stop`) ends an operation with a
//! `complete`; `ping` is answered `pong`.

use std::collections::HashMap;
use std::future::Future;
use std::sync::Arc;
use std::task::Poll;

use async_graphql::http::{ClientMessage, WebSocketProtocols};
use async_graphql::{Data, Request};
use axum::extract::FromRequestParts;
use axum::extract::ws::{CloseFrame, Message};
use axum::http::StatusCode;
use axum::http::header::SEC_WEBSOCKET_PROTOCOL;
use axum::http::request::Parts;
use futures_util::stream::BoxStream;
use futures_util::{Sink, SinkExt, Stream, StreamExt};

use crate::subscription_groups::Answer;

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

/// Serves one connection: reads the client's messages from `incoming`, starts operations with
/// `subscribe` once `connection_init` succeeded, and writes every message to `outgoing`.
/// Returns when the client goes away, ends the connection, or the protocol closes it.
pub async fn serve<Init, InitFuture>(
    protocol: Protocol,
    incoming: impl Stream<Item = Result<Message, axum::Error>> + Send,
    outgoing: impl Sink<Message> + Send,
    subscribe: impl Fn(Request, Arc<Data>) -> BoxStream<'static, Answer>,
    connection_init: Init,
) where
    Init: FnOnce(serde_json::Value) -> InitFuture,
    InitFuture: Future<Output = async_graphql::Result<Data>>,
{
    // Control frames (ping, pong, close) are tungstenite's; the protocol is in data frames.
    let incoming = incoming.take_while(|message| std::future::ready(message.is_ok())).filter_map(|message| {
        std::future::ready(match message {
            Ok(Message::Text(text)) => Some(text.as_bytes().to_vec()),
            Ok(Message::Binary(bytes)) => Some(bytes.to_vec()),
            _ => None,
        })
    });
    futures_util::pin_mut!(incoming, outgoing);
    let mut connection_init = Some(connection_init);
    let mut data: Option<Arc<Data>> = None;
    let mut running: HashMap<String, BoxStream<'static, Answer>> = HashMap::new();
    loop {
        // The client's messages first, as async-graphql's protocol reads them.
        let step = tokio::select! {
            biased;
            message = incoming.next() => Step::Client(message),
            (id, answer) = next_answer(&mut running) => Step::Answer(id, answer),
        };
        let (reply, go_on) = match step {
            Step::Client(None) => return,
            Step::Client(Some(bytes)) => match ClientMessage::from_bytes(&bytes) {
                Err(err) => (Some(close(1002, err.to_string())), false),
                Ok(ClientMessage::ConnectionInit { payload }) => match connection_init.take() {
                    // Boxed, so the connection's state does not keep room for it once it ran.
                    Some(init) => match Box::pin(init(payload.unwrap_or_default())).await {
                        Ok(connection_data) => {
                            data = Some(Arc::new(connection_data));
                            (Some(text(r#"{"type":"connection_ack"}"#.to_owned())), true)
                        }
                        Err(err) => (Some(protocol.refusal(1002, err.message)), false),
                    },
                    None => (Some(protocol.refusal(4429, "Too many initialisation requests.".to_owned())), false),
                },
                Ok(ClientMessage::Start { id, payload }) => match &data {
                    Some(data) => {
                        running.insert(id, subscribe(payload, data.clone()));
                        (None, true)
                    }
                    None => (Some(close(1011, "The handshake is not completed.".to_owned())), false),
                },
                Ok(ClientMessage::Stop { id }) => (running.remove(&id).map(|_| complete(&id)), true),
                Ok(ClientMessage::ConnectionTerminate) => return,
                Ok(ClientMessage::Ping { .. }) => (Some(text(r#"{"type":"pong"}"#.to_owned())), true),
                Ok(ClientMessage::Pong { .. }) => (None, true),
            },
            Step::Answer(id, Some(answer)) => (Some(answer_frame(protocol, &id, &answer)), true),
            Step::Answer(id, None) => {
                running.remove(&id);
                (Some(complete(&id)), true)
            }
        };
        if let Some(reply) = reply
            && outgoing.send(reply).await.is_err()
        {
            return;
        }
        if !go_on {
            return;
        }
    }
}

enum Step {
    Client(Option<Vec<u8>>),
    Answer(String, Option<Answer>),
}

/// The next answer of any running operation (`None` when it ended), with its id. Pending while
/// none runs.
async fn next_answer(running: &mut HashMap<String, BoxStream<'static, Answer>>) -> (String, Option<Answer>) {
    std::future::poll_fn(|cx| {
        for (id, answers) in running.iter_mut() {
            if let Poll::Ready(answer) = answers.poll_next_unpin(cx) {
                return Poll::Ready((id.clone(), answer));
            }
        }
        Poll::Pending
    })
    .await
}

/// `{"type":"next","id":…,"payload":…}`, written around the answer's JSON, which a group
/// serialised once for all its members.
fn answer_frame(protocol: Protocol, id: &str, answer: &Answer) -> Message {
    let payload = match answer.to_json() {
        Ok(payload) => payload,
        Err(err) => {
            tracing::error!(error = %err, "an answer could not be serialised");
            return close(1011, "internal error".to_owned());
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
    text(frame)
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
        let Message::Text(frame) = answer_frame(protocol, "op \"1\"", &Answer::Own(Box::new(response))) else {
            panic!("a text frame")
        };
        assert!(frame.as_str().starts_with(r#"{"type":"next","id":"op \"1\"","payload":{"#), "{frame}");
        let frame: serde_json::Value = serde_json::from_str(frame.as_str()).expect("JSON");
        assert_eq!(frame, expected);
    }
}
