//! Webhook rules: the event types subscribers choose from, which review move emits which, the
//! retry schedule, and what a subscriber URL may be (http(s) only; private and loopback
//! addresses refused unless the deployment allows them).

use crate::article::ArticleStatus;
use std::net::{IpAddr, Ipv4Addr};

/// What happened to a published article, as subscribers see it (and as the API names it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum EventType {
    /// 发布: the article went public.
    #[serde(rename = "article.published")]
    Published,
    /// 撤稿: the article left the public side.
    #[serde(rename = "article.unpublished")]
    Unpublished,
    /// 评为优秀: the article was featured.
    #[serde(rename = "article.featured")]
    Featured,
    /// A public article's public fields changed while it stayed public. In this system the
    /// text of a public article is frozen (no move edits it), so the one such change is the
    /// featured flag: 评为优秀 emits `article.updated` beside `article.featured`, so a mirror
    /// that keeps only the current state needs published, updated and unpublished.
    #[serde(rename = "article.updated")]
    Updated,
}

impl EventType {
    pub const ALL: [EventType; 4] = [
        EventType::Published,
        EventType::Unpublished,
        EventType::Featured,
        EventType::Updated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EventType::Published => "article.published",
            EventType::Unpublished => "article.unpublished",
            EventType::Featured => "article.featured",
            EventType::Updated => "article.updated",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|e| e.as_str() == s)
    }
}

/// The events a status change emits (none for the moves that never touch the public side).
pub fn events_for_change(from: ArticleStatus, to: ArticleStatus) -> &'static [EventType] {
    match (from.is_public(), to) {
        (false, ArticleStatus::Published) => &[EventType::Published],
        (true, ArticleStatus::Featured) => &[EventType::Featured, EventType::Updated],
        (true, ArticleStatus::Unpublished) => &[EventType::Unpublished],
        _ => &[],
    }
}

/// The retry schedule: the first retry `base_seconds` after the first failure, then doubling,
/// each wait at most `cap_seconds`; no attempt starts more than `give_up_seconds` after the
/// event, after which the delivery is failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base_seconds: i64,
    pub cap_seconds: i64,
    pub give_up_seconds: i64,
}

impl Default for Backoff {
    /// 30 s, 1 min, 2 min, 4 min … at most an hour apart, for 24 hours.
    fn default() -> Self {
        Backoff {
            base_seconds: 30,
            cap_seconds: 3600,
            give_up_seconds: 24 * 3600,
        }
    }
}

impl Backoff {
    /// Seconds to wait after the `failures`-th failed attempt (1 for the first).
    pub fn wait_after(self, failures: u32) -> i64 {
        let doubling = failures.saturating_sub(1).min(30);
        self.base_seconds
            .saturating_mul(1i64 << doubling)
            .min(self.cap_seconds)
            .max(1)
    }
}

/// Why a subscriber URL is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlRefused {
    #[error("only http:// and https:// addresses")]
    Scheme,
    #[error("not a valid address")]
    Malformed,
    #[error("a loopback, private or link-local address")]
    Private,
}

/// The longest subscriber URL accepted.
pub const MAX_URL_CHARS: usize = 500;

/// Checks a subscriber URL: `http` or `https`, a host, no credentials, no spaces or
/// backslashes; a literal IP address (or `localhost`) that is loopback, private, link-local
/// or otherwise not public is refused unless `allow_private`. Names are checked again when
/// they resolve, at each delivery.
pub fn check_target_url(url: &str, allow_private: bool) -> Result<(), UrlRefused> {
    if url.chars().count() > MAX_URL_CHARS
        || url
            .chars()
            .any(|c| c.is_whitespace() || c == '\\' || c.is_control())
    {
        return Err(UrlRefused::Malformed);
    }
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else {
        return Err(UrlRefused::Scheme);
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.is_empty() || authority.contains('@') {
        return Err(UrlRefused::Malformed);
    }
    let (host, port) = if let Some(bracketed) = authority.strip_prefix('[') {
        let (host, after) = bracketed.split_once(']').ok_or(UrlRefused::Malformed)?;
        (host, after.strip_prefix(':'))
    } else {
        match authority.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (authority, None),
        }
    };
    if host.is_empty() || port.is_some_and(|p| p.parse::<u16>().is_err()) {
        return Err(UrlRefused::Malformed);
    }
    if allow_private {
        return Ok(());
    }
    let host = host.trim_end_matches('.');
    if host == "localhost" || host.ends_with(".localhost") {
        return Err(UrlRefused::Private);
    }
    match host.parse::<IpAddr>() {
        Ok(ip) if !is_public_ip(ip) => Err(UrlRefused::Private),
        _ => Ok(()),
    }
}

