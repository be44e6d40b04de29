//! Serving the router on a TCP listener, with timeouts so a slow or silent client cannot hold
//! a connection (and the memory of its half-read request) for minutes, and graceful shutdown:
//! on the signal no new connection is accepted, open ones finish their request and close.
//!
//! `axum::serve` sets no timer, so hyper's header timeout never runs there, and its protocol
//! sniffing waits without limit for a first byte. This serves HTTP/1.1 only (all the app
//! speaks) with hyper's own connection builder and a Tokio timer:
//!
//! - **headers** must arrive within [`ServerTimeouts::header_read`] (20 s) of hyper starting
//!   to wait for them. A request's headers are a few KB, one or two packets even on a poor
//!   mobile link; 20 s also allows for a stalled cell handover. The same timer bounds an idle
//!   keep-alive connection waiting for its next request (a browser simply reconnects).
//! - **bodies** may pause at most [`ServerTimeouts::body_idle`] (30 s) between chunks, and take
//!   at most [`ServerTimeouts::body_total`] (20 min) in all: the largest body allowed (25 MB
//!   by default) at ~21 KB/s, a weak 3G connection. A handler reading a body that times out
//!   sees a read error and refuses the request as interrupted.

use axum::Router;
use axum::extract::ConnectInfo;
use axum::http::Request;
use axum::serve::Listener;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tower::{ServiceBuilder, ServiceExt};
use tower_http::timeout::{RequestBodyDeadlineLayer, RequestBodyTimeoutLayer};

/// How long a client may take; see the module documentation for the reasoning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServerTimeouts {
    pub header_read: Duration,
    pub body_idle: Duration,
    pub body_total: Duration,
}

impl Default for ServerTimeouts {
    fn default() -> Self {
        ServerTimeouts {
            header_read: Duration::from_secs(20),
            body_idle: Duration::from_secs(30),
            body_total: Duration::from_secs(20 * 60),
        }
    }
}

/// Serves `router` until `shutdown` completes, then waits for open connections to finish.
/// Handlers see the client's address as `ConnectInfo<SocketAddr>`.
pub async fn serve(
    mut listener: TcpListener,
    router: Router,
    timeouts: ServerTimeouts,
    shutdown: impl Future<Output = ()> + Send + 'static,
) {
    // Dropping `signal_rx` tells the accept loop and every connection to wind down; each
    // connection holds a `close_rx`, so `close_tx.closed()` waits for the last one.
    let (signal_tx, signal_rx) = watch::channel(());
    tokio::spawn(async move {
        shutdown.await;
        drop(signal_rx);
    });
    let (close_tx, close_rx) = watch::channel(());
    let app = ServiceBuilder::new()
        .layer(RequestBodyDeadlineLayer::new(timeouts.body_total))
        .layer(RequestBodyTimeoutLayer::new(timeouts.body_idle))
        .service(router);
    loop {
        // `Listener::accept` retries failed accepts (too many open files …) after a pause.
        let (stream, remote) = tokio::select! {
            accepted = Listener::accept(&mut listener) => accepted,
            () = signal_tx.closed() => break,
        };
        let service = app
            .clone()
            .map_request(move |mut request: Request<Incoming>| {
                request.extensions_mut().insert(ConnectInfo(remote));
                request
            });
        let signal_tx = signal_tx.clone();
        let close_rx = close_rx.clone();
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            // A 64 KiB read buffer per connection (hyper's default grows to ~400 KiB): fifty
            // phones uploading at once then hold a few megabytes between them, not twenty.
            builder
                .timer(TokioTimer::new())
                .header_read_timeout(timeouts.header_read)
                .max_buf_size(64 * 1024);
            let connection =
                builder.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
            tokio::pin!(connection);
            let mut shutting_down = false;
            loop {
                tokio::select! {
                    result = connection.as_mut() => {
                        if let Err(err) = result {
                            tracing::debug!(client = %remote, error = %err, "connection ended");
                        }
                        break;
                    }
                    () = signal_tx.closed(), if !shutting_down => {
                        shutting_down = true;
                        connection.as_mut().graceful_shutdown();
                    }
                }
            }
            drop(close_rx);
        });
    }
    drop(close_rx);
    drop(listener);
    tracing::info!(
        connections = close_tx.receiver_count(),
        "waiting for open connections to finish"
    );
    close_tx.closed().await;
}
