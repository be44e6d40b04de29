//! The forms of the 推荐名单 page: move an item, save its reason, recall it, push the list. A
//! success redirects back to the list; a refusal re-renders it with the reason (and a refused
//! reason as typed), and a push below the minimum asks for confirmation first.

use crate::auth::Page;
use crate::error::{PageError, classify};
use crate::messages;
use crate::pages::render::{FormErrors, render};
use crate::pages::review::list::{Confirmation, TypedReason, list_page};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::recommendation::Direction;
use jinguo_domain::review::ReviewMove;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_service::ServiceError;
use jinguo_service::review::act::act;
use jinguo_service::review::list::recommendation_list;
use jinguo_service::review::list_edit::{PushOutcome, move_item, push_list, set_reason};
use serde::Deserialize;

fn back(campaign: i64, notice: &str) -> Response {
    Redirect::to(&format!("/review/list?campaign={campaign}&notice={notice}")).into_response()
}

/// Re-renders the list after a refused form (missing or foreign items are plain 404s).
async fn refused(
    state: &AppState,
    page: &Page,
    campaign: Option<i64>,
    err: ServiceError,
    typed: Option<TypedReason>,
) -> Result<Response, PageError> {
    if matches!(err, ServiceError::NotFound | ServiceError::Forbidden) {
        return Err(err.into());
    }
    let status = classify(&err).0;
    let list = recommendation_list(&state.ctx, &page.who, campaign).await?;
    let errors = if typed.is_some() {
        FormErrors::default()
    } else {
        FormErrors::from_service(&err)
    };
    Ok(render(
        status,
        &list_page(page, list, typed, None, String::new(), errors),
    ))
}

#[derive(Debug, Deserialize)]
pub struct MoveForm {
    #[serde(default)]
    pub direction: String,
}

pub async fn move_recommendation(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<MoveForm>,
) -> Result<Response, PageError> {
    let direction = Direction::parse(&form.direction).ok_or_else(|| {
        ServiceError::Invalid(FieldErrors::single("direction", FieldIssue::Required))
    })?;
    let campaign = move_item(&state.ctx, &page.who, id, direction).await?;
    Ok(back(campaign, "moved"))
}

#[derive(Debug, Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub campaign: Option<i64>,
}

pub async fn save_recommendation_reason(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<ReasonForm>,
) -> Result<Response, PageError> {
    match set_reason(&state.ctx, &page.who, id, &form.reason).await {
        Ok(campaign) => Ok(back(campaign, "reason")),
        Err(err) => {
            let typed = match &err {
                ServiceError::Invalid(errors) => Some(TypedReason {
                    article_id: id,
                    reason: form.reason.clone(),
                    error: messages::field_errors(errors)
                        .into_iter()
                        .map(|(_, message)| message)
                        .collect::<Vec<_>>()
                        .join("；"),
                }),
                _ => None,
            };
            refused(&state, &page, form.campaign, err, typed).await
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct RecallForm {
    #[serde(default)]
    pub version: Option<i32>,
    #[serde(default)]
    pub campaign: Option<i64>,
}

/// 撤回推荐: the review move `Unrecommend`, version-guarded, until national acts on the article.
pub async fn recall_recommendation(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<RecallForm>,
) -> Result<Response, PageError> {
    match act(
        &state.ctx,
        &page.who,
        id,
        ReviewMove::Unrecommend,
        "",
        form.version,
    )
    .await
    {
        Ok(article) => Ok(back(
            form.campaign.unwrap_or(article.campaign_id),
            "recalled",
        )),
        Err(err) => refused(&state, &page, form.campaign, err, None).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct PushForm {
    pub campaign: i64,
    /// The confirmation checkbox of a push below the minimum.
    #[serde(default)]
    pub confirm: String,
}

pub async fn push_recommendation_list(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<PushForm>,
) -> Result<Response, PageError> {
    let confirmed = form.confirm == "yes";
    match push_list(&state.ctx, &page.who, form.campaign, confirmed, &page.meta).await {
        Ok(PushOutcome::Pushed { below_min, .. }) => Ok(back(
            form.campaign,
            if below_min.is_some() {
                "pushed_below"
            } else {
                "pushed"
            },
        )),
        Ok(PushOutcome::NeedsConfirmation { count, min }) => {
            let list = recommendation_list(&state.ctx, &page.who, Some(form.campaign)).await?;
            let view = list_page(
                &page,
                list,
                None,
                Some(Confirmation { count, min }),
                String::new(),
                FormErrors::default(),
            );
            Ok(render(StatusCode::OK, &view))
        }
        Err(err) => refused(&state, &page, Some(form.campaign), err, None).await,
    }
}
