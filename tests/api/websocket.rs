//! The WebSocket endpoint speaks graphql-transport-ws and authenticates in connection_init.

use futures_util::{SinkExt, StreamExt};
use hub_common::Role;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::helpers::TestApp;
use crate::hub_test;

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(app: &TestApp) -> Socket {
    let url = format!("{}/graphql/ws", app.base_url.replace("http://", "ws://"));
    let mut request = url.into_client_request().expect("a request");
    request
        .headers_mut()
        .insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().expect("a header value"));
    let (socket, response) = tokio_tungstenite::connect_async(request).await.expect("connected");
    assert_eq!(
        response.headers().get("sec-websocket-protocol").and_then(|v| v.to_str().ok()),
        Some("graphql-transport-ws")
    );
    socket
}

async fn next_message(socket: &mut Socket) -> Message {
    tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
        .await
        .expect("a message within 5 seconds")
        .expect("the socket is open")
        .expect("a valid frame")
}

hub_test!(async fn a_valid_token_is_acknowledged(app) {
    let mut socket = connect(&app).await;
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
    socket.send(Message::Text(init.to_string().into())).await.expect("sent");
    let Message::Text(text) = next_message(&mut socket).await else { panic!("expected a text frame") };
    let ack: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(ack["type"], "connection_ack");
});

hub_test!(async fn a_forged_token_closes_the_connection(app) {
    let mut socket = connect(&app).await;
    let forged = hub::auth::Hs256::new("not-the-hub-secret-not-the-hub-secret").mint("x", None, &[], 60);
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {forged}") } });
    socket.send(Message::Text(init.to_string().into())).await.expect("sent");
    match next_message(&mut socket).await {
        Message::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 4403, "{frame:?}"),
        other => panic!("expected a close frame, got {other:?}"),
    }
});
