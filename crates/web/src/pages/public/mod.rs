//! The public showcase (SPEC §4): front page, article pages, lists by theme, province, industry
//! and campaign, search, feeds, the sitemap and the QR code of each article. Every page here is
//! the same for every visitor and goes through the page cache.

pub mod article;
pub mod cards;
pub mod chrome;
pub mod feeds;
pub mod home;
pub mod lists;
pub mod not_found;
pub mod qr;
pub mod search;
pub mod sitemap;

use crate::page_cache::Page;
use crate::state::AppState;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use std::future::Future;

pub const HTML: &str = "text/html; charset=utf-8";

/// Serves `uri` from the page cache, rendering it with `render` when the cached copy is missing
/// or older than this instance's view of the public side; a failed render is the Chinese error
/// page.
pub async fn cached<F, Fut>(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    content_type: &'static str,
    render: F,
) -> Response
where
    F: FnOnce(AppState, String) -> Fut,
    Fut: Future<Output = Result<String, crate::error::PageError>>,
{
    let path = uri.path().to_string();
    cached_as(
        state,
        uri,
        headers,
        content_type,
        |state, base| async move {
            match render(state.clone(), base.clone()).await {
                Ok(body) => Ok(body),
                // A public page whose object is missing: the public 404 with search and the latest.
                Err(crate::error::PageError(jinguo_service::ServiceError::NotFound)) => {
                    Err(PublicError::NotFound(
                        not_found::public_not_found_page(&state, &base, &path).await,
                    ))
                }
                Err(other) => Err(PublicError::Other(other)),
            }
        },
    )
    .await
}

/// How a public page's render fails: missing (the public 404, already rendered) or otherwise
/// (the error page).
pub enum PublicError {
    NotFound(Response),
    Other(crate::error::PageError),
}

impl From<jinguo_service::ServiceError> for PublicError {
    fn from(err: jinguo_service::ServiceError) -> Self {
        PublicError::Other(crate::error::PageError(err))
    }
}

impl IntoResponse for PublicError {
    fn into_response(self) -> Response {
        match self {
            PublicError::NotFound(page) => page,
            PublicError::Other(err) => err.into_response(),
        }
    }
}

/// [`cached`], with `E` as how a failed render answers (the public API's JSON error body).
pub async fn cached_as<F, Fut, E>(
    state: &AppState,
    uri: &Uri,
    headers: &HeaderMap,
    content_type: &'static str,
    render: F,
) -> Response
where
    F: FnOnce(AppState, String) -> Fut,
    Fut: Future<Output = Result<String, E>>,
    E: IntoResponse + From<jinguo_service::ServiceError>,
{
    let base = chrome::base_url(state, headers);
    let key = cache_key(&base, uri);
    let mut generation = state.ctx.showcase.generation();
    if generation < 0 {
        match jinguo_service::showcase::refresh(&state.ctx).await {
            Ok(g) => generation = g,
            Err(err) => return E::from(err).into_response(),
        }
    }
    if let Some(page) = state.pages.get(&key, generation) {
        return page.respond(headers);
    }
    let gate = state.pages.gate(&key);
    let _turn = match &gate {
        Some(gate) => Some(gate.lock().await),
        None => None,
    };
    // Whoever held the gate before may have rendered it meanwhile.
    if let Some(page) = state.pages.get(&key, generation) {
        return page.respond(headers);
    }
    let response = match render(state.clone(), base).await {
        Ok(body) => {
            let page = Page::new(
                generation,
                content_type,
                body,
                state.ctx.showcase.changed_at(),
            );
            state.pages.put(key.clone(), page).respond(headers)
        }
        Err(err) => err.into_response(),
    };
    if gate.is_some() {
        state.pages.release(&key);
    }
    response
}

/// The page cache's key: the site's base address, the path and the query.
pub fn cache_key(base: &str, uri: &Uri) -> String {
    match uri.query() {
        Some(q) => format!("{base}{}?{q}", uri.path()),
        None => format!("{base}{}", uri.path()),
    }
}

/// The outermost layer: a GET for a page the cache holds at the current generation is
/// answered here, before sessions, CSRF, compression and the rest — public pages are the same
/// for everyone, so nothing in those layers could change the answer.
pub async fn serve_from_cache(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    if request.method() == axum::http::Method::GET {
        let generation = state.ctx.showcase.generation();
        if generation >= 0 {
            let base = chrome::base_url(&state, request.headers());
            let key = cache_key(&base, request.uri());
            if let Some(page) = state.pages.get(&key, generation) {
                let mut response = page.respond(request.headers());
                crate::router::security_headers(response.headers_mut());
                return response;
            }
        }
    }
    next.run(request).await
}

/// `?page=N` of list pages; anything unreadable is page 1.
#[derive(Debug, serde::Deserialize, Default)]
pub struct PageQuery {
    pub page: Option<String>,
}

impl PageQuery {
    pub fn number(&self) -> u64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1)
    }
}
