//! 审核: the signed-in reviewer's queue, filters, batch forward/recommend, the quota meter and
//! the subordinate units that have not submitted anything yet.

use crate::auth::Page;
use crate::error::{PageError, classify};
use crate::messages;
use crate::pages::admin::pager::Pager;
use crate::pages::articles::list::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::dashboard::quota_label;
use crate::pages::flash;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::clock::china_time_string;
use jinguo_domain::limits::Limited;
use jinguo_domain::review::{ReviewLevel, ReviewMove};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_service::ServiceError;
use jinguo_service::review::act::{act_on_many, is_batch_move};
use jinguo_service::review::queue::{QueueFilters, QueueItem, QueueTab, ReviewQueue, review_queue};
use serde::Deserialize;

pub struct QueueRow {
    pub id: i64,
    pub title: String,
    pub post: String,
    /// National: the province whose list it came from (“重庆市 第 3 位”).
    pub province: String,
    /// The province's reason for recommending it.
    pub reason: String,
    pub themes: String,
    pub words: i32,
    pub status: &'static str,
    pub status_class: &'static str,
    /// 当前位置: who holds it now, or that it is with the post or public.
    pub location: String,
    pub updated: String,
    /// Set on the first row of a province's group (national's 待发布).
    pub group: Option<String>,
}

pub struct TabView {
    pub value: &'static str,
    pub label: &'static str,
    pub current: bool,
}

pub struct MeterView {
    pub campaign: String,
    pub used: u64,
    pub min: u32,
    pub max: u32,
    pub below_min: bool,
    pub missing: u64,
}

/// “需要督促的下级单位（N 个）” for one campaign: the dashboard's list, by the same rule.
pub struct SilentView {
    pub campaign: String,
    pub tracked: usize,
    /// Each unit to chase with what it lacks (“未投稿”, “差 3 篇”).
    pub names: Vec<(String, String)>,
    /// Posts the campaign does not admit, listed apart.
    pub ineligible: Vec<String>,
}

#[derive(Template)]
#[template(path = "pages/review/queue.html")]
pub struct QueuePage {
    pub chrome: Chrome,
    pub heading: &'static str,
    /// A province links to its recommendation list (推荐名单).
    pub list_link: bool,
    pub tabs: Vec<TabView>,
    pub tab: &'static str,
    /// National: the unit filter and the column are provinces.
    pub national: bool,
    pub show_location: bool,
    pub statuses: Vec<(&'static str, &'static str)>,
    pub themes: Vec<(String, String)>,
    pub units: Vec<(String, String)>,
    pub status: String,
    pub theme: String,
    pub unit: String,
    pub q: String,
    pub rows: Vec<QueueRow>,
    pub batch_moves: Vec<(&'static str, &'static str)>,
    /// A batch move of this tab needs a comment (退回省级).
    pub batch_comment: bool,
    /// National's 已发布 tab: the checked articles can become a press kit (宣推).
    pub press_kits: bool,
    pub meters: Vec<MeterView>,
    pub silent: Vec<SilentView>,
    pub outcomes: Vec<String>,
    pub pager: Pager,
}

#[derive(Debug, Deserialize, Default, Clone)]
pub struct QueueQuery {
    #[serde(default)]
    pub tab: String,
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
            tab: QueueTab::parse(&self.tab).unwrap_or_default(),
            status: ArticleStatus::parse(&self.status),
            theme: Some(self.theme.clone()).filter(|t| !t.is_empty()),
            unit: self.unit.parse().ok().map(OrgId),
            title: self.q.trim().to_string(),
        }
    }

    fn base_query(&self) -> String {
        let pairs = [
            ("tab", &self.tab),
            ("status", &self.status),
            ("theme", &self.theme),
            ("unit", &self.unit),
            ("q", &self.q),
        ];
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }
}

