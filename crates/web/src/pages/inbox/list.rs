//! `/inbox`: the organisation's messages, newest first, unread ones marked; and marking all read.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::clock::china_time_string;
use jinguo_service::inbox;

pub struct MessageRow {
    pub id: i64,
    pub title: String,
    pub at: String,
    pub read: bool,
    pub reminder: bool,
}

#[derive(Template)]
#[template(path = "pages/inbox/list.html")]
pub struct InboxPage {
    pub chrome: Chrome,
    pub messages: Vec<MessageRow>,
    pub unread: usize,
}

pub async fn show_inbox(State(state): State<AppState>, page: Page) -> Result<Response, PageError> {
    let messages: Vec<MessageRow> = inbox::list(&state.ctx, &page.who)
        .await?
        .into_iter()
        .map(|item| MessageRow {
            id: item.message.id,
            reminder: item.message.kind == "reminder",
            title: item.message.title,
            at: china_time_string(item.message.created_at),
            read: item.read,
        })
        .collect();
    let view = InboxPage {
        chrome: Chrome::signed_in("站内消息", &page, "inbox"),
        unread: messages.iter().filter(|m| !m.read).count(),
        messages,
    };
    Ok(render(StatusCode::OK, &view))
}

pub async fn mark_all_read(
    State(state): State<AppState>,
    page: Page,
) -> Result<Response, PageError> {
    inbox::mark_all_read(&state.ctx, &page.who).await?;
    Ok(Redirect::to("/inbox").into_response())
}
