//! Graceful shutdown: what happens between SIGTERM and the process exiting.
//!
//! 1. Readiness goes false (`/readyz` answers 503 "draining") while the hub keeps serving for
//!    `shutdown_delay_seconds`, so load balancers stop sending new work first.
//! 2. The listener closes; in-flight HTTP requests finish, for at most
//!    `shutdown_timeout_seconds`. Every open GraphQL WebSocket gets a close frame 1001 (going
//!    away), so clients reconnect elsewhere and resume with `after: cursor`.
//! 3. The outbox relay stops after the batch it is sending (rows it did not reach wait for the
//!    next process), then `main` flushes the traces.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use axum::extract::ws::{CloseFrame, WebSocket};
use futures_util::future::BoxFuture;
use tokio::sync::watch;

/// The close code clients see when the hub goes away (RFC 6455: "going away").
pub const GOING_AWAY: u16 = 1001;

/// Where the process is in its life, shared by the routes.
#[derive(Debug)]
pub struct Lifecycle {
    draining: AtomicBool,
    close_sockets: watch::Sender<bool>,
    open_sockets: AtomicUsize,
    sockets_closed: tokio::sync::Notify,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Self {
            draining: AtomicBool::new(false),
            close_sockets: watch::channel(false).0,
            open_sockets: AtomicUsize::new(0),
            sockets_closed: tokio::sync::Notify::new(),
        }
    }
}

impl Lifecycle {
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Relaxed)
    }

    pub fn open_sockets(&self) -> usize {
        self.open_sockets.load(Ordering::Relaxed)
    }

    fn begin_draining(&self) {
        self.draining.store(true, Ordering::Relaxed);
    }

    fn close_sockets(&self) {
        self.close_sockets.send_replace(true);
    }

    /// Waits until every WebSocket has been closed, or `limit` has passed.
    async fn sockets_gone(&self, limit: Duration) {
        let all_closed = async {
            loop {
                let notified = self.sockets_closed.notified();
                if self.open_sockets() == 0 {
                    return;
                }
                notified.await;
            }
        };
        let _ = tokio::time::timeout(limit, all_closed).await;
    }
}

/// Counts one open socket for as long as it lives.
struct SocketGuard(Arc<Lifecycle>);

impl SocketGuard {
    fn new(lifecycle: Arc<Lifecycle>) -> Self {
        lifecycle.open_sockets.fetch_add(1, Ordering::Relaxed);
        Self(lifecycle)
    }
}

impl Drop for SocketGuard {
    fn drop(&mut self) {
        self.0.open_sockets.fetch_sub(1, Ordering::Relaxed);
        self.0.sockets_closed.notify_waiters();
    }
}

/// Serves one upgraded WebSocket with `serve`, handing it the frame to close the socket with
/// when it must close before the client leaves: 1001 when the hub shuts down, or the frame
/// `deadline` gives.
pub async fn serve_websocket<F, Fut>(
    socket: WebSocket,
    lifecycle: Arc<Lifecycle>,
    deadline: BoxFuture<'static, CloseFrame>,
    serve: F,
) where
    F: FnOnce(WebSocket, BoxFuture<'static, CloseFrame>) -> Fut,
    Fut: Future<Output = ()>,
{
    let _open = SocketGuard::new(lifecycle.clone());
    let closing = lifecycle.close_sockets.subscribe();
    let close_with = async move {
        tokio::select! {
            () = until_closing(closing) => {
                CloseFrame { code: GOING_AWAY, reason: "the hub is restarting; reconnect".into() }
            }
            frame = deadline => frame,
        }
    };
    serve(socket, Box::pin(close_with)).await;
}

async fn until_closing(mut closing: watch::Receiver<bool>) {
    let _ = closing.wait_for(|closing| *closing).await;
}

/// Runs `serve` until `signal` completes, then shuts down in the order the module doc gives.
/// `serve` is handed the future that tells it to stop accepting; it returns when every accepted
/// request has been answered.
pub async fn drain<S, Fut>(
    lifecycle: Arc<Lifecycle>,
    signal: impl Future<Output = ()> + Send + 'static,
    delay: Duration,
    timeout: Duration,
    serve: S,
) -> std::io::Result<()>
where
    S: FnOnce(std::pin::Pin<Box<dyn Future<Output = ()> + Send>>) -> Fut,
    Fut: Future<Output = std::io::Result<()>>,
{
    let (stopped_accepting, accepting_stopped) = tokio::sync::oneshot::channel::<()>();
    let draining = lifecycle.clone();
    let stop_accepting = Box::pin(async move {
        signal.await;
        draining.begin_draining();
        tracing::info!("shutting down: readiness is false");
        tokio::time::sleep(delay).await;
        draining.close_sockets();
        let _ = stopped_accepting.send(());
    });
    let serving = serve(stop_accepting);
    tokio::pin!(serving);
    let deadline = async {
        if accepting_stopped.await.is_err() {
            std::future::pending::<()>().await;
        }
        tokio::time::sleep(timeout).await;
    };
    let served = tokio::select! {
        served = &mut serving => served,
        () = deadline => {
            tracing::warn!(seconds = timeout.as_secs(), "requests still running after the shutdown timeout are cut off");
            Ok(())
        }
    };
    lifecycle.sockets_gone(Duration::from_secs(2)).await;
    served
}
