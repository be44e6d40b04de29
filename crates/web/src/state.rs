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
    /// What the public footer says about the site, as a Chinese government site must.
    pub site: SiteIdentity,
}

/// The public footer's facts, each shown only when set: 主办 and 承办 units, a contact line,
/// and the numbers a government site displays (ICP备案号, 公安机关备案号, 政府网站标识码).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SiteIdentity {
    pub sponsor: String,
    pub organizer: String,
    pub contact: String,
    pub icp_number: String,
    pub police_number: String,
    pub site_code: String,
}

impl Default for SiteIdentity {
    fn default() -> Self {
        SiteIdentity {
            sponsor: "全国妇联妇女发展部".into(),
            organizer: String::new(),
            contact: String::new(),
            icp_number: String::new(),
            police_number: String::new(),
            site_code: String::new(),
        }
    }
}

impl SiteIdentity {
    /// The digits of the 公安机关备案号 (`京公网安备 11010502030143号` → `11010502030143`), for
    /// the link to its record on beian.gov.cn.
    pub fn police_record_code(&self) -> String {
        self.police_number
            .chars()
            .filter(char::is_ascii_digit)
            .collect()
    }
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
            site: SiteIdentity::default(),
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
