//! Full-text search of the published articles, with theme and province filters and highlighted
//! snippets. Results are cached like any page (a query is a URL).

use crate::error::PageError;
use crate::pages::public::cards::{CardView, Paging};
use crate::pages::public::chrome::PublicChrome;
use crate::pages::public::{HTML, cached};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jinguo_service::showcase::pages::Facet;
use jinguo_service::showcase::search::SearchForm;
use jinguo_service::showcase::{self};

#[derive(Debug, Default, serde::Deserialize)]
pub struct SearchParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub province: String,
    pub page: Option<String>,
}

/// A piece of a title or snippet; `hit` pieces are wrapped in `<mark>` by the template, each
/// piece escaped on its own.
pub struct Piece {
    pub text: String,
    pub hit: bool,
}

pub struct ResultView {
    pub card: CardView,
    pub title: Vec<Piece>,
    pub snippet: Vec<Piece>,
}

#[derive(Template)]
#[template(path = "pages/public/search.html")]
pub struct SearchPage {
    pub chrome: PublicChrome,
    pub q: String,
    pub theme: String,
    pub province: String,
    pub themes: Vec<Facet>,
    pub provinces: Vec<Facet>,
    pub results: Vec<ResultView>,
    pub total: u64,
    pub asked: bool,
    pub paging: Paging,
}

fn pieces(fragments: Vec<jinguo_search::Fragment>) -> Vec<Piece> {
    fragments
        .into_iter()
        .map(|f| Piece {
            text: f.text,
            hit: f.highlighted,
        })
        .collect()
}

pub async fn show_search(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<SearchParams>,
) -> Response {
    cached(&state, &uri, &headers, HTML, |state, base| async move {
        let form = SearchForm {
            q: params.q.clone(),
            theme: Some(params.theme.clone()).filter(|t| !t.is_empty()),
            province: Some(params.province.clone()).filter(|p| !p.is_empty()),
            page: params
                .page
                .as_deref()
                .and_then(|p| p.parse().ok())
                .unwrap_or(1),
        };
        let found = showcase::search::search(&state.ctx, &form).await?;
        let directory = showcase::pages::current_directory(&state.ctx).await?;
        let mut chrome = PublicChrome::new(&state, &base, "/search", "搜索", "search");
        if !found.q.is_empty() {
            chrome.title = format!("搜索：{}", found.q);
        }
        chrome.query = found.q.clone();
        let base_query = serde_urlencoded::to_string([
            ("q", found.q.as_str()),
            ("theme", params.theme.as_str()),
            ("province", params.province.as_str()),
        ])
        .unwrap_or_default();
        SearchPage {
            chrome,
            q: found.q.clone(),
            theme: params.theme.clone(),
            province: params.province.clone(),
            themes: showcase::pages::theme_facets(&directory),
            provinces: showcase::pages::province_facets(&directory),
            total: found.total,
            asked: found.asked,
            paging: Paging {
                page: found.page,
                pages: found.pages,
                total: found.total,
                path: format!("/search?{base_query}&"),
            },
            results: found
                .hits
                .into_iter()
                .map(|hit| ResultView {
                    card: CardView::from(&hit.card),
                    title: pieces(hit.title),
                    snippet: pieces(hit.snippet),
                })
                .collect(),
        }
        .render()
        .map_err(PageError::template)
    })
    .await
}
