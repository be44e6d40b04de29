//! Rendered public pages, kept per URL until the public side changes.
//!
//! An entry remembers the change-log generation it was rendered at; the service layer moves the
//! generation forward when this or any other instance publishes, unpublishes, features or
//! renames something public (see `jinguo_service::showcase::live`). A hit therefore costs an
//! atomic load, a map lookup and a copy of a reference-counted buffer. Compressed variants are
//! made on the first request that accepts them and kept with the entry. Every response carries
//! an `ETag` (a hash of the body) and `Last-Modified` (the latest public change), and
//! conditional requests get `304 Not Modified`.

use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use blake2::{Blake2s256, Digest};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Beyond this many entries, or this many bytes of pages, the cache starts over: a bound
/// against floods of distinct URLs (real traffic has a few thousand public URLs at most, about
/// 30 MB of pages). Hosts never multiply entries: the key's host is a configured one.
const MAX_ENTRIES: usize = 20_000;
const MAX_BYTES: usize = 96 * 1024 * 1024;

/// How a cached page is revalidated: browsers and proxies ask again each time and get a 304.
const CACHE_CONTROL: &str = "public, max-age=0, must-revalidate";

pub struct Page {
    generation: i64,
    content_type: &'static str,
    body: Bytes,
    gzip: OnceLock<Bytes>,
    brotli: OnceLock<Bytes>,
    etag: HeaderValue,
    last_modified: Option<HeaderValue>,
    modified_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct PageCache {
    enabled: bool,
    pages: RwLock<HashMap<String, Arc<Page>>>,
    /// What the entries weigh (see `Page::weight`), kept under the `pages` write lock.
    bytes: std::sync::atomic::AtomicUsize,
    /// One render per URL at a time: the requests that miss together wait for the first
    /// (otherwise sixty-four readers arriving after a publication render the front page
    /// sixty-four times).
    rendering: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
    /// Lookups answered from the cache and lookups that had to render (for `/metrics`).
    hits: std::sync::atomic::AtomicU64,
    misses: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for PageCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageCache")
            .field("enabled", &self.enabled)
            .field("entries", &self.len())
            .finish()
    }
}

impl PageCache {
    /// `enabled: false` renders every request (for measuring a miss, or debugging templates);
    /// conditional requests and compression still work.
    pub fn new(enabled: bool) -> Self {
        PageCache {
            enabled,
            pages: RwLock::new(HashMap::new()),
            bytes: std::sync::atomic::AtomicUsize::new(0),
            rendering: Mutex::new(HashMap::new()),
            hits: std::sync::atomic::AtomicU64::new(0),
            misses: std::sync::atomic::AtomicU64::new(0),
        }
    }

    pub fn len(&self) -> usize {
        self.pages.read().map(|p| p.len()).unwrap_or(0)
    }

