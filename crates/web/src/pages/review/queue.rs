//! 审核: the signed-in reviewer's queue, filters, batch forward/recommend, the quota meter and
//! the subordinate units that have not submitted anything yet.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::admin::pager::Pager;
use crate::pages::articles::list::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::clock::china_time_string;
use jinguo_domain::review::{ReviewLevel, ReviewMove};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_service::ServiceError;
use jinguo_service::review::act::act_on_many;
use jinguo_service::review::queue::{QueueFilters, ReviewQueue, review_queue};
use serde::Deserialize;

pub struct QueueRow {
    pub id: i64,
    pub title: String,
    pub post: String,
    pub themes: String,
    pub words: i32,
    pub status: &'static str,
    pub status_class: &'static str,
    pub updated: String,
}

pub struct MeterView {
    pub campaign: String,
    pub used: u64,
    pub min: u32,
    pub max: u32,
    pub below_min: bool,
    pub missing: u64,
}

/// “尚未投稿的下级单位（N 个）” for one campaign.
pub struct SilentView {
    pub campaign: String,
    pub tracked: usize,
    pub names: Vec<String>,
}

#[derive(Template)]
#[template(path = "pages/review/queue.html")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub heading: &'static str,
    /// A province links to its recommendation list (推荐名单).
    pub list_link: bool,
    pub statuses: Vec<(&'static str, &'static str)>,
    pub themes: Vec<(String, String)>,
    pub units: Vec<(String, String)>,
    pub status: String,
    pub theme: String,
    pub unit: String,
    pub q: String,
    pub rows: Vec<QueueRow>,
    pub batch_moves: Vec<(&'static str, &'static str)>,
    pub meters: Vec<MeterView>,
    pub silent: Vec<SilentView>,
    pub outcomes: Vec<String>,
    pub pager: Pager,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct QueueQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub q: String,
    #[serde(default, deserialize_with = "crate::pages::admin::pager::lenient_page")]
    pub page: Option<u64>,
}

impl QueueQuery {
    fn filters(&self) -> QueueFilters {
        QueueFilters {
            status: ArticleStatus::parse(&self.status),
            theme: Some(self.theme.clone()).filter(|t| !t.is_empty()),
            unit: self.unit.parse().ok().map(OrgId),
            title: self.q.trim().to_string(),
        }
    }

    fn base_query(&self) -> String {
        let pairs = [
            ("status", &self.status),
            ("theme", &self.theme),
            ("unit", &self.unit),
            ("q", &self.q),
        ];
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

fn queue_page(
    page: &Page,
    query: &QueueQuery,
    queue: ReviewQueue,
    outcomes: Vec<String>,
) -> QueuePage {
    let batch: &[ReviewMove] = match queue.level {
        ReviewLevel::BelowProvincial => &[ReviewMove::Forward],
        ReviewLevel::Provincial => &[ReviewMove::Recommend],
        ReviewLevel::National => &[],
    };
    QueuePage {
        chrome: Chrome::signed_in("稿件审核", page, "review"),
        list_link: queue.level == ReviewLevel::Provincial,
        heading: match queue.level {
            ReviewLevel::BelowProvincial => "稿件审核（区县级）",
            ReviewLevel::Provincial => "稿件审核与推荐（省级）",
            ReviewLevel::National => "稿件复审与发布（全国）",
        },
        statuses: queue
            .statuses
            .iter()
            .map(|s| (s.as_str(), s.label()))
            .collect(),
        themes: queue.themes,
        units: queue
            .units
            .iter()
            .map(|u| (u.id.0.to_string(), u.name.clone()))
            .collect(),
        status: query.status.clone(),
        theme: query.theme.clone(),
        unit: query.unit.clone(),
        q: query.q.clone(),
        rows: queue
            .items
            .into_iter()
            .map(|item| QueueRow {
                id: item.article.id,
                title: item.article.content.title.clone(),
                post: item.post_name,
                themes: item.theme_names.join("、"),
                words: item.article.word_count,
                status: item.article.status.label(),
                status_class: status_class(item.article.status),
                updated: china_time_string(item.article.updated_at),
            })
            .collect(),
        batch_moves: batch.iter().map(|m| (m.as_str(), m.label())).collect(),
        meters: queue
            .meters
            .into_iter()
            .map(|m| MeterView {
                below_min: m.used < u64::from(m.min),
                missing: u64::from(m.min).saturating_sub(m.used),
                campaign: m.campaign_name,
                used: m.used,
                min: m.min,
                max: m.max,
            })
            .collect(),
        silent: queue
            .silent
            .into_iter()
            .filter(|s| s.tracked > 0)
            .map(|s| SilentView {
                campaign: s.campaign_name,
                tracked: s.tracked,
                names: s.units.into_iter().map(|u| u.name).collect(),
            })
            .collect(),
        outcomes,
        pager: Pager::new(
            query.page.unwrap_or(1),
            u64::try_from(queue.total).unwrap_or(0),
            query.base_query(),
        ),
    }
}

pub async fn list_pending_reviews(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<QueueQuery>,
) -> Result<Response, PageError> {
    let queue = review_queue(
        &state.ctx,
        &page.who,
        &query.filters(),
        query.page.unwrap_or(1),
        Pager::PER_PAGE,
    )
    .await?;
    Ok(render(
        StatusCode::OK,
        &queue_page(&page, &query, queue, Vec::new()),
    ))
}

/// The checked articles (`ids`, repeated) and the batch move (`action`).
pub async fn review_many(
    State(state): State<AppState>,
    page: Page,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let mv = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .and_then(|(_, v)| ReviewMove::parse(v))
        .ok_or_else(|| {
            ServiceError::Invalid(FieldErrors::single("action", FieldIssue::Required))
        })?;
    let outcomes = act_on_many(&state.ctx, &page.who, &ids, mv).await?;
    let mut lines = Vec::new();
    let done = outcomes.iter().filter(|o| o.result.is_ok()).count();
    lines.push(format!("已{} {done} 篇稿件。", mv.label()));
    for outcome in &outcomes {
        if let Err(err) = &outcome.result {
            lines.push(format!("稿件 {}：{}", outcome.id, messages::error(err)));
        }
    }
    let query = QueueQuery::default();
    let queue = review_queue(&state.ctx, &page.who, &query.filters(), 1, Pager::PER_PAGE).await?;
    Ok(render(
        StatusCode::OK,
        &queue_page(&page, &query, queue, lines),
    ))
}