/// The batch moves a tab offers: the like moves a reviewer makes on many articles at once.
fn batch_moves(level: ReviewLevel, tab: QueueTab) -> &'static [ReviewMove] {
    match (level, tab) {
        (ReviewLevel::BelowProvincial, QueueTab::Waiting) => &[ReviewMove::Forward],
        (ReviewLevel::Provincial, QueueTab::Waiting) => &[ReviewMove::Recommend],
        (ReviewLevel::National, QueueTab::Waiting) => {
            &[ReviewMove::Publish, ReviewMove::ReturnToProvince]
        }
        (ReviewLevel::National, QueueTab::Published) => &[ReviewMove::Feature],
        _ => &[],
    }
}

/// 当前位置 of an article: the holder while under review, else where its status puts it.
fn location(status: ArticleStatus, holder: Option<&str>) -> String {
    match (status, holder) {
        (ArticleStatus::Published | ArticleStatus::Featured, _) => "已公开发布".into(),
        (_, Some(holder)) => format!("{holder}（{}）", status.label()),
        (_, None) => format!("投稿岗位（{}）", status.label()),
    }
}

fn queue_row(item: QueueItem, grouped: bool, previous: &mut Option<i64>) -> QueueRow {
    let place = item.list_place.as_ref();
    let province_id = place.map(|p| p.province_id.0);
    let group = (grouped && province_id != *previous).then(|| {
        place.map_or_else(
            || "（未列入推荐名单）".to_string(),
            |p| p.province_name.clone(),
        )
    });
    *previous = province_id;
    QueueRow {
        id: item.article.id,
        title: item.article.content.title.clone(),
        post: item.post_name,
        province: place
            .map(|p| format!("{} 第 {} 位", p.province_name, p.position))
            .unwrap_or_default(),
        reason: place.map(|p| p.reason.clone()).unwrap_or_default(),
        themes: item.theme_names.join("、"),
        words: item.article.word_count,
        status: item.article.status.label(),
        status_class: status_class(item.article.status),
        location: location(item.article.status, item.holder_name.as_deref()),
        updated: china_time_string(item.article.updated_at),
        group,
    }
}

fn queue_page(
    page: &Page,
    query: &QueueQuery,
    queue: ReviewQueue,
    outcomes: Vec<String>,
) -> QueuePage {
    let batch = batch_moves(queue.level, queue.tab);
    let national = queue.level == ReviewLevel::National;
    let grouped = national && queue.tab == QueueTab::Waiting;
    let mut previous = None;
    QueuePage {
        chrome: Chrome::signed_in("稿件审核", page, "review"),
        list_link: queue.level == ReviewLevel::Provincial,
        heading: match queue.level {
            ReviewLevel::BelowProvincial => "稿件审核（区县级）",
            ReviewLevel::Provincial => "稿件审核与推荐（省级）",
            ReviewLevel::National => "稿件复审与发布（全国）",
        },
        tabs: queue
            .tabs
            .iter()
            .map(|&t| TabView {
                value: t.as_str(),
                label: t.label(queue.level),
                current: t == queue.tab,
            })
            .collect(),
        tab: queue.tab.as_str(),
        national,
        show_location: queue.tab == QueueTab::Processed,
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
            .map(|item| queue_row(item, grouped, &mut previous))
            .collect(),
        batch_moves: batch.iter().map(|m| (m.as_str(), m.label())).collect(),
        batch_comment: batch.iter().any(|m| m.needs_comment()),
        press_kits: national
            && queue.tab == QueueTab::Published
            && jinguo_service::permissions::require_own(
                &page.who,
                jinguo_domain::Action::IssuePressKits,
            )
            .is_ok(),
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
            .filter(|s| s.tracked > 0 || !s.ineligible.is_empty())
            .map(|s| SilentView {
                campaign: s.campaign_name,
                tracked: s.tracked,
                names: s
                    .to_chase
                    .into_iter()
                    .map(|u| (u.org.name, quota_label(u.state).0))
                    .collect(),
                ineligible: s
                    .ineligible
                    .into_iter()
                    .map(|u| {
                        format!(
                            "{}（{}，不参加本次活动）",
                            u.org.name,
                            u.why_not.map_or("非全国级", messages::ineligible_short)
                        )
                    })
                    .collect(),
            })
            .collect(),
        outcomes,
        pager: Pager::new(query.page.unwrap_or(1), queue.total, query.base_query()),
    }
}

/// Where the outcome of a batch is shown (the flash cookie's path).
const QUEUE_PATH: &str = "/review";

