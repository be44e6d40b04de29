//! The editor: title, themes, blocks, cover. Saving keeps everything typed; a refused submit
//! re-renders with the reason beside the field and nothing lost.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::articles::blocks::{BlockView, content_from_form, views};
use crate::pages::articles::list::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::campaign::{Phase, chinese_date};
use jinguo_domain::content::ArticleContent;
use jinguo_service::articles::{Article, draft, submit, view};
use jinguo_service::campaigns::Campaign;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/articles/editor.html")]
pub struct EditorPage {
    pub chrome: Chrome,
    /// 0 while the article is new (nothing stored yet).
    pub id: i64,
    pub is_new: bool,
    pub campaign_id: i64,
    /// Where the form posts: `/articles/new` for the first save, then the draft's own editor.
    pub form_action: String,
    pub version: i32,
    pub campaign_name: String,
    pub status: &'static str,
    pub status_class: &'static str,
    pub is_returned: bool,
    pub title: String,
    pub themes: Vec<(String, String, bool)>,
    pub blocks: Vec<BlockView>,
    pub cover: String,
    pub word_count: usize,
    pub max_words: usize,
    pub window_note: String,
    pub return_comment: String,
    pub notice: String,
    pub warnings: Vec<String>,
    pub errors: FormErrors,
    pub wordcount_js: String,
    pub editor_js: String,
}

pub struct EditorState<'a> {
    /// `None` for a new article the first save will create.
    pub article: Option<&'a Article>,
    pub campaign: &'a Campaign,
    pub content: &'a ArticleContent,
    pub version: i32,
    pub return_comment: String,
}

pub fn editor_page(
    page: &Page,
    today: chrono::NaiveDate,
    state: EditorState<'_>,
    notice: String,
    warnings: Vec<String>,
    errors: FormErrors,
) -> EditorPage {
    let rules = &state.campaign.rules;
    let window_note = match (
        rules.collection,
        rules.check_window(Phase::Collection, today),
    ) {
        (Some(w), Ok(())) => format!(
            "征集阶段：{} 至 {}，截止前可提交和修改。",
            chinese_date(w.opens),
            chinese_date(w.closes)
        ),
        (_, Err(closed)) => messages::window_closed(closed),
        (None, Ok(())) => String::new(),
    };
    let (id, status, status_class, form_action) = match state.article {
        Some(article) => (
            article.id,
            article.status.label(),
            status_class(article.status),
            format!("/articles/{}/edit", article.id),
        ),
        None => (
            0,
            "新稿件，尚未保存",
            "tag-muted",
            "/articles/new".to_string(),
        ),
    };
    EditorPage {
        chrome: Chrome::signed_in("撰写稿件", page, "articles"),
        id,
        is_new: state.article.is_none(),
        campaign_id: state.campaign.id,
        form_action,
        version: state.version,
        campaign_name: state.campaign.name.clone(),
        status,
        status_class,
        is_returned: state
            .article
            .is_some_and(|a| a.status == ArticleStatus::Returned),
        title: state.content.title.clone(),
        themes: rules
            .themes
            .iter()
            .map(|t| {
                (
                    t.key.clone(),
                    t.name.clone(),
                    state.content.themes.contains(&t.key),
                )
            })
            .collect(),
        blocks: views(state.content),
        cover: state.content.cover_image().unwrap_or("").to_string(),
        word_count: state.content.word_count(),
        max_words: rules.content.max_words,
        window_note,
        return_comment: state.return_comment,
        notice,
        warnings,
        errors,
        wordcount_js: crate::assets::url("js/wordcount.js"),
        editor_js: crate::assets::url("js/editor.js"),
    }
}

/// The comment of the latest return, shown above the editor.
pub fn latest_return_comment(detail: &view::ArticleDetail) -> String {
    if detail.article.status != ArticleStatus::Returned {
        return String::new();
    }
    detail
        .events
        .iter()
        .rev()
        .find(|e| e.to_status == ArticleStatus::Returned.as_str())
        .map(|e| e.comment.clone())
        .unwrap_or_default()
}

