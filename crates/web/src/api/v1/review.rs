//! The federations' review over JSON: the queue (filters as on the page), one article with its
//! history, diff base and sensitive words, and a move with a comment and the version it saw.
//! The same service functions as the `/review` pages.

use crate::api::v1::articles::ArticleResponse;
use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::{ApiJson, ApiPath, ApiQuery};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::review::highlight::highlight;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::review::{ReviewLevel, ReviewMove};
use jinguo_service::ServiceError;
use jinguo_service::review::act::act;
use jinguo_service::review::article::review_article;
use jinguo_service::review::queue::{QueueFilters, QueueTab, review_queue};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

fn level_name(level: ReviewLevel) -> &'static str {
    match level {
        ReviewLevel::National => "national",
        ReviewLevel::Provincial => "provincial",
        ReviewLevel::BelowProvincial => "below_provincial",
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewQueueQuery {
    /// `waiting` (default: what waits for my level — national: recommended and pushed, in each
    /// province's list order), `published` (national) or `processed` (what my federation has acted on).
    #[param(inline)]
    pub tab: Option<QueueTabName>,
    /// One of the statuses the level's queue shows (overrides the tab's statuses).
    pub status: Option<String>,
    /// A theme key, e.g. `guard`.
    pub theme: Option<String>,
    /// A subordinate unit's id: only articles of posts at or below it.
    pub unit: Option<i64>,
    /// A piece of the title.
    pub q: Option<String>,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QueueTabName {
    Waiting,
    Published,
    Processed,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewQueueItem {
    pub article: ArticleResponse,
    pub post_name: String,
    pub campaign_name: String,
    pub theme_names: Vec<String>,
    /// The province whose recommendation list holds it, its place there and the reason.
    pub province_name: Option<String>,
    pub list_position: Option<i64>,
    pub reason: Option<String>,
    /// The organisation holding it now (absent: with the post, or public).
    pub holder_name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct QuotaMeterResponse {
    pub campaign_name: String,
    /// Articles in the province's list (recommended, published, featured).
    pub used: u64,
    pub min: u32,
    pub max: u32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SilentUnitResponse {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SilentUnitsResponse {
    pub campaign_id: i64,
    pub campaign_name: String,
    /// How many direct subordinate units are tracked.
    pub tracked: usize,
    /// Those to chase: nothing submitted yet, or below their minimum (the dashboard's rule).
    pub units: Vec<SilentUnitResponse>,
    /// Posts the campaign does not admit (not national-level, revoked, military or
    /// classified): never chased.
    pub ineligible: Vec<SilentUnitResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewQueueResponse {
    /// `national`, `provincial` or `below_provincial`.
    pub level: String,
    pub items: Vec<ReviewQueueItem>,
    pub total: u64,
    /// Provincial level only: 已推荐 used / min–max per running campaign.
    pub meters: Vec<QuotaMeterResponse>,
    /// Per running campaign with quotas: the subordinate units with zero submissions.
    pub silent_units: Vec<SilentUnitsResponse>,
}

#[utoipa::path(get, path = "/api/v1/review/queue", tag = "review", params(ReviewQueueQuery),
    responses((status = 200, body = ReviewQueueResponse, description = "The articles my federation holds, newest change first"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a reviewer of a federation (`forbidden`)"),
              (status = 404, body = ErrorBody, description = "The `unit` is missing or outside my subtree (`not_found`)")),
    security(("bearer" = [])))]
pub async fn list_review_queue(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ReviewQueueQuery>,
) -> Result<Json<ReviewQueueResponse>, ApiError> {
    let paging = Paging::new(query.page, query.per_page)?;
    let filters = QueueFilters {
        tab: match query.tab {
            None | Some(QueueTabName::Waiting) => QueueTab::Waiting,
            Some(QueueTabName::Published) => QueueTab::Published,
            Some(QueueTabName::Processed) => QueueTab::Processed,
        },
        status: query.status.as_deref().and_then(ArticleStatus::parse),
        theme: query.theme.filter(|t| !t.is_empty()),
        unit: query.unit.map(OrgId),
        title: query.q.unwrap_or_default().trim().to_string(),
    };
    let queue = review_queue(
        &state.ctx,
        &caller.who,
        &filters,
        paging.page,
        paging.per_page,
    )
    .await?;
    Ok(Json(ReviewQueueResponse {
        level: level_name(queue.level).into(),
        items: queue
            .items
            .into_iter()
            .map(|item| ReviewQueueItem {
                article: ArticleResponse::of(&item.article),
                post_name: item.post_name,
                campaign_name: item.campaign_name,
                theme_names: item.theme_names,
                province_name: item.list_place.as_ref().map(|p| p.province_name.clone()),
                list_position: item.list_place.as_ref().map(|p| p.position),
                reason: item.list_place.map(|p| p.reason),
                holder_name: item.holder_name,
            })
            .collect(),
        total: queue.total,
        meters: queue
            .meters
            .into_iter()
            .map(|m| QuotaMeterResponse {
                campaign_name: m.campaign_name,
                used: m.used,
                min: m.min,
                max: m.max,
            })
            .collect(),
        silent_units: queue
            .silent
            .into_iter()
            .map(|s| SilentUnitsResponse {
                campaign_id: s.campaign_id,
                campaign_name: s.campaign_name,
                tracked: s.tracked,
                units: s
                    .to_chase
                    .into_iter()
                    .map(|u| SilentUnitResponse {
                        id: u.org.id.0,
                        name: u.org.name,
                    })
                    .collect(),
                ineligible: s
                    .ineligible
                    .into_iter()
                    .map(|u| SilentUnitResponse {
                        id: u.org.id.0,
                        name: u.org.name,
                    })
                    .collect(),
            })
            .collect(),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewEventResponse {
    pub at: String,
    pub actor_name: String,
    pub org_id: i64,
    /// The organisation's name at the time.
    pub org_name: String,
    pub from_status: String,
    pub to_status: String,
    /// `submit`, `resubmit`, `withdraw`, or a move such as `forward`.
    pub action: String,
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SensitiveWordsFound {
    /// Highlighted spans in the title, paragraphs, subheadings and captions.
    pub hits: usize,
    /// The listed words found, in the list's order.
    pub words: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewArticleResponse {
    pub article: ArticleResponse,
    pub post_id: i64,
    pub post_name: String,
    /// The federation the article sits at (`null`: back with the post).
    pub holder_name: Option<String>,
    /// `national`, `provincial` or `below_provincial`.
    pub level: String,
    /// The moves my federation may make now, e.g. `["forward", "return"]`.
    pub moves: Vec<String>,
    pub history: Vec<ReviewEventResponse>,
    /// The revision that was current when the article was last returned, when it has been
    /// revised since: what a reviewer compares against.
    pub diff_base_revision: Option<i32>,
    #[schema(value_type = Option<Object>)]
    pub diff_base_content: Option<jinguo_domain::content::ArticleContent>,
    pub sensitive_words: SensitiveWordsFound,
}

#[utoipa::path(get, path = "/api/v1/review/articles/{id}", tag = "review", params(("id" = i64, Path)),
    responses((status = 200, body = ReviewArticleResponse, description = "The article as a reviewer sees it"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a reviewer of a federation (`forbidden`)"),
              (status = 404, body = ErrorBody, description = doc::NOT_FOUND)),
    security(("bearer" = [])))]
pub async fn show_reviewed_article(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ReviewArticleResponse>, ApiError> {
    let detail = review_article(&state.ctx, &caller.who, id).await?;
    let article = &detail.article;
    let marked = highlight(&article.content, &detail.sensitive_words);
    let base = detail
        .returned_revision
        .as_ref()
        .filter(|base| base.revision < article.revision);
    Ok(Json(ReviewArticleResponse {
        article: ArticleResponse::of(article),
        post_id: detail.post.id.0,
        post_name: detail.post.name.clone(),
        holder_name: detail.holder.as_ref().map(|h| h.name.clone()),
        level: level_name(detail.level).into(),
        moves: detail.moves.iter().map(|m| m.as_str().into()).collect(),
        history: detail
            .events
            .iter()
            .map(|e| ReviewEventResponse {
                at: rfc3339(e.at),
                actor_name: e.actor_name.clone(),
                org_id: e.org_id,
                org_name: e.org_name.clone(),
                from_status: e.from_status.clone(),
                to_status: e.to_status.clone(),
                action: e.action.clone(),
                comment: e.comment.clone(),
            })
            .collect(),
        diff_base_revision: base.map(|b| b.revision),
        diff_base_content: base.map(|b| b.content.clone()),
        sensitive_words: SensitiveWordsFound {
            hits: marked.hits,
            words: marked.found,
        },
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewMoveRequest {
    /// Required to return, return to the province, reject and unpublish.
    #[serde(default)]
    pub comment: String,
    /// The article's version as the reviewer saw it.
    pub version: i32,
}

#[utoipa::path(post, path = "/api/v1/review/articles/{id}/{move}", tag = "review",
    params(("id" = i64, Path),
           ("move" = String, Path, description = "`forward`, `return`, `recommend`, `unrecommend`, `publish`, `return_to_province`, `reject`, `feature` or `unpublish`")),
    request_body = ReviewMoveRequest,
    responses((status = 200, body = ArticleResponse, description = "Moved; carries the new status and version"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a reviewer (`forbidden`), or not a move of my level (`wrong_level`)"),
              (status = 404, body = ErrorBody, description = "No such article in my subtree, or no such move (`not_found`)"),
              (status = 409, body = ErrorBody, description = "Changed meanwhile (`conflict`), not held by my federation (`not_holder`), or not possible from its status (`move_refused`)"),
              (status = 422, body = ErrorBody, description = "Comment missing (`comment_required`), outside the phase window (`window_closed`) or the province's list is full (`quota_exceeded`)")),
    security(("bearer" = [])))]
pub async fn make_review_move(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, name)): ApiPath<(i64, String)>,
    ApiJson(request): ApiJson<ReviewMoveRequest>,
) -> Result<Json<ArticleResponse>, ApiError> {
    let mv = ReviewMove::parse(&name).ok_or(ApiError(ServiceError::NotFound))?;
    let article = act(
        &state.ctx,
        &caller.who,
        id,
        mv,
        &request.comment,
        Some(request.version),
    )
    .await?;
    Ok(Json(ArticleResponse::of(&article)))
}

#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchMove {
    /// 上报 (below provincial level).
    Forward,
    /// 推荐 (provincial level).
    Recommend,
    /// 发布 (national: recommended and pushed).
    Publish,
    /// 退回省级 (national; `comment` required, sent with each).
    ReturnToProvince,
    /// 评为优秀 (national: published).
    Feature,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BatchRequest {
    #[serde(rename = "move")]
    #[schema(rename = "move")]
    pub review_move: BatchMove,
    /// At most 200 articles, moved one by one in this order.
    #[schema(min_items = 1, max_items = 200)]
    pub ids: Vec<i64>,
    /// The review comment, the same for each article; required for `return_to_province`.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub comment: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchItemResult {
    pub id: i64,
    /// The new status when the move went through.
    pub status: Option<String>,
    /// Why this one was refused (the others still moved).
    pub error: Option<crate::error::ErrorDetail>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BatchResponse {
    pub items: Vec<BatchItemResult>,
    pub moved: u64,
    pub refused: u64,
}

#[utoipa::path(post, path = "/api/v1/review/batch", tag = "review", request_body = BatchRequest,
    responses((status = 200, body = BatchResponse, description = "Each article in its own transaction; refusals listed per article")),
    security(("bearer" = [])))]
pub async fn review_many(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<BatchRequest>,
) -> Result<Json<BatchResponse>, ApiError> {
    let mv = match request.review_move {
        BatchMove::Forward => ReviewMove::Forward,
        BatchMove::Recommend => ReviewMove::Recommend,
        BatchMove::Publish => ReviewMove::Publish,
        BatchMove::ReturnToProvince => ReviewMove::ReturnToProvince,
        BatchMove::Feature => ReviewMove::Feature,
    };
    let outcomes = jinguo_service::review::act::act_on_many(
        &state.ctx,
        &caller.who,
        &request.ids,
        mv,
        &request.comment,
    )
    .await?;
    let items: Vec<BatchItemResult> = outcomes
        .into_iter()
        .map(|outcome| match outcome.result {
            Ok(article) => BatchItemResult {
                id: outcome.id,
                status: Some(article.status.as_str().into()),
                error: None,
            },
            Err(err) => BatchItemResult {
                id: outcome.id,
                status: None,
                error: Some(crate::error::detail_of(&err)),
            },
        })
        .collect();
    let moved = items.iter().filter(|i| i.status.is_some()).count() as u64;
    Ok(Json(BatchResponse {
        refused: items.len() as u64 - moved,
        moved,
        items,
    }))
}