/// Whether an address is one a webhook may be sent to when private targets are not allowed:
/// not loopback, private (RFC 1918, unique-local), link-local, shared (100.64/10),
/// unspecified, broadcast, multicast or documentation space.
pub fn is_public_ip(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public_v4(v4);
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8)
        }
    }
}

fn is_public_v4(v4: Ipv4Addr) -> bool {
    let [a, b, ..] = v4.octets();
    !(v4.is_loopback()
        || v4.is_private()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_broadcast()
        || v4.is_multicast()
        || v4.is_documentation()
        || a == 0
        || (a == 100 && (64..128).contains(&b))
        || a >= 240)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_names_are_the_same_in_json_and_in_the_store() {
        for event in EventType::ALL {
            let json = serde_json::to_value(event).unwrap();
            assert_eq!(json, serde_json::Value::from(event.as_str()));
            assert_eq!(serde_json::from_value::<EventType>(json).unwrap(), event);
            assert_eq!(EventType::parse(event.as_str()), Some(event));
        }
        assert!(serde_json::from_str::<EventType>(r#""published""#).is_err());
    }

    #[test]
    fn moves_onto_and_off_the_public_side_emit_events() {
        use ArticleStatus::*;
        assert_eq!(
            events_for_change(Recommended, Published),
            &[EventType::Published]
        );
        assert_eq!(
            events_for_change(Published, Featured),
            &[EventType::Featured, EventType::Updated]
        );
        assert_eq!(
            events_for_change(Published, Unpublished),
            &[EventType::Unpublished]
        );
        assert_eq!(
            events_for_change(Featured, Unpublished),
            &[EventType::Unpublished]
        );
        assert!(events_for_change(Pending, Recommended).is_empty());
        assert!(events_for_change(Recommended, Rejected).is_empty());
        for e in EventType::ALL {
            assert_eq!(EventType::parse(e.as_str()), Some(e));
        }
    }

    #[test]
    fn the_backoff_doubles_from_thirty_seconds_up_to_its_cap() {
        let b = Backoff::default();
        let waits: Vec<i64> = (1..=9).map(|n| b.wait_after(n)).collect();
        assert_eq!(waits, [30, 60, 120, 240, 480, 960, 1920, 3600, 3600]);
        assert_eq!(b.wait_after(200), 3600);
    }

    #[test]
    fn subscriber_urls_must_be_http_and_public_unless_allowed() {
        let ok = [
            "https://www.cnwomen.com.cn/hook",
            "http://portal.example.cn:8080/x?y=1",
        ];
        for url in ok {
            assert_eq!(check_target_url(url, false), Ok(()), "{url}");
        }
        let cases = [
            ("ftp://example.cn/", UrlRefused::Scheme),
            ("file:///etc/passwd", UrlRefused::Scheme),
            ("javascript:alert(1)", UrlRefused::Scheme),
            ("https://", UrlRefused::Malformed),
            ("https://user:pw@example.cn/", UrlRefused::Malformed),
            ("https://exa mple.cn/", UrlRefused::Malformed),
            ("http://example.cn:99999/", UrlRefused::Malformed),
            ("http://127.0.0.1:8080/", UrlRefused::Private),
            ("http://localhost/", UrlRefused::Private),
            ("http://10.1.2.3/", UrlRefused::Private),
            (
                "http://169.254.169.254/latest/meta-data",
                UrlRefused::Private,
            ),
            ("http://[::1]/", UrlRefused::Private),
            ("http://[::ffff:192.168.0.1]/", UrlRefused::Private),
            ("http://[fd00::1]/", UrlRefused::Private),
            ("http://100.64.0.1/", UrlRefused::Private),
        ];
        for (url, refused) in cases {
            assert_eq!(check_target_url(url, false), Err(refused), "{url}");
        }
        assert_eq!(check_target_url("http://127.0.0.1:8080/", true), Ok(()));
        assert_eq!(
            check_target_url("ftp://127.0.0.1/", true),
            Err(UrlRefused::Scheme)
        );
    }
}
