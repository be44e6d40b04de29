//! 推荐名单: a province's recommended articles in order as a compact table — position numbers
//! and reasons saved all at once (保存排序和理由), move up/down and recall per row — with a sticky
//! bar holding the count against the quota and the push (报送) button with its below-minimum
//! confirmation.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::list::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::clock::china_time_string;
use jinguo_service::review::list::{RecommendationList, recommendation_list};
use serde::Deserialize;

pub struct ListRow {
    pub article_id: i64,
    pub version: i32,
    pub number: usize,
    pub title: String,
    pub post: String,
    pub status: &'static str,
    pub status_class: &'static str,
    /// When it was pushed (China time), empty while new.
    pub pushed_at: String,
    pub reason: String,
    pub reason_error: String,
    /// What the position box shows: the number, or what was typed into it.
    pub position: String,
    pub first: bool,
    pub last: bool,
    /// Still recommended: national has not acted, so the province may recall it.
    pub can_recall: bool,
}

pub struct ListMeter {
    pub used: u64,
    pub min: u32,
    pub max: u32,
    pub below_min: bool,
    /// How many the list lacks to reach the minimum.
    pub missing: u64,
}

/// The below-minimum question of a push awaiting confirmation.
pub struct Confirmation {
    pub count: u64,
    pub min: u32,
}

#[derive(Template)]
#[template(path = "pages/review/list.html")]
pub struct ListPage {
    pub chrome: Chrome,
    pub campaign_id: i64,
    pub campaign_name: String,
    /// (id, name, selected) of the campaigns with a list.
    pub campaigns: Vec<(i64, String, bool)>,
    pub rows: Vec<ListRow>,
    pub unpushed: usize,
    pub meter: Option<ListMeter>,
    pub confirm: Option<Confirmation>,
    pub notice: String,
    pub errors: FormErrors,
}

/// What was typed into one row of a refused form, kept with its message (empty when the row
/// itself was fine): nothing typed is lost when a save is refused.
pub struct TypedReason {
    pub article_id: i64,
    pub reason: String,
    /// The position typed, when the whole list was submitted.
    pub position: Option<String>,
    pub error: String,
}

pub fn list_page(
    page: &Page,
    list: RecommendationList,
    typed: &[TypedReason],
    confirm: Option<Confirmation>,
    notice: String,
    errors: FormErrors,
) -> ListPage {
    let len = list.items.len();
    let rows = list
        .items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            let mine = typed.iter().find(|t| t.article_id == item.article.id);
            ListRow {
                article_id: item.article.id,
                version: item.article.version,
                number: index + 1,
                title: item.article.content.title.clone(),
                post: item.post_name,
                status: item.article.status.label(),
                status_class: status_class(item.article.status),
                pushed_at: item
                    .row
                    .pushed_at
                    .map(china_time_string)
                    .unwrap_or_default(),
                reason: mine.map_or_else(|| item.row.reason.clone(), |t| t.reason.clone()),
                reason_error: mine.map(|t| t.error.clone()).unwrap_or_default(),
                position: mine
                    .and_then(|t| t.position.clone())
                    .unwrap_or_else(|| (index + 1).to_string()),
                first: index == 0,
                last: index + 1 == len,
                can_recall: item.article.status == ArticleStatus::Recommended,
            }
        })
        .collect();
    ListPage {
        chrome: Chrome::signed_in("推荐名单", page, "review"),
        campaign_id: list.campaign.id,
        campaign_name: list.campaign.name.clone(),
        campaigns: list
            .campaigns
            .iter()
            .map(|c| (c.id, c.name.clone(), c.id == list.campaign.id))
            .collect(),
        rows,
        unpushed: list.unpushed,
        meter: list.meter.map(|m| ListMeter {
            below_min: m.used < u64::from(m.min),
            missing: u64::from(m.min).saturating_sub(m.used),
            used: m.used,
            min: m.min,
            max: m.max,
        }),
        confirm,
        notice,
        errors,
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub campaign: Option<i64>,
    #[serde(default)]
    pub notice: String,
}

fn notice_text(code: &str) -> &'static str {
    match code {
        "moved" => "已调整顺序。",
        "reason" => "推荐理由已保存。",
        "arranged" => "已保存排序和推荐理由。",
        "recalled" => "已撤回推荐，名额已释放。",
        "pushed" => "已报送全国妇联。",
        "pushed_below" => "已报送全国妇联（推荐数少于最低要求，已记录在案）。",
        _ => "",
    }
}

pub async fn show_recommendation_list(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let list = recommendation_list(&state.ctx, &page.who, query.campaign).await?;
    let view = list_page(
        &page,
        list,
        &[],
        None,
        notice_text(&query.notice).to_string(),
        FormErrors::default(),
    );
    Ok(render(StatusCode::OK, &view))
}
