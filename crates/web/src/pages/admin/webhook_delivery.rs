//! One webhook delivery: its every attempt (status code, response excerpt, error, duration,
//! which instance sent it) and 重新发送.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::admin::webhooks::{DeliveryRow, delivery_row};
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::clock::china_time_string;
use jinguo_service::webhooks::deliveries;

pub struct AttemptRow {
    pub started_at: String,
    pub duration_ms: i64,
    pub status_code: String,
    pub excerpt: String,
    pub error: String,
    pub worker: String,
}

#[derive(Template)]
#[template(path = "pages/admin/webhook_delivery.html")]
pub struct WebhookDeliveryPage {
    pub chrome: Chrome,
    pub delivery: DeliveryRow,
    pub attempts: Vec<AttemptRow>,
}

pub async fn show_delivery(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let (view, attempts) = deliveries::detail(&state.ctx, &page.who, id).await?;
    Ok(render(
        StatusCode::OK,
        &WebhookDeliveryPage {
            chrome: Chrome::signed_in("推送记录", &page, "webhooks"),
            delivery: delivery_row(&view),
            attempts: attempts
                .iter()
                .map(|a| AttemptRow {
                    started_at: china_time_string(a.started_at),
                    duration_ms: a.duration_ms,
                    status_code: a.status_code.map(|c| c.to_string()).unwrap_or_default(),
                    excerpt: a.response_excerpt.clone(),
                    error: a.error.clone().unwrap_or_default(),
                    worker: a.worker.clone(),
                })
                .collect(),
        },
    ))
}

pub async fn resend_delivery(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    deliveries::resend(&state.ctx, &page.who, id, &page.meta).await?;
    Ok(Redirect::to("/admin/webhooks?notice=resent").into_response())
}
