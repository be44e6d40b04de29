//! The preview: the article exactly as the public article page will render it.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::blocks::{BlockView, views};
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_service::articles::view;
use jinguo_service::orgs;

#[derive(Template)]
#[template(path = "pages/articles/preview.html")]
pub struct PreviewPage {
    pub chrome: Chrome,
    pub back_url: String,
    pub campaign_name: String,
    pub themes: Vec<String>,
    pub title: String,
    pub post_name: String,
    pub work_unit: String,
    pub province: String,
    pub blocks: Vec<BlockView>,
}

pub async fn show_preview(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let detail = view::detail(&state.ctx, &page.who, id).await?;
    let content = &detail.article.content;
    let chain = page.who.org.path.ids();
    let names = orgs::view::names_of(&state.ctx, &chain).await?;
    let province = chain
        .get(1)
        .and_then(|id| names.get(id))
        .cloned()
        .unwrap_or_default();
    let back_url = if detail.article.status.is_editable_by_post() {
        format!("/articles/{id}/edit")
    } else {
        format!("/articles/{id}")
    };
    let view = PreviewPage {
        chrome: Chrome::signed_in("预览", &page, "articles"),
        back_url,
        campaign_name: detail.campaign.name.clone(),
        themes: content
            .themes
            .iter()
            .filter_map(|k| detail.campaign.rules.theme(k).map(|t| t.name.clone()))
            .collect(),
        title: content.title.clone(),
        post_name: page.who.org.name.clone(),
        work_unit: page
            .who
            .org
            .post
            .as_ref()
            .map(|p| p.work_unit.clone())
            .unwrap_or_default(),
        province,
        blocks: views(content),
    };
    Ok(render(StatusCode::OK, &view))
}
