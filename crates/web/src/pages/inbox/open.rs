//! `/inbox/{id}`: one message in full; opening it marks it read for this account.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::inbox::article_link;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::clock::china_time_string;
use jinguo_service::inbox;

#[derive(Template)]
#[template(path = "pages/inbox/message.html")]
pub struct MessagePage {
    pub chrome: Chrome,
    pub title: String,
    pub at: String,
    /// The body, one paragraph per line.
    pub lines: Vec<String>,
    pub link: Option<String>,
}

pub async fn open_message(
    State(state): State<AppState>,
    mut page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let message = inbox::open(&state.ctx, &page.who, id).await?;
    // The badge counted this message before it was opened.
    page.unread = inbox::unread_count(&state.ctx, &page.who).await?;
    let view = MessagePage {
        chrome: Chrome::signed_in("站内消息", &page, "inbox"),
        link: article_link(&page.who, message.article_id),
        at: china_time_string(message.created_at),
        lines: message.body.lines().map(str::to_string).collect(),
        title: message.title,
    };
    Ok(render(StatusCode::OK, &view))
}
