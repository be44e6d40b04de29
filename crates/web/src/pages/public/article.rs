//! One published article: its blocks, who wrote it and where, its themes, the QR code of its
//! address for sharing in WeChat, and the articles before and after it.

use crate::error::PageError;
use crate::pages::articles::blocks::{BlockView, views};
use crate::pages::public::cards::CardView;
use crate::pages::public::chrome::PublicChrome;
use crate::pages::public::{HTML, cached};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Uri};
use axum::response::Response;
use jinguo_service::showcase;
use jinguo_storage::repo::showcase::Neighbour;

#[derive(Template)]
#[template(path = "pages/public/article.html")]
pub struct ArticlePage {
    pub chrome: PublicChrome,
    pub card: CardView,
    pub blocks: Vec<BlockView>,
    pub industry: String,
    pub campaign_name: String,
    pub campaign_slug: String,
    pub word_count: i32,
    pub older: Option<Neighbour>,
    pub newer: Option<Neighbour>,
}

/// An id that is not a number is simply a page that does not exist.
pub fn parse_id(raw: &str) -> Option<i64> {
    raw.parse().ok().filter(|id: &i64| *id > 0)
}

pub async fn show_article(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    cached(&state, &uri, &headers, HTML, |state, base| async move {
        let id = parse_id(&raw).ok_or(jinguo_service::ServiceError::NotFound)?;
        let article = showcase::pages::article(&state.ctx, id).await?;
        let card = CardView::from(&article.card);
        let mut chrome = PublicChrome::new(&state, &base, &card.href, card.title.clone(), "");
        chrome.description = card.excerpt.clone();
        chrome.og_type = "article";
        chrome.og_image = card.image.as_ref().map(|i| format!("{base}{i}"));
        ArticlePage {
            chrome,
            blocks: views(&article.content),
            industry: article.card.industry.clone(),
            campaign_name: article.card.campaign_name.clone(),
            campaign_slug: article.card.campaign_slug.clone(),
            word_count: article.word_count,
            older: article.older,
            newer: article.newer,
            card,
        }
        .render()
        .map_err(PageError::template)
    })
    .await
}
