//! Subscriptions over `graphql-transport-ws` (and the older `graphql-ws`). The token comes in
//! the `connection_init` payload as `{"Authorization": "Bearer …"}`, since browsers cannot set
//! headers on a WebSocket. `ws_session` adds the connection's limits and close codes. The
//! payload's `locale` (`vi`, `en`) chooses the language of the connection's messages, the
//! upgrade's `Accept-Language` when it has none.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use async_graphql::{Data, Executor, Request};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::Response;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use hub_common::messages::{Language, localize_errors};

use crate::auth::{bearer_token, requested_organization};
use crate::extract::{CookieUse, authenticate_with, client_address};
use crate::state::AppState;
use crate::subscription_groups::{Answer, SubscriptionGroups};
use crate::ws_protocol::Protocol;
use crate::ws_session::WsSession;

pub async fn graphql_ws(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    protocol: Protocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let lifecycle = state.lifecycle.clone();
    let address = client_address(peer, &headers, state.limits.trust_forwarded_for);
    let session =
        WsSession::new(state.limits.max_subscriptions_per_connection, state.rate_limiter.clone(), address);
    let schema = Localized {
        schema: state.schema.clone(),
        groups: state.subscription_groups.clone(),
        session: session.clone(),
    };
    let init_timeout = Duration::from_secs(state.limits.connection_init_timeout_seconds);
    let upgrade = upgrade.read_buffer_size(WEBSOCKET_READ_BUFFER).write_buffer_size(WEBSOCKET_WRITE_BUFFER);
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| {
        let deadline = Box::pin(session.clone().deadline(init_timeout));
        crate::shutdown::serve_websocket(socket, lifecycle, deadline, move |socket, close_with| async move {
            let subscribe = move |request, data| schema.subscribe(request, data);
            let init = {
                let session = session.clone();
                move |payload| connection_init(state, session, headers, payload)
            };
            crate::ws_protocol::serve(protocol, socket, &session, close_with, subscribe, init).await
        })
    })
}

/// Per-socket buffers. Tungstenite's defaults (128 KiB to read into) made an idle subscription
/// cost ≈140 KiB of resident memory, and tungstenite zero-fills up to the read buffer's size
/// each time the socket is polled for input, which is every time a subscription's task wakes to
/// send an event (memset was among the top symbols of the 10,000-subscriber fan-out). What
/// clients send here (`connection_init`, `subscribe`, `ping`, `complete`) is small, and a larger
/// frame still grows the buffer as needed. Every message is flushed as it is sent, so a small
/// write buffer costs nothing.
const WEBSOCKET_READ_BUFFER: usize = 1024;
const WEBSOCKET_WRITE_BUFFER: usize = 4 * 1024;

/// `graphql-transport-ws` (the `graphql-ws` library) and the legacy `subscriptions-transport-ws`.
const ALL_WEBSOCKET_PROTOCOLS: [&str; 2] = ["graphql-transport-ws", "graphql-ws"];

/// Authenticates the connection: the token and `organization` of the payload, or (from the
/// hub's own pages) the session cookie of the upgrade request.
async fn connection_init(
    state: AppState,
    session: Arc<WsSession>,
    upgrade_headers: HeaderMap,
    payload: serde_json::Value,
) -> async_graphql::Result<Data> {
    let language = payload
        .get("locale")
        .and_then(|value| value.as_str())
        .and_then(Language::from_tag)
        .unwrap_or_else(|| crate::extract::language(&upgrade_headers));
    let language = session.choose_language(language);
    let header = payload
        .get("Authorization")
        .or_else(|| payload.get("authorization"))
        .and_then(|value| value.as_str());
    let organization = requested_organization(payload.get("organization").and_then(|value| value.as_str()))?;
    let token = bearer_token(header)?;
    let verified =
        authenticate_with(&state, token, &upgrade_headers, CookieUse::SameOrigin, organization).await?;
    let mut data = Data::default();
    data.insert(language);
    if let Some(verified) = verified {
        session.authenticated(&verified.principal.subject, verified.expires_at);
        if let Some(organization) = verified.principal.organization_id {
            state.open_connections.register(&verified.principal.subject, organization, &session);
        }
        data.insert(verified.principal);
    }
    Ok(data)
}

/// The schema as one connection sees it: every answer's messages in the connection's language,
/// set once by `connection_init` (English until then), and subscriptions in the process's groups.
struct Localized {
    schema: crate::schema::ServedSchema,
    groups: Arc<SubscriptionGroups>,
    session: Arc<WsSession>,
}

impl Localized {
    /// Runs any operation sent over the socket: a query or a mutation answers once, a
    /// subscription joins its group when it can.
    fn subscribe(&self, request: Request, session_data: Arc<Data>) -> BoxStream<'static, Answer> {
        let language = self.session.language();
        let schema = self.schema.clone();
        self.groups.subscribe(request, Some(session_data), language, move |request, session_data| {
            schema
                .execute_stream(request, session_data)
                .map(move |mut response| {
                    localize_errors(&mut response.errors, language);
                    response
                })
                .boxed()
        })
    }
}