pub async fn list_pending_reviews(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
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
    let (jar, outcomes) = flash::take(jar, QUEUE_PATH);
    Ok((
        jar,
        render(StatusCode::OK, &queue_page(&page, &query, queue, outcomes)),
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "pages/review/batch_confirm.html")]
pub struct BatchConfirmPage {
    pub chrome: Chrome,
    pub action: &'static str,
    pub label: &'static str,
    pub count: usize,
    pub ids: Vec<i64>,
    pub tab: String,
    pub comment: String,
    pub needs_comment: bool,
    pub consequence: &'static str,
    pub errors: FormErrors,
}

/// What a batch move does, said before it is made.
fn consequence(mv: ReviewMove) -> &'static str {
    match mv {
        ReviewMove::Forward => "所选稿件将报送上一级妇联审核。",
        ReviewMove::Recommend => "所选稿件将列入本省推荐名单，占用推荐名额。",
        ReviewMove::Publish => "所选稿件将在公开网站发布，读者随即可以看到。",
        ReviewMove::ReturnToProvince => "所选稿件将退回推荐它的省级妇联，并从其推荐名单中移出。",
        ReviewMove::Feature => "所选稿件将评为优秀，在“优秀展示”栏目中展示。",
        _ => "",
    }
}

/// The checked articles (`ids`, repeated), the batch move (`action`), the comment and the tab
/// to return to. Without `confirmed` it answers the confirmation naming the count; confirmed, it
/// makes the moves and redirects to the queue with the outcome (a refresh never re-sends).
pub async fn review_many(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let ids: Vec<i64> = pairs
        .iter()
        .filter(|(k, _)| k == "ids")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let tab = QueueTab::parse(&field("tab")).unwrap_or_default();
    let back = format!("{QUEUE_PATH}?tab={}", tab.as_str());
    let mv = ReviewMove::parse(&field("action"))
        .filter(|&mv| is_batch_move(mv))
        .ok_or_else(|| {
            ServiceError::Invalid(FieldErrors::single("action", FieldIssue::Required))
        })?;
    if ids.is_empty() {
        let jar = flash::set(
            jar,
            &["请先勾选要处理的稿件。".to_string()],
            QUEUE_PATH,
            state.web.cookie_secure,
        );
        return Ok((jar, Redirect::to(&back)).into_response());
    }
    let comment = field("comment");
    let confirm = |errors: FormErrors, status: StatusCode| {
        render(
            status,
            &BatchConfirmPage {
                chrome: Chrome::signed_in("确认批量处理", &page, "review"),
                action: mv.as_str(),
                label: mv.label(),
                count: ids.len(),
                ids: ids.clone(),
                tab: tab.as_str().to_string(),
                comment: comment.clone(),
                needs_comment: mv.needs_comment(),
                consequence: consequence(mv),
                errors,
            },
        )
    };
    // Too many is said before the confirmation, not after it.
    if let Err(issue) = Limited::BatchArticles.check_count(ids.len()) {
        let err = ServiceError::Invalid(FieldErrors::single("ids", issue));
        return Ok(confirm(FormErrors::from_service(&err), classify(&err).0));
    }
    if field("confirmed") != "1" {
        return Ok(confirm(FormErrors::default(), StatusCode::OK));
    }
    let outcomes = match act_on_many(&state.ctx, &page.who, &ids, mv, &comment).await {
        Ok(outcomes) => outcomes,
        Err(err @ ServiceError::Invalid(_)) => {
            return Ok(confirm(FormErrors::from_service(&err), classify(&err).0));
        }
        Err(err) => return Err(err.into()),
    };
    let done = outcomes.iter().filter(|o| o.result.is_ok()).count();
    let mut lines = vec![format!("已{} {done} 篇稿件。", mv.label())];
    for outcome in &outcomes {
        if let Err(err) = &outcome.result {
            lines.push(format!("稿件 {}：{}", outcome.id, messages::error(err)));
        }
    }
    let jar = flash::set(jar, &lines, QUEUE_PATH, state.web.cookie_secure);
    Ok((jar, Redirect::to(&back)).into_response())
}
