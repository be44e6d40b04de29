//! One article as a reviewer sees it: the text, where it is, its history, the diff against the
//! version last returned, sensitive words highlighted, and the moves with a comment box.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::detail::HistoryRow;
use crate::pages::articles::list::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::pages::review::diff::{DiffRow, diff_rows};
use crate::pages::review::highlight::{MarkedBlock, Piece, highlight};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_service::review::article::{ReviewedArticle, review_article};
use jinguo_service::review::queue::next_waiting;
use serde::Deserialize;

pub struct MoveButton {
    pub value: &'static str,
    pub label: &'static str,
    pub needs_comment: bool,
    pub danger: bool,
}

#[derive(Template)]
#[template(path = "pages/review/article.html")]
pub struct ReviewPage {
    pub chrome: Chrome,
    pub id: i64,
    pub version: i32,
    pub title: String,
    /// The title in pieces, sensitive words marked.
    pub title_pieces: Vec<Piece>,
    pub status: &'static str,
    pub status_class: &'static str,
    pub post_name: String,
    pub work_unit: String,
    pub campaign_name: String,
    pub themes: String,
    pub words: i32,
    pub holder: String,
    /// The province's list: whether it is pushed, and its reason (推荐理由).
    pub listed: &'static str,
    pub reason: String,
    pub blocks: Vec<MarkedBlock>,
    /// Highlighted sensitive-word spans, and the words found.
    pub sensitive_hits: usize,
    pub sensitive_found: String,
    pub history: Vec<HistoryRow>,
    pub diff_base: i32,
    pub diff: Vec<DiffRow>,
    pub moves: Vec<MoveButton>,
    pub comment: String,
    pub notice: String,
    /// After a move: the next article waiting for this level (下一篇待审).
    pub next: Option<i64>,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct ReviewQuery {
    #[serde(default)]
    pub notice: String,
}

pub fn review_page(
    page: &Page,
    detail: ReviewedArticle,
    comment: String,
    notice: String,
    errors: FormErrors,
) -> ReviewPage {
    let article = &detail.article;
    let content = &article.content;
    let marked = highlight(content, &detail.sensitive_words);
    let (diff_base, diff) = match &detail.returned_revision {
        Some(base) if base.revision < article.revision => {
            (base.revision, diff_rows(&base.content, content))
        }
        _ => (0, Vec::new()),
    };
    ReviewPage {
        chrome: Chrome::signed_in("审核稿件", page, "review"),
        id: article.id,
        version: article.version,
        title: content.title.clone(),
        title_pieces: marked.title,
        status: article.status.label(),
        status_class: status_class(article.status),
        post_name: detail.post.name.clone(),
        work_unit: detail
            .post
            .post
            .as_ref()
            .map(|p| p.work_unit.clone())
            .unwrap_or_default(),
        campaign_name: detail.campaign.name.clone(),
        themes: content
            .themes
            .iter()
            .filter_map(|k| detail.campaign.rules.theme(k).map(|t| t.name.clone()))
            .collect::<Vec<_>>()
            .join("、"),
        words: article.word_count,
        holder: detail
            .holder
            .as_ref()
            .map_or_else(|| "本岗".to_string(), |h| h.name.clone()),
        listed: match &detail.recommendation {
            Some(r) if r.pushed_at.is_some() => "已报送全国妇联",
            Some(_) => "在省级推荐名单中，尚未报送",
            None => "",
        },
        reason: detail
            .recommendation
            .as_ref()
            .map(|r| r.reason.clone())
            .unwrap_or_default(),
        blocks: marked.blocks,
        sensitive_hits: marked.hits,
        sensitive_found: marked.found.join("、"),
        history: HistoryRow::rows(
            &detail.events,
            detail.holder.as_ref().map_or("本岗", |h| h.name.as_str()),
        ),
        diff_base,
        diff,
        moves: detail
            .moves
            .iter()
            .map(|m| MoveButton {
                value: m.as_str(),
                label: m.label(),
                needs_comment: m.needs_comment(),
                danger: m.needs_comment(),
            })
            .collect(),
        comment,
        notice,
        next: None,
        errors,
    }
}

pub async fn show_review(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<ReviewQuery>,
) -> Result<Response, PageError> {
    let detail = review_article(&state.ctx, &page.who, id).await?;
    let notice = match jinguo_domain::review::ReviewMove::parse(&query.notice) {
        Some(mv) => format!("已{}。", mv.label()),
        None => String::new(),
    };
    let next = if notice.is_empty() {
        None
    } else {
        next_waiting(&state.ctx, &page.who, id).await?
    };
    let mut view = review_page(&page, detail, String::new(), notice, FormErrors::default());
    view.next = next;
    Ok(render(StatusCode::OK, &view))
}
