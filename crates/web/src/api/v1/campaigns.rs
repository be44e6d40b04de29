//! Campaigns and columns with their rules, for integrations and the editor.

use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_domain::campaign::CampaignRules;
use jinguo_service::campaigns::view;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignResponse {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    /// Themes, windows (inclusive China dates), eligibility, quotas and content limits.
    #[schema(value_type = Object)]
    pub rules: CampaignRules,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignListResponse {
    pub items: Vec<CampaignResponse>,
}

#[utoipa::path(get, path = "/api/v1/campaigns", tag = "articles",
    responses((status = 200, body = CampaignListResponse, description = "Every campaign and column"),
              (status = 401, body = ErrorBody, description = crate::api::v1::doc::UNAUTHENTICATED)),
    security(("bearer" = [])))]
pub async fn list_campaigns(
    State(state): State<AppState>,
    _caller: Caller,
) -> Result<Json<CampaignListResponse>, ApiError> {
    let items = view::list(&state.ctx)
        .await?
        .into_iter()
        .map(|c| CampaignResponse {
            id: c.id,
            slug: c.slug,
            name: c.name,
            description: c.description,
            rules: c.rules,
        })
        .collect();
    Ok(Json(CampaignListResponse { items }))
}
