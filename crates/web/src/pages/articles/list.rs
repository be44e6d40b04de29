//! 我的稿件: the post's articles by status, and the campaigns it may write for today.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::admin::pager::Pager;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::campaign::chinese_date;
use jinguo_domain::clock::china_time_string;
use jinguo_service::articles::view;
use jinguo_service::campaigns::view as campaigns;
use serde::Deserialize;
use std::collections::HashMap;

pub struct CampaignChoice {
    pub id: i64,
    pub name: String,
    pub window: String,
    pub open: bool,
    pub archived: bool,
    pub reason: String,
}

pub struct ArticleRow {
    pub id: i64,
    pub title: String,
    pub campaign: String,
    pub words: i32,
    pub status: &'static str,
    pub status_class: &'static str,
    pub updated: String,
    /// The latest reviewer's comment (“渝中区：请补充数据”), if any.
    pub comment: String,
}

#[derive(Template)]
#[template(path = "pages/articles/list.html")]
pub struct ArticlesPage {
    pub chrome: Chrome,
    pub campaigns: Vec<CampaignChoice>,
    pub tabs: Vec<(&'static str, &'static str, u64)>,
    pub status: String,
    pub rows: Vec<ArticleRow>,
    pub pager: Pager,
    pub notice: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub status: String,
    #[serde(default, deserialize_with = "crate::pages::admin::pager::lenient_page")]
    pub page: Option<u64>,
    #[serde(default)]
    pub notice: String,
}

pub fn status_class(status: ArticleStatus) -> &'static str {
    match status {
        ArticleStatus::Draft => "tag-muted",
        ArticleStatus::Pending | ArticleStatus::Recommended => "tag-info",
        ArticleStatus::Returned => "tag-warn",
        ArticleStatus::Published | ArticleStatus::Featured => "tag-ok",
        ArticleStatus::Rejected | ArticleStatus::Unpublished => "tag-muted",
    }
}

/// Tabs: 全部, then each status with its count.
const TABS: [(&str, &str, &[ArticleStatus]); 6] = [
    ("all", "全部", &[]),
    ("draft", "草稿", &[ArticleStatus::Draft]),
    (
        "pending",
        "待审",
        &[ArticleStatus::Pending, ArticleStatus::Recommended],
    ),
    ("returned", "退回修改", &[ArticleStatus::Returned]),
    (
        "published",
        "已发布",
        &[ArticleStatus::Published, ArticleStatus::Featured],
    ),
    (
        "closed",
        "未采用",
        &[ArticleStatus::Rejected, ArticleStatus::Unpublished],
    ),
];

pub async fn list_articles(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<ListQuery>,
) -> Result<Response, PageError> {
    let tab = TABS
        .iter()
        .find(|(key, _, _)| *key == query.status)
        .unwrap_or(&TABS[0]);
    let mine = view::list_mine(
        &state.ctx,
        &page.who,
        tab.2,
        query.page.unwrap_or(1),
        Pager::PER_PAGE,
    )
    .await?;
    let all_campaigns = campaigns::for_post(&state.ctx, &page.who).await?;
    let names: HashMap<i64, String> = all_campaigns
        .iter()
        .map(|c| (c.campaign.id, c.campaign.name.clone()))
        .collect();
    let count_of = |statuses: &[ArticleStatus]| -> u64 {
        mine.counts
            .iter()
            .filter(|(s, _)| statuses.is_empty() || statuses.contains(s))
            .map(|(_, n)| n)
            .sum()
    };
    let tabs = TABS
        .iter()
        .map(|(key, label, statuses)| (*key, *label, count_of(statuses)))
        .collect();
    let campaigns = all_campaigns
        .iter()
        .filter(|c| !c.archived || c.ineligible.is_none())
        .map(|c| {
            let window = match c.campaign.rules.collection {
                Some(w) => format!(
                    "征集：{} 至 {}",
                    chinese_date(w.opens),
                    chinese_date(w.closes)
                ),
                None => "常年开放投稿".into(),
            };
            let reason = match (c.ineligible, c.window) {
                (Some(reason), _) => messages::ineligible(reason),
                (None, Some(closed)) => messages::window_closed(closed),
                (None, None) => String::new(),
            };
            CampaignChoice {
                id: c.campaign.id,
                name: c.campaign.name.clone(),
                window,
                open: c.open(),
                archived: c.archived,
                reason,
            }
        })
        .collect();
    let rows = mine
        .articles
        .iter()
        .map(|a| ArticleRow {
            id: a.id,
            title: a.content.title.clone(),
            campaign: names.get(&a.campaign_id).cloned().unwrap_or_default(),
            words: a.word_count,
            status: a.status.label(),
            status_class: status_class(a.status),
            updated: china_time_string(a.updated_at),
            comment: mine
                .comments
                .get(&a.id)
                .map(|e| format!("{}：{}", e.org_name, e.comment))
                .unwrap_or_default(),
        })
        .collect();
    let notice = match query.notice.as_str() {
        "submitted" => "稿件已提交，等待上级妇联审核。",
        "withdrawn" => "稿件已撤回为草稿。",
        _ => "",
    };
    let view = ArticlesPage {
        chrome: Chrome::signed_in("我的稿件", &page, "articles"),
        campaigns,
        tabs,
        status: tab.0.to_string(),
        rows,
        pager: Pager::new(
            query.page.unwrap_or(1),
            mine.total,
            format!("status={}", tab.0),
        ),
        notice: notice.into(),
    };
    Ok(render(StatusCode::OK, &view))
}