    /// What the held pages weigh in bytes, compressed variants included.
    pub fn bytes(&self) -> usize {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The page for `key` if it was rendered at `generation`.
    pub fn get(&self, key: &str, generation: i64) -> Option<Arc<Page>> {
        if !self.enabled {
            return None;
        }
        let pages = self.pages.read().ok()?;
        let found = pages
            .get(key)
            .filter(|p| p.generation == generation)
            .cloned();
        let counter = if found.is_some() {
            &self.hits
        } else {
            &self.misses
        };
        counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        found
    }

    /// (hits, misses) since start.
    pub fn lookups(&self) -> (u64, u64) {
        (
            self.hits.load(std::sync::atomic::Ordering::Relaxed),
            self.misses.load(std::sync::atomic::Ordering::Relaxed),
        )
    }

    /// The gate a miss of `key` passes before rendering (None when caching is off).
    pub fn gate(&self, key: &str) -> Option<Arc<tokio::sync::Mutex<()>>> {
        if !self.enabled {
            return None;
        }
        let mut rendering = self.rendering.lock().ok()?;
        Some(rendering.entry(key.to_string()).or_default().clone())
    }

    /// Forgets the gate of `key` once its page is in (or its render failed).
    pub fn release(&self, key: &str) {
        if let Ok(mut rendering) = self.rendering.lock() {
            rendering.remove(key);
        }
    }

    /// Keeps a freshly rendered page (when caching is on) and returns it.
    pub fn put(&self, key: String, page: Page) -> Arc<Page> {
        let page = Arc::new(page);
        if self.enabled
            && let Ok(mut pages) = self.pages.write()
        {
            use std::sync::atomic::Ordering::Relaxed;
            let weight = page.weight() + key.len();
            let mut bytes = self.bytes.load(Relaxed);
            if let Some(old) = pages.get(&key) {
                bytes = bytes.saturating_sub(old.weight() + key.len());
            }
            if pages.len() >= MAX_ENTRIES || bytes + weight > MAX_BYTES {
                pages.clear();
                bytes = 0;
            }
            pages.insert(key, page.clone());
            self.bytes.store(bytes + weight, Relaxed);
        }
        page
    }
}

impl Page {
    pub fn new(
        generation: i64,
        content_type: &'static str,
        body: String,
        modified_at: Option<DateTime<Utc>>,
    ) -> Page {
        let digest = Blake2s256::digest(body.as_bytes());
        let tag: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
        let etag = HeaderValue::from_str(&format!("\"{tag}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
        // HTTP dates have whole seconds.
        let modified_at =
            modified_at.map(|t| DateTime::from_timestamp(t.timestamp(), 0).unwrap_or(t));
        let last_modified = modified_at.and_then(|t| {
            HeaderValue::from_str(&t.format("%a, %d %b %Y %H:%M:%S GMT").to_string()).ok()
        });
        Page {
            generation,
            content_type,
            body: Bytes::from(body),
            gzip: OnceLock::new(),
            brotli: OnceLock::new(),
            etag,
            last_modified,
            modified_at,
        }
    }

    /// The memory the page takes with its compressed variants (made later, each well under
    /// half the size of the HTML they compress).
    fn weight(&self) -> usize {
        self.body.len() * 2
    }

    fn gzip(&self) -> &Bytes {
        self.gzip.get_or_init(|| {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            let _ = encoder.write_all(&self.body);
            Bytes::from(encoder.finish().unwrap_or_default())
        })
    }

    fn brotli(&self) -> &Bytes {
        self.brotli.get_or_init(|| {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 6,
                lgwin: 20,
                ..Default::default()
            };
            let _ = brotli::BrotliCompress(&mut &self.body[..], &mut out, &params);
            Bytes::from(out)
        })
    }

    fn not_modified(&self, request: &HeaderMap) -> bool {
        if let Some(tags) = request.get(header::IF_NONE_MATCH) {
            let tags = tags.to_str().unwrap_or("");
            let ours = self.etag.to_str().unwrap_or("");
            return tags.trim() == "*"
                || tags
                    .split(',')
                    .map(|t| t.trim().trim_start_matches("W/"))
                    .any(|t| t == ours);
        }
        match (request.get(header::IF_MODIFIED_SINCE), self.modified_at) {
            (Some(since), Some(modified)) => since
                .to_str()
                .ok()
                .and_then(|s| DateTime::parse_from_rfc2822(s).ok())
                .is_some_and(|since| modified <= since),
            _ => false,
        }
    }

    /// The response to a GET with these request headers: 304, or the body in the best encoding
    /// the client accepts (brotli, then gzip, then none).
    pub fn respond(&self, request: &HeaderMap) -> Response {
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, self.etag.clone());
        if let Some(lm) = &self.last_modified {
            headers.insert(header::LAST_MODIFIED, lm.clone());
        }
        headers.insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        );
        headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        if self.not_modified(request) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static(self.content_type),
        );
        let accepts = |coding: &str| {
            request
                .get_all(header::ACCEPT_ENCODING)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .any(|part| {
                    let mut pieces = part.split(';');
                    let name = pieces.next().unwrap_or("").trim();
                    let refused = pieces.any(|p| matches!(p.trim(), "q=0" | "q=0.0" | "q=0.00"));
                    name.eq_ignore_ascii_case(coding) && !refused
                })
        };
        let body = if accepts("br") {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("br"));
            self.brotli().clone()
        } else if accepts("gzip") {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            self.gzip().clone()
        } else {
            self.body.clone()
        };
        (StatusCode::OK, headers, Body::from(body)).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page() -> Page {
        let at = DateTime::parse_from_rfc3339("2026-06-01T04:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        Page::new(
            3,
            "text/html; charset=utf-8",
            "<p>巾帼</p>".repeat(50),
            Some(at),
        )
    }

    #[test]
    fn entries_of_an_older_generation_are_misses() {
        let cache = PageCache::new(true);
        cache.put("/".into(), page());
        assert!(cache.get("/", 3).is_some());
        assert!(cache.get("/", 4).is_none());
        assert!(PageCache::new(false).get("/", 3).is_none());
    }

    #[test]
    fn conditional_requests_get_304() {
        let p = page();
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, p.etag.clone());
        assert_eq!(p.respond(&h).status(), StatusCode::NOT_MODIFIED);
        let mut h = HeaderMap::new();
        h.insert(header::IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert_eq!(p.respond(&h).status(), StatusCode::OK);
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Mon, 01 Jun 2026 04:00:00 GMT"),
        );
        assert_eq!(p.respond(&h).status(), StatusCode::NOT_MODIFIED);
        let mut h = HeaderMap::new();
        h.insert(
            header::IF_MODIFIED_SINCE,
            HeaderValue::from_static("Mon, 01 Jun 2026 03:59:59 GMT"),
        );
        assert_eq!(p.respond(&h).status(), StatusCode::OK);
    }

    #[test]
    fn the_best_accepted_encoding_is_chosen() {
        let p = page();
        let encoding = |accept: &str| {
            let mut h = HeaderMap::new();
            h.insert(
                header::ACCEPT_ENCODING,
                HeaderValue::from_str(accept).unwrap(),
            );
            p.respond(&h)
                .headers()
                .get(header::CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap().to_string())
        };
        assert_eq!(encoding("gzip, deflate, br").as_deref(), Some("br"));
        assert_eq!(encoding("gzip").as_deref(), Some("gzip"));
        assert_eq!(encoding("br;q=0, gzip").as_deref(), Some("gzip"));
        assert_eq!(encoding("identity"), None);
        assert!(p.gzip().len() < p.body.len() / 4);
        assert!(p.brotli().len() < p.body.len() / 4);
    }
}
