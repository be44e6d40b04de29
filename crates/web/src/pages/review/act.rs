//! A reviewer's move from the article page. A refusal re-renders the article in its current
//! state with the reason and the comment as typed.

use crate::auth::Page;
use crate::error::{PageError, classify};
use crate::pages::render::{FormErrors, render};
use crate::pages::review::article::review_page;
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::review::ReviewMove;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_service::ServiceError;
use jinguo_service::review::act::act;
use jinguo_service::review::article::review_article;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    pub action: String,
    #[serde(default)]
    pub comment: String,
    #[serde(default)]
    pub version: i32,
}

pub async fn review_one(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let result = match ReviewMove::parse(&form.action) {
        Some(mv) => act(
            &state.ctx,
            &page.who,
            id,
            mv,
            &form.comment,
            Some(form.version),
        )
        .await
        .map(|_| mv),
        None => Err(ServiceError::Invalid(FieldErrors::single(
            "action",
            FieldIssue::Required,
        ))),
    };
    let err = match result {
        Ok(mv) => {
            return Ok(
                Redirect::to(&format!("/review/{id}?notice={}", mv.as_str())).into_response(),
            );
        }
        Err(ServiceError::NotFound) => return Err(ServiceError::NotFound.into()),
        Err(err) => err,
    };
    let status = classify(&err).0;
    let detail = review_article(&state.ctx, &page.who, id).await?;
    let view = review_page(
        &page,
        detail,
        form.comment,
        String::new(),
        FormErrors::from_service(&err),
    );
    Ok(render(status, &view))
}
