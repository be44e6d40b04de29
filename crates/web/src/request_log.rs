//! One structured log line per request (method, route template, status, latency, request id,
//! and the account when signed in; never the query string, a password or a token) and the
//! same figures into `/metrics`. The request id comes from a sane `X-Request-Id` sent by the
//! proxy, or is made here, and is answered in `X-Request-Id` so a user's report can be found.

use crate::state::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

pub const REQUEST_ID: &str = "x-request-id";

/// Filled by `authenticate` once it knows who is asking (it runs inside this layer).
#[derive(Debug, Clone, Default)]
pub struct SignedInAs(pub Arc<OnceLock<i64>>);

fn request_id(request: &Request) -> String {
    request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| {
            !v.is_empty()
                && v.len() <= 64
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
        .map(str::to_string)
        .unwrap_or_else(|| {
            jinguo_service::secrets::random_token()
                .map(|t| t[..16].to_string())
                .unwrap_or_default()
        })
}

pub async fn log_request(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let id = request_id(&request);
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "(unmatched)".to_string(), |m| m.as_str().to_string());
    let account = SignedInAs::default();
    request.extensions_mut().insert(account.clone());
    let mut response = next.run(request).await;
    let took = started.elapsed();
    let status = response.status().as_u16();
    state.metrics.record(&method, &route, status, took);
    let account = account.0.get().copied();
    tracing::info!(
        target: "jinguo::request",
        method = %method,
        route = %route,
        status,
        latency_ms = took.as_secs_f64() * 1000.0,
        request_id = %id,
        account = account,
        "request"
    );
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert(REQUEST_ID, value);
    }
    response
}
