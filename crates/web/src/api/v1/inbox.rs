//! The inbox (消息) over JSON: the organisation's messages (review outcomes, reminders) with
//! whether this account has read them, the unread count of the header's badge, marking one or
//! all read. The same service functions as `/inbox`.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::extract::{ApiPath, ApiQuery};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_service::inbox::read;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct InboxQuery {
    /// Only the messages this account has not read.
    pub unread: Option<bool>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxMessage {
    pub id: i64,
    /// What it is about: `returned`, `recommended`, `published`, `featured`, `rejected`,
    /// `unpublished`, `reminder` …
    pub kind: String,
    pub title: String,
    pub body: String,
    /// The article it is about, if any.
    pub article_id: Option<i64>,
    pub created_at: String,
    /// Whether this account has read it.
    pub read: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InboxResponse {
    pub items: Vec<InboxMessage>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
    pub unread: u64,
}

fn message(message: read::Message, read: bool) -> InboxMessage {
    InboxMessage {
        id: message.id,
        kind: message.kind,
        title: message.title,
        body: message.body,
        article_id: message.article_id,
        created_at: rfc3339(message.created_at),
        read,
    }
}

#[utoipa::path(get, path = "/api/v1/inbox", tag = "inbox", params(InboxQuery),
    responses((status = 200, body = InboxResponse, description = "My organisation's messages, newest first")),
    security(("bearer" = [])))]
pub async fn list_inbox(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<InboxQuery>,
) -> Result<Json<InboxResponse>, ApiError> {
    let paging = Paging::new(query.page, query.per_page)?;
    let items: Vec<InboxMessage> = read::list(&state.ctx, &caller.who)
        .await?
        .into_iter()
        .filter(|item| query.unread != Some(true) || !item.read)
        .map(|item| message(item.message, item.read))
        .collect();
    Ok(Json(InboxResponse {
        total: items.len() as u64,
        unread: read::unread_count(&state.ctx, &caller.who).await?,
        items: paging.cut(items),
        page: paging.page,
        per_page: paging.per_page,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnreadCount {
    /// Inbox messages this account has not read.
    pub messages: u64,
    /// Notices addressed to my organisation that nobody there has signed for.
    pub notices: u64,
}

#[utoipa::path(get, path = "/api/v1/inbox/unread-count", tag = "inbox",
    responses((status = 200, body = UnreadCount, description = "The header's badges")),
    security(("bearer" = [])))]
pub async fn count_unread(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<UnreadCount>, ApiError> {
    Ok(Json(UnreadCount {
        messages: read::unread_count(&state.ctx, &caller.who).await?,
        notices: jinguo_service::notices::unread_count(&state.ctx, &caller.who).await?,
    }))
}

#[utoipa::path(post, path = "/api/v1/inbox/{id}/read", tag = "inbox",
    params(("id" = i64, Path, description = "A message of my organisation")),
    responses((status = 200, body = InboxMessage, description = "Marked read for this account"),
              (status = 404, body = ErrorBody, description = "Missing, or another organisation's (`not_found`)")),
    security(("bearer" = [])))]
pub async fn mark_message_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<InboxMessage>, ApiError> {
    let marked = read::mark_read(&state.ctx, &caller.who, id).await?;
    Ok(Json(message(marked, true)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MarkedAll {
    /// How many were unread.
    pub marked: u64,
}

#[utoipa::path(post, path = "/api/v1/inbox/read-all", tag = "inbox",
    responses((status = 200, body = MarkedAll, description = "Every message marked read for this account")),
    security(("bearer" = [])))]
pub async fn mark_all_messages_read(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<MarkedAll>, ApiError> {
    let marked = read::mark_all_read(&state.ctx, &caller.who).await?;
    Ok(Json(MarkedAll {
        marked: marked as u64,
    }))
}
