//! A new article: 写稿 opens the editor on the campaign with nothing stored; the first save (a
//! button, or the editor script's autosave once something is typed) creates the draft, so
//! clicks on 写稿 leave no empty drafts behind.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::blocks::content_from_form;
use crate::pages::articles::editor::{EditorState, editor_page};
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::content::ArticleContent;
use jinguo_service::ServiceError;
use jinguo_service::articles::{draft, submit};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct NewArticleQuery {
    /// The campaign to write for; without it, the first one open to the post.
    #[serde(default)]
    pub campaign_id: Option<i64>,
}

/// The empty editor for a campaign the post may write for (403 with the reason otherwise).
pub async fn show_new_editor(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<NewArticleQuery>,
) -> Result<Response, PageError> {
    new_editor(
        &state,
        &page,
        query.campaign_id,
        &ArticleContent::default(),
        None,
    )
    .await
}

/// The first save: 保存草稿 / 预览 create the draft, 提交审核 creates and submits it; a refusal
/// re-renders what was typed with the reasons and stores nothing.
pub async fn create_from_editor(
    State(state): State<AppState>,
    page: Page,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let campaign_id: Option<i64> = field("campaign_id").parse().ok();
    let intent = field("intent").to_string();
    let content = content_from_form(&pairs);
    // The campaign the form was opened on (the first open one if the field was lost).
    let campaign = draft::campaign_to_start(&state.ctx, &page.who, campaign_id).await?;
    let started = if intent == "submit" {
        submit::start_and_submit(&state.ctx, &page.who, campaign.id, content.clone()).await
    } else {
        draft::start_draft(&state.ctx, &page.who, campaign.id, content.clone()).await
    };
    match (started, intent.as_str()) {
        (Ok(_), "submit") => {
            Ok(Redirect::to("/articles?status=pending&notice=submitted").into_response())
        }
        (Ok(article), "preview") => {
            Ok(Redirect::to(&format!("/articles/{}/preview", article.id)).into_response())
        }
        (Ok(article), _) => Ok(Redirect::to(&format!(
            "/articles/{}/edit?notice=saved",
            article.id
        ))
        .into_response()),
        // start_and_submit checks the submission before storing anything, so a refusal left
        // nothing behind.
        (Err(err), _) => new_editor(&state, &page, Some(campaign.id), &content, Some(&err)).await,
    }
}

/// The editor of a new article: empty, or what was typed with the reason it was refused. A
/// refusal that is not about the text (not a post, ineligible, unknown campaign) is the error
/// page instead.
async fn new_editor(
    state: &AppState,
    page: &Page,
    campaign_id: Option<i64>,
    content: &ArticleContent,
    refused: Option<&ServiceError>,
) -> Result<Response, PageError> {
    let campaign = draft::campaign_to_start(&state.ctx, &page.who, campaign_id).await?;
    let (status, errors) = match refused {
        None => (StatusCode::OK, FormErrors::default()),
        Some(err) => (crate::error::classify(err).0, FormErrors::from_service(err)),
    };
    let typed = content.clone().normalised();
    let editor = editor_page(
        page,
        state.ctx.clock.today_in_china(),
        EditorState {
            article: None,
            campaign: &campaign,
            content: &typed,
            version: 0,
            return_comment: String::new(),
        },
        String::new(),
        Vec::new(),
        errors,
    );
    Ok(render(status, &editor))
}
