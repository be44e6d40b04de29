//! Static files embedded in the binary, served under names that carry a content hash so they
//! can be cached for a year.

use axum::extract::Path;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use blake2::{Blake2s256, Digest};
use rust_embed::Embed;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Embed)]
#[folder = "static/"]
struct Static;

/// path → short content hash
fn hashes() -> &'static HashMap<String, String> {
    static HASHES: OnceLock<HashMap<String, String>> = OnceLock::new();
    HASHES.get_or_init(|| {
        Static::iter()
            .filter_map(|path| {
                let file = Static::get(&path)?;
                let digest = Blake2s256::digest(&file.data);
                let short: String = digest.iter().take(6).map(|b| format!("{b:02x}")).collect();
                Some((path.to_string(), short))
            })
            .collect()
    })
}

/// The URL of an embedded file, e.g. `/static/3fa9c1d2e0b4/css/app.css`.
pub fn url(path: &str) -> String {
    let hash = hashes().get(path).map(String::as_str).unwrap_or("0");
    format!("/static/{hash}/{path}")
}

/// Browsers ask for `/favicon.ico` wherever a page names no icon (a photo opened on its own, a
/// bookmark): the site's mark, the same file the pages link to.
pub async fn favicon() -> Response {
    (
        StatusCode::MOVED_PERMANENTLY,
        [(header::LOCATION, url("favicon.svg"))],
    )
        .into_response()
}

pub async fn serve_static(Path((hash, path)): Path<(String, String)>) -> Response {
    let Some(file) = Static::get(&path) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let current = hashes().get(&path).map(String::as_str).unwrap_or("0");
    let cache = if hash == current {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let mime = match path.rsplit('.').next() {
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    };
    (
        [(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, cache)],
        file.data.into_owned(),
    )
        .into_response()
}
