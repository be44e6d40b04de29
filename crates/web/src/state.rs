//! Application state shared by every handler.

use jinguo_service::Ctx;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when served over HTTPS, e.g. behind a TLS load balancer).
    pub cookie_secure: bool,
    /// Largest accepted request body, in bytes (uploads included).
    pub max_body_bytes: usize,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            max_body_bytes: 25 * 1024 * 1024,
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub web: Arc<WebSettings>,
}

impl AppState {
    pub fn new(ctx: Ctx, web: WebSettings) -> Self {
        Self {
            ctx,
            web: Arc::new(web),
        }
    }
}
