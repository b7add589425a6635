//! A small graphql-transport-ws client over a real WebSocket, for the tests.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

pub type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub struct WsClient {
    pub socket: Socket,
}

/// Opens a WebSocket to a hub's `/graphql/ws` speaking graphql-transport-ws.
pub async fn open(base_url: &str) -> Socket {
    open_url(&format!("{}/graphql/ws", base_url.replace("http://", "ws://"))).await
}

/// Opens a WebSocket to `url` speaking graphql-transport-ws.
pub async fn open_url(url: &str) -> Socket {
    let mut request = url.into_client_request().expect("a request");
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().expect("a header"));
    let (socket, response) = tokio_tungstenite::connect_async(request).await.expect("connected");
    assert_eq!(
        response.headers().get("sec-websocket-protocol").and_then(|v| v.to_str().ok()),
        Some("graphql-transport-ws")
    );
    socket
}

impl WsClient {
    /// Connects to a hub and completes `connection_init`/`connection_ack`.
    pub async fn connect(base_url: &str, token: Option<&str>) -> Self {
        Self::connect_url(&format!("{}/graphql/ws", base_url.replace("http://", "ws://")), token).await
    }

    /// Connects to any graphql-transport-ws endpoint (a router's, say).
    pub async fn connect_url(url: &str, token: Option<&str>) -> Self {
        let payload = match token {
            Some(token) => json!({ "Authorization": format!("Bearer {token}") }),
            None => json!({}),
        };
        Self::connect_with_payload(url, payload).await
    }

    /// Connects with the given `connection_init` payload (a `locale`, say).
    pub async fn connect_with_payload(url: &str, payload: Value) -> Self {
        let mut socket = open_url(url).await;
        let init = json!({ "type": "connection_init", "payload": payload });
        socket.send(Message::Text(init.to_string().into())).await.expect("sent");
        let mut client = Self { socket };
        let ack = client.next_message().await;
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        client
    }

    pub async fn subscribe(&mut self, id: &str, query: &str, variables: Value) {
        let message =
            json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } });
        self.socket.send(Message::Text(message.to_string().into())).await.expect("sent");
    }

    /// The next protocol message, answering pings on the way.
    pub async fn next_message(&mut self) -> Value {
        loop {
            let frame = tokio::time::timeout(Duration::from_secs(15), self.socket.next())
                .await
                .expect("a message within 15 seconds")
                .expect("the socket is open")
                .expect("a valid frame");
            match frame {
                Message::Text(text) => {
                    let message: Value = serde_json::from_str(&text).expect("JSON");
                    if message["type"] == "ping" {
                        let pong = json!({ "type": "pong" }).to_string();
                        self.socket.send(Message::Text(pong.into())).await.expect("sent");
                        continue;
                    }
                    return message;
                }
                Message::Close(frame) => panic!("the server closed the socket: {frame:?}"),
                _ => continue,
            }
        }
    }

    /// The next `next` payload's data for subscription `id`; panics on errors or completion.
    pub async fn next_data(&mut self, id: &str) -> Value {
        let message = self.next_message().await;
        assert_eq!(message["id"], id, "{message}");
        assert_eq!(message["type"], "next", "{message}");
        assert!(message["payload"].get("errors").is_none(), "{message}");
        message["payload"]["data"].clone()
    }

    /// Asserts that nothing arrives for a while.
    pub async fn expect_silence(&mut self, duration: Duration) {
        if let Ok(Some(Ok(frame))) = tokio::time::timeout(duration, self.socket.next()).await {
            panic!("expected silence, got {frame:?}");
        }
    }

    /// Reads until the server closes the socket and returns the close frame's code (`None` for
    /// a connection dropped without a close frame). Messages on the way are skipped.
    pub async fn close_code(&mut self, limit: Duration) -> Option<u16> {
        let closed = async {
            while let Some(frame) = self.socket.next().await {
                match frame {
                    Ok(Message::Close(frame)) => return frame.map(|frame| u16::from(frame.code)),
                    Ok(_) => continue,
                    Err(_) => return None,
                }
            }
            None
        };
        tokio::time::timeout(limit, closed).await.expect("the server closes the socket in time")
    }

    pub async fn close(mut self) {
        let _ = self.socket.close(None).await;
    }
}
