//! The WebSocket endpoint speaks graphql-transport-ws and authenticates in connection_init.

use futures_util::{SinkExt, StreamExt};
use hub_common::Role;
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

use crate::hub_test;
use crate::ws_client::{WsClient, open};

hub_test!(async fn a_valid_token_is_acknowledged(app) {
    let token = app.token("thpt-tran-phu", Role::OrgAdmin);
    // `connect` asserts the connection_ack.
    WsClient::connect(&app.base_url, Some(&token)).await.close().await;
});

hub_test!(async fn a_forged_token_closes_the_connection(app) {
    let mut socket = open(&app.base_url).await;
    let forged = hub::auth::Hs256::new("not-the-hub-secret-not-the-hub-secret").mint("x", None, &[], 60);
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {forged}") } });
    socket.send(Message::Text(init.to_string().into())).await.expect("sent");
    let frame = tokio::time::timeout(std::time::Duration::from_secs(5), socket.next())
        .await
        .expect("an answer within 5 seconds")
        .expect("a frame")
        .expect("a valid frame");
    match frame {
        Message::Close(Some(frame)) => assert_eq!(u16::from(frame.code), 4403, "{frame:?}"),
        other => panic!("expected a close frame, got {other:?}"),
    }
});
