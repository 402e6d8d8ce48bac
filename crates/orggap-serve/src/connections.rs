//! The server's connection layer: what a connection may cost before the router sees it.
//!
//! - At most [`MAX_CONNECTIONS`] connections at once; one past it is closed at once, so
//!   clients that open connections and never finish them cannot make the server stop
//!   answering (a desktop's open-file limit is about 1,000).
//! - A request's headers must arrive within [`HEADER_TIME`], its body within [`BODY_TIME`]
//!   (`408 Request Timeout` otherwise), and a connection lives at most [`CONNECTION_TIME`]
//!   before it is closed after the request in flight (browsers open another).
//! - On shutdown, connections get [`GRACE`] to finish what they are doing; then they are
//!   dropped, whatever a client is in the middle of.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// The most connections served at once.
pub const MAX_CONNECTIONS: usize = 256;
/// How long a request's headers may take to arrive.
pub const HEADER_TIME: Duration = Duration::from_secs(10);
/// How long a request's body may take to arrive.
pub const BODY_TIME: Duration = Duration::from_secs(30);
/// How long one connection is kept open (closed after the request in flight).
pub const CONNECTION_TIME: Duration = Duration::from_secs(120);
/// How long connections may finish their work once the server is asked to stop.
pub const GRACE: Duration = Duration::from_secs(3);

/// Serves `router` on `listener` until `shutdown` completes; then waits at most [`GRACE`]
/// for the connections open.
pub async fn accept(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(MAX_CONNECTIONS));
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                // Out of file descriptors or a connection reset while queued: go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(10)).await;
                    continue;
                }
            },
            // Finished connections are collected as they end.
            Some(_) = connections.join_next(), if !connections.is_empty() => continue,
        };
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            drop(stream);
            continue;
        };
        let service = TowerToHyperService::new(router.clone());
        connections.spawn(async move {
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(HEADER_TIME)
                .serve_connection(TokioIo::new(stream), service);
            tokio::pin!(connection);
            tokio::select! {
                _ = connection.as_mut() => {}
                () = tokio::time::sleep(CONNECTION_TIME) => {
                    connection.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(BODY_TIME, connection).await;
                }
            }
            drop(slot);
        });
    }
    drop(listener);
    // What is in flight may finish within the grace; the rest is dropped.
    let _ = tokio::time::timeout(GRACE, async {
        while connections.join_next().await.is_some() {}
    })
    .await;
    connections.abort_all();
    Ok(())
}

/// Reads a request's whole body (at most the router's limit) within [`BODY_TIME`], so a
/// client that sends a body byte by byte cannot hold a handler: `408` past it.
pub(crate) async fn body_in_time(request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    match tokio::time::timeout(BODY_TIME, axum::body::to_bytes(body, crate::MAX_BODY)).await {
        Ok(Ok(bytes)) => {
            next.run(Request::from_parts(parts, Body::from(bytes)))
                .await
        }
        Ok(Err(_)) => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload too large (at most 1 MiB), or cut short\n",
        )
            .into_response(),
        Err(_) => (
            StatusCode::REQUEST_TIMEOUT,
            "request timeout: the body did not arrive in time\n",
        )
            .into_response(),
    }
}
