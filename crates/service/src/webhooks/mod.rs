//! Signed webhooks (issue 14, item 4): national admins register subscriber URLs; each review
//! move that publishes, features or unpublishes an article writes its events to an outbox in
//! the move's own transaction (`outbox`), one delivery per subscriber; a worker on every
//! instance (`worker`) takes due deliveries under a database lease and POSTs them, signed with
//! HMAC-SHA256 (`sign`), retrying with exponential backoff for 24 hours. See docs/webhooks.md.

pub mod deliveries;
pub mod guard;
pub mod outbox;
pub mod sign;
pub mod subscriptions;
pub mod worker;

use jinguo_domain::webhook::Backoff;
use std::time::Duration;

/// How webhooks are sent. Built once from the configuration.
#[derive(Debug, Clone)]
pub struct WebhookSettings {
    /// The site's public address (`public_url`), the base of the article URLs in bodies;
    /// empty gives site-relative URLs (`/news/12`).
    pub public_url: String,
    /// Allow subscriber URLs on loopback, private and link-local addresses (checked when the
    /// subscription is saved and again on every resolved address at delivery). Off by default
    /// (SSRF); tests and intranet deployments turn it on.
    pub allow_private_targets: bool,
    /// How often an idle worker looks for due deliveries (a move in this instance wakes it at
    /// once).
    pub poll_interval: Duration,
    /// Longest a request may take, connection included.
    pub request_timeout: Duration,
    /// How long a claimed delivery stays with its worker; longer than `request_timeout`, so a
    /// live worker never loses it mid-request. A worker that died gives it up after this.
    pub lease: Duration,
    /// The retry schedule.
    pub backoff: Backoff,
    /// Most deliveries one worker sends at the same time.
    pub concurrency: usize,
}

impl Default for WebhookSettings {
    fn default() -> Self {
        WebhookSettings {
            public_url: String::new(),
            allow_private_targets: false,
            poll_interval: Duration::from_secs(5),
            request_timeout: Duration::from_secs(10),
            lease: Duration::from_secs(60),
            backoff: Backoff::default(),
            concurrency: 8,
        }
    }
}

/// Bytes of a response read at most (the rest is dropped); the first 500 characters are kept.
pub const RESPONSE_READ_LIMIT: usize = 4096;

/// The public address of an article.
pub fn article_url(settings: &WebhookSettings, id: i64) -> String {
    format!("{}/news/{id}", settings.public_url.trim_end_matches('/'))
}
