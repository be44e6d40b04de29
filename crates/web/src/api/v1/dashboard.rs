//! The dashboard's figures for integrations: counts by status, the viewer's quota meter and each
//! direct subordinate unit's figures and quota state, for one campaign in the caller's subtree.

use crate::api::v1::doc;
use crate::api::v1::extract::ApiQuery;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_service::stats::QuotaState;
use jinguo_service::stats::dashboard::dashboard;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DashboardQuery {
    /// A campaign id; the current 网上行 campaign when absent.
    pub campaign: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCount {
    /// `pending`, `returned`, `recommended`, `published`, `featured`, `rejected`,
    /// `unpublished`, `draft` (withdrawn after a submission).
    pub status: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UnitFigures {
    pub org_id: i64,
    pub name: String,
    /// `provincial`, `district` or `post`.
    pub kind: String,
    pub submitted: u64,
    pub pending: u64,
    pub recommended: u64,
    /// Published or featured.
    pub published: u64,
    /// A province's articles in its recommendation list.
    pub in_list: u64,
    /// `none`, `silent` (nothing submitted), `below`, `met`, `over` or `ineligible` (a post the campaign does not admit).
    pub quota: String,
    /// How many articles are missing to the minimum (when `below`).
    pub missing: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DashboardResponse {
    pub org_id: i64,
    pub campaign_id: i64,
    /// Articles submitted at least once in the caller's subtree.
    pub submitted: u64,
    pub by_status: Vec<StatusCount>,
    pub units: Vec<UnitFigures>,
}

fn quota(state: QuotaState) -> (&'static str, u64) {
    match state {
        QuotaState::None => ("none", 0),
        QuotaState::Silent => ("silent", 0),
        QuotaState::Below { missing } => ("below", missing),
        QuotaState::Met => ("met", 0),
        QuotaState::Over => ("over", 0),
        QuotaState::Ineligible => ("ineligible", 0),
    }
}

#[utoipa::path(get, path = "/api/v1/dashboard", tag = "review", params(DashboardQuery),
    responses((status = 200, body = DashboardResponse, description = "The figures of my subtree"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a reviewer or admin of a federation (`forbidden`)"),
              (status = 404, body = ErrorBody, description = "No such campaign (`not_found`)")),
    security(("bearer" = [])))]
pub async fn show_dashboard(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<DashboardQuery>,
) -> Result<Json<DashboardResponse>, ApiError> {
    let d = dashboard(&state.ctx, &caller.who, query.campaign).await?;
    Ok(Json(DashboardResponse {
        org_id: d.org.id.0,
        campaign_id: d.campaign.id,
        submitted: d.submitted,
        by_status: d
            .by_status
            .iter()
            .map(|(s, n)| StatusCount {
                status: s.as_str().to_string(),
                count: *n,
            })
            .collect(),
        units: d
            .units
            .into_iter()
            .map(|u| {
                let (quota, missing) = quota(u.quota);
                UnitFigures {
                    org_id: u.org.id.0,
                    name: u.org.name,
                    kind: u.org.kind.as_str().to_string(),
                    submitted: u.figures.submitted,
                    pending: u.figures.pending,
                    recommended: u.figures.recommended,
                    published: u.figures.published,
                    in_list: u.figures.in_list,
                    quota: quota.to_string(),
                    missing,
                }
            })
            .collect(),
    }))
}
