//! The append-only audit log of my subtree.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::admin::pager::{Pager, encode};
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::clock::china_offset;
use jinguo_service::audit::{self, codes};
use serde::Deserialize;

pub struct AuditRow {
    pub at: String,
    pub action: String,
    pub actor: String,
    pub target: String,
    pub detail: String,
    pub ip: String,
    pub warn: bool,
}

#[derive(Template)]
#[template(path = "pages/admin/audit.html")]
pub struct AuditPage {
    pub chrome: Chrome,
    pub action: String,
    pub actions: Vec<(&'static str, &'static str)>,
    pub rows: Vec<AuditRow>,
    pub pager: Pager,
}

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    #[serde(default, deserialize_with = "crate::pages::admin::pager::lenient_page")]
    pub page: Option<u64>,
}

pub async fn show_audit(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let filter = (!query.action.is_empty()).then_some(query.action.as_str());
    let list = audit::list(
        &state.ctx,
        &page.who,
        filter,
        query.page.unwrap_or(1),
        Pager::PER_PAGE,
    )
    .await?;
    let rows = list
        .events
        .iter()
        .map(|e| AuditRow {
            at: e
                .at
                .with_timezone(&china_offset())
                .format("%Y-%m-%d %H:%M:%S")
                .to_string(),
            action: messages::audit_action(&e.action).to_string(),
            actor: if e.actor_name.is_empty() {
                "—".into()
            } else {
                e.actor_name.clone()
            },
            target: e.target.clone(),
            detail: messages::audit_detail(&e.detail).to_string(),
            ip: e.ip.clone(),
            warn: e.action == codes::LOGIN_FAILED || e.action == codes::ACCOUNT_LOCKED,
        })
        .collect();
    let view = AuditPage {
        chrome: Chrome::signed_in("审计日志", &page, "audit"),
        actions: codes::ALL
            .iter()
            .map(|c| (*c, messages::audit_action(c)))
            .collect(),
        rows,
        pager: Pager::new(
            query.page.unwrap_or(1),
            list.total,
            format!("action={}", encode(&query.action)),
        ),
        action: query.action,
    };
    Ok(render(StatusCode::OK, &view))
}
