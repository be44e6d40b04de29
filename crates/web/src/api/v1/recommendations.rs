//! A province's recommendation list (推荐名单) over JSON: read it in order with positions and
//! reasons, save the order and all reasons at once, set one reason, move one item, recall one,
//! and push (报送) what is new — below the campaign's minimum only when confirmed. Provincial
//! reviewers only; the same service functions as `/review/list`.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::extract::{ApiJson, ApiPath, ApiQuery};
use crate::api::v1::review::QuotaMeterResponse;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_domain::recommendation::Direction;
use jinguo_domain::review::{ReviewMove, ReviewRefused};
use jinguo_service::ServiceError;
use jinguo_service::review::act::act;
use jinguo_service::review::list::{RecommendationList, recommendation_list};
use jinguo_service::review::list_edit::{
    Arranged, PushOutcome, arrange, move_item, push_list, set_reason,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListQuery {
    /// The campaign; the first open one with quotas when absent.
    pub campaign: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ListItemResponse {
    /// 1, 2, 3 … in the province's order.
    pub position: i64,
    pub article_id: i64,
    pub title: String,
    pub post_name: String,
    /// `recommended`, or what national made of it (`published`, `featured`, `returned` …).
    pub status: String,
    /// The article's version, for a recall.
    pub version: i32,
    /// 推荐理由, at most 200 字.
    pub reason: String,
    pub recommended_at: String,
    /// When it was pushed (报送) to national; absent while new.
    pub pushed_at: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecommendationListResponse {
    pub campaign_id: i64,
    pub campaign_name: String,
    pub items: Vec<ListItemResponse>,
    pub total: u64,
    /// How many items the next push sends.
    pub unpushed: u64,
    /// The quota meter, for a campaign with quotas.
    pub meter: Option<QuotaMeterResponse>,
}

fn response(list: RecommendationList) -> RecommendationListResponse {
    RecommendationListResponse {
        campaign_id: list.campaign.id,
        campaign_name: list.campaign.name.clone(),
        total: list.items.len() as u64,
        unpushed: list.unpushed as u64,
        meter: list.meter.map(|m| QuotaMeterResponse {
            campaign_name: m.campaign_name,
            used: m.used,
            min: m.min,
            max: m.max,
        }),
        items: list
            .items
            .into_iter()
            .map(|item| ListItemResponse {
                position: item.row.position,
                article_id: item.article.id,
                title: item.article.content.title.clone(),
                post_name: item.post_name,
                status: item.article.status.as_str().into(),
                version: item.article.version,
                reason: item.row.reason,
                recommended_at: rfc3339(item.row.recommended_at),
                pushed_at: item.row.pushed_at.map(rfc3339),
            })
            .collect(),
    }
}

async fn current(
    state: &AppState,
    caller: &Caller,
    campaign: i64,
) -> Result<Json<RecommendationListResponse>, ApiError> {
    let list = recommendation_list(&state.ctx, &caller.who, Some(campaign)).await?;
    Ok(Json(response(list)))
}

#[utoipa::path(get, path = "/api/v1/recommendations", tag = "recommendations", params(ListQuery),
    responses((status = 200, body = RecommendationListResponse, description = "My province's list in its order"),
              (status = 403, body = ErrorBody, description = "Not a provincial reviewer (`forbidden`)")),
    security(("bearer" = [])))]
pub async fn show_recommendation_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> Result<Json<RecommendationListResponse>, ApiError> {
    let list = recommendation_list(&state.ctx, &caller.who, query.campaign).await?;
    Ok(Json(response(list)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArrangedItem {
    pub article_id: i64,
    /// 推荐理由, at most 200 字; empty to clear it.
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArrangeRequest {
    /// Every article of the list, in the new order, each with its reason.
    #[schema(max_items = 500)]
    pub items: Vec<ArrangedItem>,
}

#[utoipa::path(put, path = "/api/v1/recommendations/{campaign}", tag = "recommendations",
    params(("campaign" = i64, Path, description = "The campaign")), request_body = ArrangeRequest,
    responses((status = 200, body = RecommendationListResponse, description = "Order and every reason saved at once"),
              (status = 409, body = ErrorBody, description = "The list is not the one sent: an article was recommended or recalled meanwhile (`conflict`)")),
    security(("bearer" = [])))]
pub async fn arrange_recommendation_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(campaign): ApiPath<i64>,
    ApiJson(request): ApiJson<ArrangeRequest>,
) -> Result<Json<RecommendationListResponse>, ApiError> {
    let rows: Vec<Arranged> = request
        .items
        .into_iter()
        .map(|item| Arranged {
            article_id: item.article_id,
            reason: item.reason,
        })
        .collect();
    arrange(&state.ctx, &caller.who, campaign, &rows).await?;
    current(&state, &caller, campaign).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// 推荐理由, at most 200 字.
    pub reason: String,
}

#[utoipa::path(put, path = "/api/v1/recommendations/items/{id}/reason", tag = "recommendations",
    params(("id" = i64, Path, description = "An article of my province's list")), request_body = ReasonRequest,
    responses((status = 200, body = RecommendationListResponse, description = "Saved; the list as it now stands"),
              (status = 404, body = ErrorBody, description = "Not in my province's list (`not_found`)")),
    security(("bearer" = [])))]
