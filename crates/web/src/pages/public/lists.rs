//! List pages: all articles, featured, by theme, province, industry and campaign (the archive of
//! past campaigns and the 岗位动态 column), twelve to a page; and the index of provinces.

use crate::error::PageError;
use crate::pages::public::cards::{CardView, Paging};
use crate::pages::public::chrome::PublicChrome;
use crate::pages::public::{HTML, PageQuery, cached};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jinguo_service::showcase::{self, Facet, Scope};

#[derive(Template)]
#[template(path = "pages/public/list.html")]
pub struct ListPage {
    pub chrome: PublicChrome,
    pub heading: String,
    pub kicker: &'static str,
    pub subtitle: String,
    pub cards: Vec<CardView>,
    pub paging: Paging,
    pub feed_path: Option<String>,
    /// Sibling links shown above the list (the other themes, say).
    pub siblings: Vec<Facet>,
    pub current_key: String,
    pub sibling_base: &'static str,
}

async fn render_list(
    state: &AppState,
    base: &str,
    path: &str,
    scope: Scope,
    page: u64,
) -> Result<String, PageError> {
    let listing = showcase::pages::list(&state.ctx, &scope, page).await?;
    let directory = showcase::pages::current_directory(&state.ctx).await?;
    let (kicker, active, feed_path, siblings, current_key, sibling_base) = match &scope {
        Scope::All => (
            "全部",
            "news",
            Some("/feeds/rss.xml".to_string()),
            vec![],
            String::new(),
            "",
        ),
        Scope::Featured => ("优秀展示", "featured", None, vec![], String::new(), ""),
        Scope::Theme(key) => (
            "主题",
            "themes",
            Some(format!("/feeds/theme/{key}/rss.xml")),
            showcase::pages::theme_facets(&directory),
            key.clone(),
            "/themes/",
        ),
        Scope::Province(code) => (
            "地区",
            "provinces",
            Some(format!("/feeds/province/{code}/rss.xml")),
            vec![],
            code.clone(),
            "/provinces/",
        ),
        Scope::Industry(name) => ("行业", "home", None, vec![], name.clone(), ""),
        Scope::Campaign(slug) => (
            "活动",
            "home",
            Some(format!("/feeds/campaign/{slug}/rss.xml")),
            vec![],
            slug.clone(),
            "",
        ),
    };
    let mut chrome = PublicChrome::new(state, base, path, listing.title.clone(), active);
    if let Some(feed) = &feed_path {
        chrome.feed = Some(format!("{base}{feed}"));
    }
    if !listing.subtitle.is_empty() {
        chrome.description = listing.subtitle.clone();
    }
    if page > 1 {
        chrome.title = format!("{}（第 {page} 页）", listing.title);
    }
    ListPage {
        chrome,
        heading: listing.title.clone(),
        kicker,
        subtitle: listing.subtitle.clone(),
        cards: CardView::list(&listing.cards),
        paging: Paging {
            page: listing.page,
            pages: listing.pages,
            total: listing.total,
            path: path.to_string(),
        },
        feed_path,
        siblings,
        current_key,
        sibling_base,
    }
    .render()
    .map_err(PageError::template)
}

macro_rules! list_handler {
    ($name:ident, $scope:expr) => {
        pub async fn $name(
            State(state): State<AppState>,
            uri: Uri,
            headers: HeaderMap,
            Query(q): Query<PageQuery>,
        ) -> Response {
            let path = uri.path().to_string();
            cached(&state, &uri, &headers, HTML, |state, base| async move {
                render_list(&state, &base, &path, $scope, q.number()).await
            })
            .await
        }
    };
}

list_handler!(show_all, Scope::All);
list_handler!(show_featured, Scope::Featured);

macro_rules! keyed_list_handler {
    ($name:ident, $variant:ident) => {
        pub async fn $name(
            State(state): State<AppState>,
            Path(key): Path<String>,
            uri: Uri,
            headers: HeaderMap,
            Query(q): Query<PageQuery>,
        ) -> Response {
            let path = uri.path().to_string();
            cached(&state, &uri, &headers, HTML, |state, base| async move {
                render_list(&state, &base, &path, Scope::$variant(key), q.number()).await
            })
            .await
        }
    };
}

keyed_list_handler!(show_theme, Theme);
keyed_list_handler!(show_province, Province);
keyed_list_handler!(show_industry, Industry);
keyed_list_handler!(show_campaign, Campaign);

#[derive(Template)]
#[template(path = "pages/public/provinces.html")]
pub struct ProvincesPage {
    pub chrome: PublicChrome,
    pub provinces: Vec<Facet>,
    pub industries: Vec<Facet>,
}

/// Every province with its count, and every industry.
pub async fn show_provinces(
    State(state): State<AppState>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    cached(&state, &uri, &headers, HTML, |state, base| async move {
        let directory = showcase::pages::current_directory(&state.ctx).await?;
        ProvincesPage {
            chrome: PublicChrome::new(&state, &base, "/provinces", "各地展示", "provinces"),
            provinces: showcase::pages::province_facets(&directory),
            industries: showcase::pages::industry_facets(&directory),
        }
        .render()
        .map_err(PageError::template)
    })
    .await
}
