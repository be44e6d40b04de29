//! The frame of every public page: title, description and Open Graph meta, canonical address,
//! the showcase navigation and the search box. The same for every visitor, signed in or not,
//! so a rendered page can be cached and served to anyone.

use crate::state::AppState;
use axum::http::HeaderMap;
use axum::http::header;

#[derive(Debug, Clone)]
pub struct PublicChrome {
    pub title: String,
    pub description: String,
    /// Absolute address of this page.
    pub canonical: String,
    /// Absolute address of the page's picture for link previews.
    pub og_image: Option<String>,
    /// `article` on an article page, `website` elsewhere.
    pub og_type: &'static str,
    /// Which navigation entry is current: home, featured, themes, provinces, search.
    pub active: &'static str,
    pub asset_css: String,
    pub asset_public_css: String,
    pub base: String,
    pub query: String,
    /// Alternate feed for this page (RSS), absolute.
    pub feed: Option<String>,
    pub asset_icon: String,
    /// The 长者模式 script, loaded in `<head>` so large text applies before the page is drawn.
    pub asset_prefs_js: String,
    /// The footer's 主办/承办, contact and registration numbers.
    pub site: crate::state::SiteIdentity,
}

impl PublicChrome {
    pub fn new(
        state: &AppState,
        base: &str,
        path: &str,
        title: impl Into<String>,
        active: &'static str,
    ) -> Self {
        PublicChrome {
            title: title.into(),
            description: "“巾帼文明岗网上行”：树时代文明，展巾帼风采。集中展示各行各业巾帼文明岗的岗位新姿和精神面貌。".into(),
            canonical: format!("{base}{path}"),
            og_image: None,
            og_type: "website",
            active,
            asset_css: crate::assets::url("css/app.css"),
            asset_public_css: crate::assets::url("css/public.css"),
            base: base.to_string(),
            query: String::new(),
            feed: Some(format!("{base}/feeds/rss.xml")),
            asset_icon: crate::assets::url("favicon.svg"),
            asset_prefs_js: crate::assets::url("js/prefs.js"),
            site: state.web.site.clone(),
        }
    }
}

/// The site's absolute base address: the configured public URL, else the request's host if it
/// is one of the allowed hosts, else the first allowed host (`localhost` when none is set). The
/// page cache keys on it, so only configured names ever make a separate copy of a page.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(url) = &state.web.public_url {
        return url.trim_end_matches('/').to_string();
    }
    let allowed = &state.web.allowed_hosts;
    let requested = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let host = requested
        .and_then(|h| allowed.iter().find(|a| a.eq_ignore_ascii_case(h)))
        .or_else(|| allowed.first())
        .map_or("localhost", String::as_str);
    format!("http://{host}")
}
