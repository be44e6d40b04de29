//! Submit and withdraw from the article page. A refusal shows the article with the reason.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::articles::detail::detail_page;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_service::ServiceError;
use jinguo_service::articles::{submit, view};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    pub version: i32,
}

async fn refused(
    state: &AppState,
    page: &Page,
    id: i64,
    err: ServiceError,
) -> Result<Response, PageError> {
    let status = crate::error::classify(&err).0;
    let detail = view::detail(&state.ctx, &page.who, id).await?;
    let view = detail_page(
        state,
        page,
        detail,
        String::new(),
        FormErrors::from_service(&err),
    )
    .await?;
    Ok(render(status, &view))
}

pub async fn submit_article(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    match submit::submit(&state.ctx, &page.who, id, form.version).await {
        Ok(_) => Ok(Redirect::to("/articles?status=pending&notice=submitted").into_response()),
        Err(ServiceError::NotFound) => Err(ServiceError::NotFound.into()),
        Err(err) => refused(&state, &page, id, err).await,
    }
}

pub async fn withdraw_article(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<VersionForm>,
) -> Result<Response, PageError> {
    match submit::withdraw(&state.ctx, &page.who, id, form.version).await {
        Ok(_) => Ok(Redirect::to("/articles?status=draft&notice=withdrawn").into_response()),
        Err(ServiceError::NotFound) => Err(ServiceError::NotFound.into()),
        Err(err) => refused(&state, &page, id, err).await,
    }
}
