//! The public “页面不存在” (404): in the public frame, with the search box and the latest
//! articles, so a reader who followed a stale link (an unpublished article, a mistyped address)
//! finds her way on rather than a dead end. Used by every public page whose object is missing and
//! by the router's fallback for unknown addresses. Never cached: a 404 is cheap and rare.

use crate::pages::public::cards::CardView;
use crate::pages::public::chrome::{PublicChrome, base_url};
use crate::pages::render::render_error_page;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{Html, IntoResponse, Response};
use jinguo_service::showcase;

/// Latest articles shown beside the apology.
const LATEST: usize = 6;

#[derive(Template)]
#[template(path = "pages/public/not_found.html")]
pub struct NotFoundPage {
    pub chrome: PublicChrome,
    pub latest: Vec<CardView>,
}

/// The public 404 for `path`; should the latest articles be unreadable, the plain error page.
pub async fn public_not_found_page(state: &AppState, base: &str, path: &str) -> Response {
    let latest = match showcase::pages::home(&state.ctx).await {
        Ok(home) => CardView::list(&home.latest)
            .into_iter()
            .take(LATEST)
            .collect(),
        Err(err) => {
            tracing::warn!(error = %err, "latest articles for the 404 page failed");
            Vec::new()
        }
    };
    let mut chrome = PublicChrome::new(state, base, path, "页面不存在", "");
    chrome.description = "您访问的页面不存在或已撤下。".into();
    let page = NotFoundPage { chrome, latest };
    match page.render() {
        Ok(html) => (StatusCode::NOT_FOUND, Html(html)).into_response(),
        Err(err) => {
            tracing::error!(error = %err, "template failed");
            render_error_page(
                StatusCode::NOT_FOUND,
                "您访问的页面不存在，请检查网址是否正确。",
            )
        }
    }
}

/// The router's fallback: any address no route knows.
pub async fn unknown_address(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let base = base_url(&state, &headers);
    public_not_found_page(&state, &base, uri.path()).await
}
