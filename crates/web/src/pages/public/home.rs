//! The front page: the campaign banner, featured articles, the latest, a shelf per theme, and
//! the provinces and industries with their counts.

use crate::error::PageError;
use crate::pages::public::cards::CardView;
use crate::pages::public::chrome::PublicChrome;
use crate::pages::public::{HTML, cached};
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jinguo_domain::campaign::chinese_date;
use jinguo_service::showcase::{self, Facet};

pub struct ShelfView {
    pub key: String,
    pub label: String,
    pub count: u64,
    pub cards: Vec<CardView>,
}

#[derive(Template)]
#[template(path = "pages/public/home.html")]
pub struct HomePage {
    pub chrome: PublicChrome,
    pub campaign_name: String,
    pub campaign_dates: String,
    pub lead: Option<CardView>,
    pub featured: Vec<CardView>,
    pub latest: Vec<CardView>,
    pub shelves: Vec<ShelfView>,
    pub provinces: Vec<Facet>,
    pub industries: Vec<Facet>,
    pub total: u64,
    pub archives: Vec<(String, String)>,
}

pub async fn show_home(State(state): State<AppState>, uri: Uri, headers: HeaderMap) -> Response {
    cached(&state, &uri, &headers, HTML, |state, base| async move {
        let home = showcase::pages::home(&state.ctx).await?;
        let mut featured = CardView::list(&home.featured);
        let lead = (!featured.is_empty()).then(|| featured.remove(0));
        let (campaign_name, campaign_dates) = match &home.campaign {
            Some(c) => (
                c.name.clone(),
                c.display()
                    .map(|w| {
                        format!(
                            "展示时间：{} 至 {}",
                            chinese_date(w.opens),
                            chinese_date(w.closes)
                        )
                    })
                    .unwrap_or_default(),
            ),
            None => ("巾帼文明岗网上行".into(), String::new()),
        };
        let mut chrome = PublicChrome::new(&state, &base, "/", "首页", "home");
        chrome.og_image = lead
            .as_ref()
            .and_then(|c| c.image.as_ref())
            .map(|i| format!("{base}{i}"));
        let page = HomePage {
            chrome,
            campaign_name,
            campaign_dates,
            lead,
            featured,
            latest: CardView::list(&home.latest),
            shelves: home
                .themes
                .iter()
                .map(|s| ShelfView {
                    key: s.theme.key.clone(),
                    label: s.theme.label.clone(),
                    count: s.theme.count,
                    cards: CardView::list(&s.cards),
                })
                .collect(),
            provinces: home.provinces,
            industries: home.industries.into_iter().take(12).collect(),
            total: home.total,
            archives: home
                .archives
                .iter()
                .map(|c| (c.slug.clone(), c.name.clone()))
                .collect(),
        };
        page.render().map_err(PageError::template)
    })
    .await
}
