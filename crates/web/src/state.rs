//! Application state shared by every handler.

use crate::page_cache::PageCache;
use jinguo_service::Ctx;
use std::sync::Arc;

#[derive(Debug, Clone)]
pub struct WebSettings {
    /// Mark cookies `Secure` (set when served over HTTPS, e.g. behind a TLS load balancer).
    pub cookie_secure: bool,
    /// Largest accepted request body, in bytes (uploads included).
    pub max_body_bytes: usize,
    /// Keep rendered public pages until the public side changes (off only to measure misses).
    pub page_cache: bool,
    /// The public address (e.g. `https://gang.women.org.cn`) used in feeds, the sitemap, Open
    /// Graph tags and QR codes; None takes the request's Host when it is one of `allowed_hosts`.
    pub public_url: Option<String>,
    /// The `Host` names (with port) this site answers to when no `public_url` is set. A request
    /// naming any other host is served as the first of them, so a client cannot make the page
    /// cache keep one copy per invented host name.
    pub allowed_hosts: Vec<String>,
    /// Proxies whose `X-Forwarded-For` is believed (the rightmost untrusted hop is the client);
    /// empty: the socket peer is the client.
    pub trusted_proxies: crate::client_addr::TrustedProxies,
    /// When the bucket's processed images and thumbnails are public (a CDN or a public-read
    /// bucket), their base URL: `/media/…` then redirects there instead of streaming them
    /// through the app. Originals and attachments always go through the app.
    pub media_public_url: Option<String>,
    /// Who may read `/metrics` (addresses or CIDR blocks); by default this machine only.
    pub metrics_allow: crate::client_addr::TrustedProxies,
}

impl Default for WebSettings {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            max_body_bytes: 25 * 1024 * 1024,
            page_cache: true,
            public_url: None,
            allowed_hosts: Vec::new(),
            trusted_proxies: crate::client_addr::TrustedProxies::default(),
            media_public_url: None,
            metrics_allow: crate::client_addr::TrustedProxies::parse(&["127.0.0.1", "::1"])
                .unwrap_or_default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct AppState {
    pub ctx: Ctx,
    pub web: Arc<WebSettings>,
    pub pages: Arc<PageCache>,
    pub metrics: Arc<crate::metrics::Metrics>,
}

impl AppState {
    pub fn new(ctx: Ctx, web: WebSettings) -> Self {
        Self {
            ctx,
            pages: Arc::new(PageCache::new(web.page_cache)),
            metrics: Arc::new(crate::metrics::Metrics::default()),
            web: Arc::new(web),
        }
    }
}
