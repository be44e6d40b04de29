//! One of my articles: status, where it is, and its append-only history.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::list::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::clock::china_time_string;
use jinguo_service::articles::view::{self, ArticleDetail};
use jinguo_service::orgs;
use serde::Deserialize;

pub struct HistoryRow {
    pub at: String,
    pub org: String,
    pub actor: String,
    pub action: &'static str,
    /// Where the move took the article: its status change (待审 → 推荐名单), or, when the
    /// status stays (通过上报), the federation it went from and to (渝中区 → 重庆市).
    pub route: String,
    pub comment: String,
}

impl HistoryRow {
    /// The history, oldest first. A move that keeps the status hands the article to the next
    /// federation: the one that acted next, or the current holder (`holder_name`).
    pub fn rows(
        events: &[jinguo_storage::repo::articles::ArticleEvent],
        holder_name: &str,
    ) -> Vec<HistoryRow> {
        events
            .iter()
            .enumerate()
            .map(|(i, e)| {
                let route = if e.action == "push" {
                    format!("{} → 全国妇联", e.org_name)
                } else if e.from_status == e.to_status {
                    let next = events
                        .get(i + 1)
                        .map_or(holder_name, |n| n.org_name.as_str());
                    format!("{} → {next}", e.org_name)
                } else {
                    format!(
                        "{} → {}",
                        status_label(&e.from_status),
                        status_label(&e.to_status)
                    )
                };
                HistoryRow {
                    at: china_time_string(e.at),
                    org: e.org_name.clone(),
                    actor: e.actor_name.clone(),
                    action: action_label(&e.action),
                    route,
                    comment: e.comment.clone(),
                }
            })
            .collect()
    }
}

#[derive(Template)]
#[template(path = "pages/articles/detail.html")]
pub struct DetailPage {
    pub chrome: Chrome,
    pub id: i64,
    pub version: i32,
    pub title: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub editable: bool,
    pub can_withdraw: bool,
    pub campaign_name: String,
    pub themes: String,
    pub words: i32,
    pub holder: String,
    pub revisions: usize,
    pub history: Vec<HistoryRow>,
    pub notice: String,
    pub errors: FormErrors,
}

pub fn action_label(action: &str) -> &'static str {
    match action {
        "submit" => "提交",
        "resubmit" => "修改后重新提交",
        "withdraw" => "撤回",
        "forward" => "通过上报",
        "return" => "退回修改",
        "recommend" => "推荐",
        "unrecommend" => "撤回推荐",
        "push" => "报送",
        "return_to_province" => "退回省级",
        "publish" => "发布",
        "reject" => "不采用",
        "feature" => "评为优秀",
        "unpublish" => "撤稿",
        _ => "处理",
    }
}

fn status_label(s: &str) -> &'static str {
    ArticleStatus::parse(s).map_or("—", ArticleStatus::label)
}

#[derive(Debug, Deserialize, Default)]
pub struct DetailQuery {
    #[serde(default)]
    pub notice: String,
}

pub async fn detail_page(
    state: &AppState,
    page: &Page,
    detail: ArticleDetail,
    notice: String,
    errors: FormErrors,
) -> Result<DetailPage, PageError> {
    let article = &detail.article;
    let mut holder_name = "本岗".to_string();
    let holder = match article.holder_org_id {
        Some(holder) => {
            let names = orgs::view::names_of(&state.ctx, &[holder]).await?;
            let name = names.get(&holder).cloned().unwrap_or_default();
            holder_name.clone_from(&name);
            match article.status {
                ArticleStatus::Pending => format!("{name}（待审）"),
                ArticleStatus::Recommended => format!("{name}推荐名单（待全国妇联审核）"),
                other => format!("{name}推荐 · {}", other.label()),
            }
        }
        None if article.status == ArticleStatus::Draft => "本岗（草稿）".into(),
        None if article.status == ArticleStatus::Returned => "本岗（待修改）".into(),
        None => "—".into(),
    };
    Ok(DetailPage {
        chrome: Chrome::signed_in("稿件详情", page, "articles"),
        id: article.id,
        version: article.version,
        title: article.content.title.clone(),
        status: article.status.label(),
        status_class: status_class(article.status),
        editable: article.status.is_editable_by_post(),
        can_withdraw: article.status == ArticleStatus::Pending && !article.review_started,
        campaign_name: detail.campaign.name.clone(),
        themes: article
            .content
            .themes
            .iter()
            .filter_map(|k| detail.campaign.rules.theme(k).map(|t| t.name.clone()))
            .collect::<Vec<_>>()
            .join("、"),
        words: article.word_count,
        holder,
        revisions: detail.revisions.len(),
        history: HistoryRow::rows(&detail.events, &holder_name),
        notice,
        errors,
    })
}

pub async fn show_article(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let detail = view::detail(&state.ctx, &page.who, id).await?;
    let notice = match query.notice.as_str() {
        "submitted" => "稿件已提交，等待上级妇联审核。",
        _ => "",
    };
    let view = detail_page(&state, &page, detail, notice.into(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &view))
}