pub async fn set_recommendation_reason(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(article): ApiPath<i64>,
    ApiJson(request): ApiJson<ReasonRequest>,
) -> Result<Json<RecommendationListResponse>, ApiError> {
    let campaign = set_reason(&state.ctx, &caller.who, article, &request.reason).await?;
    current(&state, &caller, campaign).await
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MoveDirection {
    Up,
    Down,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoveRequest {
    pub direction: MoveDirection,
}

#[utoipa::path(post, path = "/api/v1/recommendations/items/{id}/move", tag = "recommendations",
    params(("id" = i64, Path, description = "An article of my province's list")), request_body = MoveRequest,
    responses((status = 200, body = RecommendationListResponse, description = "Moved one place (nothing at either end)"),
              (status = 404, body = ErrorBody, description = "Not in my province's list (`not_found`)")),
    security(("bearer" = [])))]
pub async fn move_recommendation(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(article): ApiPath<i64>,
    ApiJson(request): ApiJson<MoveRequest>,
) -> Result<Json<RecommendationListResponse>, ApiError> {
    let direction = match request.direction {
        MoveDirection::Up => Direction::Up,
        MoveDirection::Down => Direction::Down,
    };
    let campaign = move_item(&state.ctx, &caller.who, article, direction).await?;
    current(&state, &caller, campaign).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecallRequest {
    /// The article's version as read; a changed article is a 409.
    pub version: Option<i32>,
}

#[utoipa::path(post, path = "/api/v1/recommendations/items/{id}/recall", tag = "recommendations",
    params(("id" = i64, Path, description = "An article of my province's list")), request_body = RecallRequest,
    responses((status = 200, body = RecommendationListResponse, description = "撤回推荐: back in my queue, its place freed"),
              (status = 409, body = ErrorBody, description = "National has acted on it, or it changed (`national_has_acted`, `conflict`)")),
    security(("bearer" = [])))]
pub async fn recall_recommendation(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(article): ApiPath<i64>,
    ApiJson(request): ApiJson<RecallRequest>,
) -> Result<Json<RecommendationListResponse>, ApiError> {
    let recalled = act(
        &state.ctx,
        &caller.who,
        article,
        ReviewMove::Unrecommend,
        "",
        request.version,
    )
    .await?;
    current(&state, &caller, recalled.campaign_id).await
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// Push even though the list is below the campaign's minimum (recorded in the audit log).
    #[serde(default)]
    pub confirm_below_minimum: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PushResponse {
    /// How many items went to national now.
    pub pushed: u64,
    /// How many the list holds.
    pub listed: u64,
    /// The minimum the list is below, when it was pushed below it.
    pub below_minimum: Option<u32>,
}

#[utoipa::path(post, path = "/api/v1/recommendations/{campaign}/push", tag = "recommendations",
    params(("campaign" = i64, Path, description = "The campaign")), request_body = PushRequest,
    responses((status = 200, body = PushResponse, description = "报送: the new items are in national's queue"),
              (status = 422, body = ErrorBody, description = "Below the minimum and not confirmed (`below_minimum`), nothing new (`nothing_to_push`), or outside the window (`window_closed`)")),
    security(("bearer" = [])))]
pub async fn push_recommendation_list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(campaign): ApiPath<i64>,
    ApiJson(request): ApiJson<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    match push_list(
        &state.ctx,
        &caller.who,
        campaign,
        request.confirm_below_minimum,
        &caller.meta,
    )
    .await?
    {
        PushOutcome::Pushed {
            pushed,
            count,
            below_min,
        } => Ok(Json(PushResponse {
            pushed,
            listed: count,
            below_minimum: below_min,
        })),
        PushOutcome::NeedsConfirmation { count, min } => Err(ApiError(ServiceError::Review(
            ReviewRefused::BelowMinimumUnconfirmed { count, min },
        ))),
    }
}
