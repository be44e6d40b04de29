//! `/inbox/{id}`: one message in full. Reading it changes nothing; the inbox list opens a
//! message through `POST /inbox/{id}/open`, which marks it read for this account and then
//! shows it (303 to `/inbox/{id}`).

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::inbox::article_link;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
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

/// `POST /inbox/{id}/open`: marks the message read, then shows it.
pub async fn open_message(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    inbox::mark_read(&state.ctx, &page.who, id).await?;
    Ok(Redirect::to(&format!("/inbox/{id}")).into_response())
}

/// `GET /inbox/{id}`: the message, read-only.
pub async fn show_message(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let message = inbox::get(&state.ctx, &page.who, id).await?;
    let view = MessagePage {
        chrome: Chrome::signed_in("站内消息", &page, "inbox"),
        link: article_link(&page.who, message.article_id),
        at: china_time_string(message.created_at),
        lines: message.body.lines().map(str::to_string).collect(),
        title: message.title,
    };
    Ok(render(StatusCode::OK, &view))
}
