//! 推送订阅 (webhooks): national admins list the subscribers, add one (its secret shown once,
//! on the page that answers the form), disable or re-enable one, and see the latest deliveries.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::clock::china_time_string;
use jinguo_domain::webhook::EventType;
use jinguo_service::ServiceError;
use jinguo_service::webhooks::{deliveries, subscriptions};
use jinguo_storage::repo::webhooks::{DeliveryView, Subscription, events_of};
use serde::Deserialize;

/// The Chinese name of an event type.
pub fn event_label(code: &str) -> &'static str {
    match EventType::parse(code) {
        Some(EventType::Published) => "发布",
        Some(EventType::Unpublished) => "撤稿",
        Some(EventType::Featured) => "评为优秀",
        Some(EventType::Updated) => "内容更新",
        None => "未知",
    }
}

/// The Chinese name of a delivery status and its tag class.
pub fn status_label(status: &str) -> (&'static str, &'static str) {
    match status {
        "delivered" => ("已送达", "tag-ok"),
        "failed" => ("失败", "tag-warn"),
        _ => ("待发送", "tag-info"),
    }
}

pub struct SubscriptionRow {
    pub id: i64,
    pub url: String,
    pub description: String,
    pub events: String,
    pub secret_hint: String,
    pub active: bool,
    pub created_at: String,
}

pub struct DeliveryRow {
    pub id: i64,
    pub key: String,
    pub event: &'static str,
    pub article_id: i64,
    pub url: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub attempts: i32,
    pub last_code: String,
    pub next_at: String,
    pub created_at: String,
}

pub fn delivery_row(view: &DeliveryView) -> DeliveryRow {
    let d = &view.delivery;
    let (status, status_class) = status_label(&d.status);
    DeliveryRow {
        id: d.id,
        key: d.delivery_key.clone(),
        event: event_label(&view.event_type),
        article_id: view.article_id,
        url: view.url.clone(),
        status,
        status_class,
        attempts: d.attempts,
        last_code: match (d.last_status_code, &d.last_error) {
            (Some(code), _) => code.to_string(),
            (None, Some(_)) => "网络错误".into(),
            (None, None) => String::new(),
        },
        next_at: if d.status == "pending" {
            china_time_string(d.next_attempt_at)
        } else {
            String::new()
        },
        created_at: china_time_string(d.created_at),
    }
}

fn subscription_row(sub: &Subscription) -> SubscriptionRow {
    SubscriptionRow {
        id: sub.id,
        url: sub.url.clone(),
        description: sub.description.clone(),
        events: events_of(sub)
            .iter()
            .map(|e| event_label(e.as_str()))
            .collect::<Vec<_>>()
            .join("、"),
        secret_hint: subscriptions::secret_hint(sub),
        active: sub.active,
        created_at: china_time_string(sub.created_at),
    }
}

/// One event type's checkbox on the form.
pub struct EventChoice {
    pub name: &'static str,
    pub code: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "pages/admin/webhooks.html")]
pub struct WebhooksPage {
    pub chrome: Chrome,
    pub subscriptions: Vec<SubscriptionRow>,
    pub deliveries: Vec<DeliveryRow>,
    pub choices: Vec<EventChoice>,
    pub url: String,
    pub description: String,
    /// The secret of the subscription just created: shown this once.
    pub new_secret: String,
    pub notice: String,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct SubscriptionForm {
    #[serde(default)]
    pub url: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub secret: String,
    #[serde(default)]
    pub ev_published: Option<String>,
    #[serde(default)]
    pub ev_unpublished: Option<String>,
    #[serde(default)]
    pub ev_featured: Option<String>,
    #[serde(default)]
    pub ev_updated: Option<String>,
}

impl SubscriptionForm {
    fn events(&self) -> Vec<EventType> {
        [
            (EventType::Published, &self.ev_published),
            (EventType::Unpublished, &self.ev_unpublished),
            (EventType::Featured, &self.ev_featured),
            (EventType::Updated, &self.ev_updated),
        ]
        .into_iter()
        .filter(|(_, v)| v.is_some())
        .map(|(e, _)| e)
        .collect()
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub notice: String,
}

fn choices(checked: &[EventType]) -> Vec<EventChoice> {
    [
        ("ev_published", EventType::Published),
        ("ev_unpublished", EventType::Unpublished),
        ("ev_featured", EventType::Featured),
        ("ev_updated", EventType::Updated),
    ]
    .into_iter()
    .map(|(name, e)| EventChoice {
        name,
        code: e.as_str(),
        label: event_label(e.as_str()),
        checked: checked.contains(&e),
    })
    .collect()
}

async fn page_of(
    state: &AppState,
    page: &Page,
    typed: Option<&SubscriptionForm>,
    new_secret: String,
    notice: &str,
    errors: FormErrors,
) -> Result<WebhooksPage, PageError> {
    let subs = subscriptions::list(&state.ctx, &page.who).await?;
    let recent = deliveries::recent(&state.ctx, &page.who).await?;
    let checked = typed.map_or_else(|| EventType::ALL.to_vec(), SubscriptionForm::events);
    Ok(WebhooksPage {
        chrome: Chrome::signed_in("推送订阅", page, "webhooks"),
        subscriptions: subs.iter().map(subscription_row).collect(),
        deliveries: recent.iter().map(delivery_row).collect(),
        choices: choices(&checked),
        url: typed.map(|t| t.url.clone()).unwrap_or_default(),
        description: typed.map(|t| t.description.clone()).unwrap_or_default(),
        new_secret,
        notice: notice.into(),
        errors,
    })
}

pub async fn show_webhooks(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let notice = match query.notice.as_str() {
        "disabled" => "已停用该订阅。",
        "enabled" => "已启用该订阅。",
        "resent" => "已安排重新发送。",
        _ => "",
    };
    let view = page_of(
        &state,
        &page,
        None,
        String::new(),
        notice,
        FormErrors::default(),
    )
    .await?;
    Ok(render(StatusCode::OK, &view))
}

pub async fn add_webhook(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<SubscriptionForm>,
) -> Result<Response, PageError> {
    let input = subscriptions::SubscriptionInput {
        url: form.url.clone(),
        description: form.description.clone(),
        secret: form.secret.clone(),
        events: form.events(),
    };
    match subscriptions::create(&state.ctx, &page.who, &input, &page.meta).await {
        // Answered here rather than by a redirect: the secret is shown this once.
        Ok(created) => {
            let view = page_of(
                &state,
                &page,
                None,
                created.secret,
                "已添加订阅。请立即复制签名密钥，离开本页后将不再显示。",
                FormErrors::default(),
            )
            .await?;
            Ok(render(StatusCode::OK, &view))
        }
        Err(err @ ServiceError::Invalid(_)) => {
            let view = page_of(
                &state,
                &page,
                Some(&form),
                String::new(),
                "",
                FormErrors::from_service(&err),
            )
            .await?;
            Ok(render(crate::error::classify(&err).0, &view))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn disable_webhook(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    subscriptions::set_active(&state.ctx, &page.who, id, false, &page.meta).await?;
    Ok(Redirect::to("/admin/webhooks?notice=disabled").into_response())
}

pub async fn enable_webhook(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    subscriptions::set_active(&state.ctx, &page.who, id, true, &page.meta).await?;
    Ok(Redirect::to("/admin/webhooks?notice=enabled").into_response())
}
