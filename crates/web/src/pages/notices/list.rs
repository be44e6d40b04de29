//! `/notices`: the notices addressed to the organisation (未读 marked) and, for federations, the
//! ones it issued or forwarded with their read counts (已读 12/38).

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::clock::china_time_string;
use jinguo_service::notices;
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub tab: String,
}

pub struct Row {
    pub id: i64,
    pub title: String,
    pub issuer: String,
    pub issued_on: String,
    pub forwarded: bool,
    /// Received: 未读, or when and by whom it was first opened. Sent: “已读 3/38”.
    pub status: String,
    pub unread: bool,
}

#[derive(Template)]
#[template(path = "pages/notices/list.html")]
pub struct NoticeListPage {
    pub chrome: Chrome,
    pub sent_tab: bool,
    pub may_issue: bool,
    pub rows: Vec<Row>,
    pub unread: u64,
}

pub async fn list_notices(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let may_issue = notices::may_issue(&page.who);
    let sent_tab = query.tab == "sent" && may_issue;
    let rows = if sent_tab {
        notices::sent(&state.ctx, &page.who)
            .await?
            .into_iter()
            .map(|s| Row {
                id: s.notice.id,
                forwarded: s.notice.parent.is_some(),
                issuer: s.notice.issuer_name,
                issued_on: s.notice.issued_on,
                title: s.notice.title,
                status: format!("已读 {}/{}", s.read, s.total),
                unread: false,
            })
            .collect()
    } else {
        notices::received(&state.ctx, &page.who)
            .await?
            .into_iter()
            .map(|r| Row {
                id: r.notice.id,
                forwarded: r.notice.parent.is_some(),
                issuer: r.notice.issuer_name,
                issued_on: r.notice.issued_on,
                title: r.notice.title,
                unread: r.read_at.is_none(),
                status: match r.read_at {
                    Some(at) => format!("已读（{} {}）", china_time_string(at), r.read_by),
                    None => "未读".into(),
                },
            })
            .collect()
    };
    let view = NoticeListPage {
        chrome: Chrome::signed_in("通知", &page, "notices"),
        sent_tab,
        may_issue,
        rows,
        unread: page.notices_unread,
    };
    Ok(render(StatusCode::OK, &view))
}