#[derive(Debug, Deserialize, Default)]
pub struct EditorQuery {
    #[serde(default)]
    pub notice: String,
    #[serde(default)]
    pub blurry: Option<String>,
    #[serde(default)]
    pub skipped: Option<usize>,
}

pub async fn show_editor(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<EditorQuery>,
) -> Result<Response, PageError> {
    let detail = view::detail(&state.ctx, &page.who, id).await?;
    if !detail.article.status.is_editable_by_post() {
        return Ok(Redirect::to(&format!("/articles/{id}")).into_response());
    }
    let notice = match query.notice.as_str() {
        "saved" => "草稿已保存。",
        "image" => "图片已插入正文末尾。",
        "docx" => "Word 文档已导入到正文末尾，请检查后保存。",
        _ => "",
    };
    let mut warnings = Vec::new();
    if query.blurry.is_some() {
        warnings
            .push("刚上传的图片看起来不够清晰，建议换一张更清楚的照片（仍可使用）。".to_string());
    }
    if let Some(n) = query.skipped.filter(|n| *n > 0) {
        warnings.push(format!(
            "Word 文档中有 {n} 张图片无法使用（过小或格式不支持），已跳过。"
        ));
    }
    let editor = editor_page(
        &page,
        state.ctx.clock.today_in_china(),
        EditorState {
            article: Some(&detail.article),
            campaign: &detail.campaign,
            content: &detail.article.content,
            version: detail.article.version,
            return_comment: latest_return_comment(&detail),
        },
        notice.into(),
        warnings,
        FormErrors::default(),
    );
    Ok(render(StatusCode::OK, &editor))
}

pub async fn save_editor(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let intent = field("intent").to_string();
    let version: i32 = field("version").parse().unwrap_or(0);
    let content = content_from_form(&pairs);
    let saved = draft::save_draft(&state.ctx, &page.who, id, content.clone(), version).await;
    let result = match (saved, intent.as_str()) {
        (Ok(article), "submit") => submit::submit(&state.ctx, &page.who, id, article.version)
            .await
            .map(|_| "submit"),
        (Ok(_), "preview") => Ok("preview"),
        (Ok(_), _) => Ok("save"),
        (Err(err), _) => Err(err),
    };
    match result {
        Ok("submit") => {
            Ok(Redirect::to("/articles?status=pending&notice=submitted").into_response())
        }
        Ok("preview") => Ok(Redirect::to(&format!("/articles/{id}/preview")).into_response()),
        Ok(_) => Ok(Redirect::to(&format!("/articles/{id}/edit?notice=saved")).into_response()),
        Err(err) => editor_with_typed(&state, &page, id, &content, &err).await,
    }
}

/// The editor of a stored draft after a refused save or submit: what the user typed, with the
/// reason beside the field; the stored text stays what it is.
pub async fn editor_with_typed(
    state: &AppState,
    page: &Page,
    id: i64,
    content: &ArticleContent,
    err: &jinguo_service::ServiceError,
) -> Result<Response, PageError> {
    let detail = view::detail(&state.ctx, &page.who, id).await?;
    let status = crate::error::classify(err).0;
    let errors = FormErrors::from_service(err);
    let typed = content.clone().normalised();
    // The form carries the stored version: after a conflict, saving again deliberately
    // replaces the other change with what is on screen.
    let version = detail.article.version;
    let editor = editor_page(
        page,
        state.ctx.clock.today_in_china(),
        EditorState {
            article: Some(&detail.article),
            campaign: &detail.campaign,
            content: &typed,
            version,
            return_comment: latest_return_comment(&detail),
        },
        String::new(),
        Vec::new(),
        errors,
    );
    Ok(render(status, &editor))
}
