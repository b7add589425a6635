//! The accept loop: hyper serving the router, with the connection timeouts `axum::serve` has no
//! knob for.
//!
//! - **Headers**: hyper's HTTP/1 header read timeout closes a connection whose request head has
//!   not fully arrived in time. hyper starts the same timer while a keep-alive connection waits
//!   for its next request, so an idle connection is closed after it too.
//! - **Bodies** and **whole requests** are bounded by the router's middleware
//!   (`routes::timeouts`), which can answer in GraphQL shape.
//!
//! Graceful shutdown is hyper-util's: when `stop` completes, the listener closes, idle
//! connections are closed at once and busy ones after their current request; the returned
//! future completes when every connection has ended (WebSockets, once upgraded, are the
//! lifecycle's to close; see `shutdown`).

use std::convert::Infallible;
use std::future::Future;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto::Builder;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt;

/// What the accept loop needs to know of the settings.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionLimits {
    pub header_read_timeout: Duration,
}

pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: ConnectionLimits,
    stop: impl Future<Output = ()> + Send,
) -> std::io::Result<()> {
    let mut builder = Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new()).header_read_timeout(limits.header_read_timeout).keep_alive(true);
    // HTTP/2 over cleartext (prior knowledge) stays available as with `axum::serve`; its
    // CONNECT protocol carries WebSockets. Pings find peers that have gone away.
    builder
        .http2()
        .timer(TokioTimer::new())
        .enable_connect_protocol()
        .keep_alive_interval(Some(limits.header_read_timeout))
        .keep_alive_timeout(limits.header_read_timeout);
    let graceful = GracefulShutdown::new();
    tokio::pin!(stop);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(err) => {
                    accept_failed(err).await;
                    continue;
                }
            },
            () = &mut stop => break,
        };
        // Small answers should leave at once rather than wait for Nagle's algorithm.
        let _ = stream.set_nodelay(true);
        let router = router.clone();
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            // Handlers read the peer's address (anonymous callers are rate-limited by it).
            request.extensions_mut().insert(ConnectInfo(peer));
            let request = request.map(Body::new);
            let router = router.clone();
            async move { router.oneshot(request).await.map_err(|never: Infallible| match never {}) }
        });
        let connection = builder.serve_connection_with_upgrades(TokioIo::new(stream), service).into_owned();
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(err) = connection.await {
                // Timeouts, resets and malformed requests end here; they are the client's.
                tracing::debug!(%peer, error = %err, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Connection-level failures concern one client; anything else (out of file descriptors) is
/// logged, and accepting pauses so the process can close some first.
async fn accept_failed(err: std::io::Error) {
    use std::io::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::ConnectionRefused | ErrorKind::ConnectionAborted | ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!(error = %err, "accepting a connection failed");
    tokio::time::sleep(Duration::from_millis(500)).await;
}
