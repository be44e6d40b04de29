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
    pub actor: String,
    pub from: String,
    pub to: String,
    /// Why the filter was not applied (a day that is not a date, or ends before it starts).
    pub filter_error: Option<String>,
    pub actions: Vec<(&'static str, &'static str)>,
    pub rows: Vec<AuditRow>,
    pub pager: Pager,
}

#[derive(Debug, Deserialize, Default)]
pub struct AuditQuery {
    #[serde(default)]
    pub action: String,
    /// Whoever did it, by exact username.
    #[serde(default)]
    pub actor: String,
    /// China days, `YYYY-MM-DD`, both included.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default, deserialize_with = "crate::pages::admin::pager::lenient_page")]
    pub page: Option<u64>,
}

pub async fn show_audit(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<AuditQuery>,
) -> Result<Response, PageError> {
    let (filter, mut filter_error) = filter_of(&query);
    let list = match audit::list(
        &state.ctx,
        &page.who,
        &filter,
        query.page.unwrap_or(1),
        Pager::PER_PAGE,
    )
    .await
    {
        Err(jinguo_service::ServiceError::Invalid(errors)) => {
            // From after to: say so and show the whole log rather than nothing.
            filter_error = errors
                .for_field("to")
                .map(|issue| format!("{}，以下为全部记录。", messages::issue(issue)));
            audit::list(
                &state.ctx,
                &page.who,
                &Default::default(),
                1,
                Pager::PER_PAGE,
            )
            .await?
        }
        other => other?,
    };
    let rows = list
        .events
        .iter()
        .map(|e| AuditRow {
            at: e
                .at
                .with_timezone(&china_offset())
                .format("%Y年%-m月%-d日 %H:%M:%S")
                .to_string(),
            action: messages::audit_action(&e.action).to_string(),
            actor: if e.actor_name.is_empty() {
                "—".into()
            } else {
                e.actor_name.clone()
            },
            target: e.target.clone(),
            detail: messages::audit_detail(&e.detail),
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
            format!(
                "action={}&actor={}&from={}&to={}",
                encode(&query.action),
                encode(&query.actor),
                encode(&query.from),
                encode(&query.to)
            ),
        ),
        action: query.action,
        actor: query.actor,
        from: query.from,
        to: query.to,
        filter_error,
    };
    Ok(render(StatusCode::OK, &view))
}

/// The service's filter from what the form sent; a day that does not read as a date is left
/// out of the filter and named in the answer.
fn filter_of(query: &AuditQuery) -> (audit::AuditFilter, Option<String>) {
    let mut error = None;
    let mut day = |text: &str, label: &str| {
        let text = text.trim();
        if text.is_empty() {
            return None;
        }
        let parsed = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").ok();
        if parsed.is_none() {
            error = Some(format!(
                "{label}“{text}”不是日期，请按 2026-05-09 的格式填写；未按该日期筛选。"
            ));
        }
        parsed
    };
    let from = day(&query.from, "开始日期");
    let to = day(&query.to, "结束日期");
    let filter = audit::AuditFilter {
        action: Some(query.action.trim().to_string()).filter(|a| !a.is_empty()),
        actor: Some(query.actor.trim().to_string()).filter(|a| !a.is_empty()),
        from,
        to,
    };
    (filter, error)
}
