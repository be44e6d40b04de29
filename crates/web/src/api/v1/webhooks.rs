//! Webhook subscriptions and their deliveries over JSON, for national administrators: the same
//! service functions as the 推送订阅 page (`/admin/webhooks`), so every change is audited the
//! same way and the secret is shown only in the answer that creates it.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::{ApiJson, ApiPath};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jinguo_domain::webhook::EventType;
use jinguo_service::webhooks::{deliveries, subscriptions};
use jinguo_storage::repo::webhooks::{Attempt, DeliveryView, Subscription, events_of};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionResponse {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: Vec<EventType>,
    /// Disabled subscriptions receive nothing; their pending deliveries wait.
    pub active: bool,
    /// The secret's last four characters (“…9f3a”); the secret itself is never shown again.
    pub secret_hint: String,
    pub created_at: String,
    pub updated_at: String,
}

impl SubscriptionResponse {
    fn of(sub: &Subscription) -> SubscriptionResponse {
        SubscriptionResponse {
            id: sub.id,
            url: sub.url.clone(),
            description: sub.description.clone(),
            events: events_of(sub),
            active: sub.active,
            secret_hint: subscriptions::secret_hint(sub),
            created_at: rfc3339(sub.created_at),
            updated_at: rfc3339(sub.updated_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SubscriptionListResponse {
    pub items: Vec<SubscriptionResponse>,
    pub total: u64,
}

#[utoipa::path(get, path = "/api/v1/webhooks", tag = "webhooks",
    responses((status = 200, body = SubscriptionListResponse, description = "Every subscription, active or not"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)")),
    security(("bearer" = [])))]
pub async fn list_webhooks(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<SubscriptionListResponse>, ApiError> {
    let items: Vec<_> = subscriptions::list(&state.ctx, &caller.who)
        .await?
        .iter()
        .map(SubscriptionResponse::of)
        .collect();
    Ok(Json(SubscriptionListResponse {
        total: items.len() as u64,
        items,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateSubscriptionRequest {
    /// Where deliveries are POSTed: http(s), a public address.
    #[schema(example = "https://www.cnwomen.com.cn/jinguo/hook")]
    pub url: String,
    /// Who receives it, e.g. 中国妇女网 (at most 100 characters).
    #[serde(default)]
    pub description: String,
    /// 16 to 200 characters; absent or empty: one is generated (`whsec_…`).
    #[serde(default)]
    pub secret: String,
    /// At least one.
    pub events: Vec<EventType>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CreatedSubscriptionResponse {
    /// The signing secret, in this answer only.
    pub secret: String,
    pub subscription: SubscriptionResponse,
}

#[utoipa::path(post, path = "/api/v1/webhooks", tag = "webhooks", request_body = CreateSubscriptionRequest,
    responses((status = 201, body = CreatedSubscriptionResponse, description = "Registered and audited; the secret is in this answer only"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)"),
              (status = 422, body = ErrorBody, description = "A private or non-http address, a short secret, no events (`invalid`, with `fields`)")),
    security(("bearer" = [])))]
pub async fn create_webhook(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CreateSubscriptionRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let input = subscriptions::SubscriptionInput {
        url: request.url,
        description: request.description,
        secret: request.secret,
        events: request.events,
    };
    let created = subscriptions::create(&state.ctx, &caller.who, &input, &caller.meta).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedSubscriptionResponse {
            secret: created.secret,
            subscription: SubscriptionResponse::of(&created.subscription),
        }),
    ))
}

async fn set_active(
    state: &AppState,
    caller: &Caller,
    id: i64,
    active: bool,
) -> Result<Json<SubscriptionResponse>, ApiError> {
    let sub = subscriptions::set_active(&state.ctx, &caller.who, id, active, &caller.meta).await?;
    Ok(Json(SubscriptionResponse::of(&sub)))
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/disable", tag = "webhooks",
    params(("id" = i64, Path, description = "Subscription id")),
    responses((status = 200, body = SubscriptionResponse, description = "Disabled: nothing is sent to it until enabled"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)"),
              (status = 404, body = ErrorBody, description = "No such subscription (`not_found`)")),
    security(("bearer" = [])))]
pub async fn disable_webhook(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SubscriptionResponse>, ApiError> {
    set_active(&state, &caller, id, false).await
}

#[utoipa::path(post, path = "/api/v1/webhooks/{id}/enable", tag = "webhooks",
    params(("id" = i64, Path, description = "Subscription id")),
    responses((status = 200, body = SubscriptionResponse, description = "Enabled again"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)"),
              (status = 404, body = ErrorBody, description = "No such subscription (`not_found`)")),
    security(("bearer" = [])))]
pub async fn enable_webhook(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<SubscriptionResponse>, ApiError> {
    set_active(&state, &caller, id, true).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryResponse {
    pub id: i64,
    /// The `X-Jinguo-Delivery` header: the same on every attempt and on 重新发送.
    pub delivery_key: String,
    pub event: String,
    pub article_id: i64,
    pub subscription_id: i64,
    pub url: String,
    /// `pending`, `delivered` or `failed` (gave up after 24 hours).
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: String,
    pub give_up_at: String,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub delivered_at: Option<String>,
    pub created_at: String,
}

impl DeliveryResponse {
    fn of(view: &DeliveryView) -> DeliveryResponse {
        let d = &view.delivery;
        DeliveryResponse {
            id: d.id,
            delivery_key: d.delivery_key.clone(),
            event: view.event_type.clone(),
            article_id: view.article_id,
            subscription_id: d.subscription_id,
            url: view.url.clone(),
            status: d.status.clone(),
            attempts: d.attempts,
            next_attempt_at: rfc3339(d.next_attempt_at),
            give_up_at: rfc3339(d.give_up_at),
            last_status_code: d.last_status_code,
            last_error: d.last_error.clone(),
            delivered_at: d.delivered_at.map(rfc3339),
            created_at: rfc3339(d.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryListResponse {
    /// The latest 50, newest first.
    pub items: Vec<DeliveryResponse>,
    pub total: u64,
}

#[utoipa::path(get, path = "/api/v1/webhooks/deliveries", tag = "webhooks",
    responses((status = 200, body = DeliveryListResponse, description = "The latest deliveries, newest first"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)")),
    security(("bearer" = [])))]
pub async fn list_webhook_deliveries(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<DeliveryListResponse>, ApiError> {
    let items: Vec<_> = deliveries::recent(&state.ctx, &caller.who)
        .await?
        .iter()
        .map(DeliveryResponse::of)
        .collect();
    Ok(Json(DeliveryListResponse {
        total: items.len() as u64,
        items,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttemptResponse {
    pub started_at: String,
    pub duration_ms: i64,
    /// The receiver's HTTP status; absent when it could not be reached.
    pub status_code: Option<i32>,
    /// The first characters of the receiver's answer.
    pub response_excerpt: String,
    pub error: Option<String>,
    /// The instance's worker that made the attempt.
    pub worker: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryDetailResponse {
    pub delivery: DeliveryResponse,
    /// Oldest first.
    pub attempts: Vec<AttemptResponse>,
}

fn attempt(a: &Attempt) -> AttemptResponse {
    AttemptResponse {
        started_at: rfc3339(a.started_at),
        duration_ms: a.duration_ms,
        status_code: a.status_code,
        response_excerpt: a.response_excerpt.clone(),
        error: a.error.clone(),
        worker: a.worker.clone(),
    }
}

#[utoipa::path(get, path = "/api/v1/webhooks/deliveries/{id}", tag = "webhooks",
    params(("id" = i64, Path, description = "Delivery id")),
    responses((status = 200, body = DeliveryDetailResponse, description = "One delivery with every attempt and answer"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)"),
              (status = 404, body = ErrorBody, description = "No such delivery (`not_found`)")),
    security(("bearer" = [])))]
pub async fn show_webhook_delivery(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<DeliveryDetailResponse>, ApiError> {
    let (view, attempts) = deliveries::detail(&state.ctx, &caller.who, id).await?;
    Ok(Json(DeliveryDetailResponse {
        delivery: DeliveryResponse::of(&view),
        attempts: attempts.iter().map(attempt).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/webhooks/deliveries/{id}/resend", tag = "webhooks",
    params(("id" = i64, Path, description = "Delivery id")),
    responses((status = 202, description = "Queued for a new attempt now (重新发送), same key and body; audited"),
              (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
              (status = 403, body = ErrorBody, description = "Not a national administrator (`forbidden`)"),
              (status = 404, body = ErrorBody, description = "No such delivery (`not_found`)"),
              (status = 409, body = ErrorBody, description = "Being sent right now (`conflict`)")),
    security(("bearer" = [])))]
pub async fn resend_webhook_delivery(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    deliveries::resend(&state.ctx, &caller.who, id, &caller.meta).await?;
    Ok(StatusCode::ACCEPTED)
}
