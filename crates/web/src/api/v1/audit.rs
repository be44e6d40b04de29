//! The audit log of my subtree over JSON, newest first, filtered by action, actor and China days.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::{ApiQuery, invalid};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::messages;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_domain::validation::FieldIssue;
use jinguo_service::audit::{self, codes};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventResponse {
    pub id: i64,
    pub at: String,
    /// Stable code, e.g. `login_failed`, `org_merged`.
    pub action: String,
    /// The action in Chinese, e.g. 登录失败.
    pub action_label: String,
    /// Username of whoever did it; empty for failed logins.
    pub actor_name: String,
    pub target: String,
    pub detail: String,
    /// The detail in Chinese where it is a code (e.g. `wrong_password` → 密码错误).
    pub detail_label: String,
    pub ip: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditListResponse {
    pub items: Vec<AuditEventResponse>,
    /// Events matching the filter, on all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListAuditQuery {
    /// One action code only, e.g. `login_failed`.
    #[param(value_type = Option<AuditActionCode>)]
    pub action: Option<String>,
    /// Whoever did it, by exact username, e.g. `cq_admin`.
    pub actor: Option<String>,
    /// From this China day (Asia/Shanghai), included.
    #[param(value_type = Option<String>, format = Date, example = "2026-05-01")]
    pub from: Option<chrono::NaiveDate>,
    /// To this China day, included; not before `from`.
    #[param(value_type = Option<String>, format = Date, example = "2026-05-31")]
    pub to: Option<chrono::NaiveDate>,
    /// 1-based page number (default 1).
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    /// Rows per page, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

/// The audit log's action codes, as the document lists them.
pub struct AuditActionCode;

impl utoipa::PartialSchema for AuditActionCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .enum_values(Some(codes::ALL.iter().copied()))
            .into()
    }
}

impl utoipa::ToSchema for AuditActionCode {}

#[utoipa::path(
    get,
    path = "/api/v1/audit",
    tag = "audit",
    params(ListAuditQuery),
    responses(
        (status = 200, body = AuditListResponse, description = "A page of events, newest first"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = "Admins only"),
        (status = 422, body = ErrorBody, description = "Unknown action code, a day that is not a date, or `to` before `from`")
    ),
    security(("bearer" = []))
)]
pub async fn list_audit_events(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListAuditQuery>,
) -> Result<Json<AuditListResponse>, ApiError> {
    let action = query
        .action
        .as_deref()
        .map(str::trim)
        .filter(|a| !a.is_empty());
    if action.is_some_and(|a| !codes::ALL.contains(&a)) {
        return Err(invalid("action", FieldIssue::NotAllowedHere));
    }
    let paging = Paging::new(query.page, query.per_page)?;
    let filter = audit::AuditFilter {
        action: action.map(str::to_string),
        actor: query.actor.filter(|a| !a.trim().is_empty()),
        from: query.from,
        to: query.to,
    };
    let list = audit::list(
        &state.ctx,
        &caller.who,
        &filter,
        paging.page,
        paging.per_page,
    )
    .await?;
    let items = list
        .events
        .into_iter()
        .map(|e| AuditEventResponse {
            id: e.id,
            at: rfc3339(e.at),
            action_label: messages::audit_action(&e.action).to_string(),
            detail_label: messages::audit_detail(&e.detail),
            action: e.action,
            actor_name: e.actor_name,
            target: e.target,
            detail: e.detail,
            ip: e.ip,
        })
        .collect();
    Ok(Json(AuditListResponse {
        items,
        total: list.total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}
