//! Resetting a password, disabling and enabling an account, lifting a login lock.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::admin::account_new::AccountFormPage;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::AccountId;
use jinguo_service::accounts::{reset_password, set_account_enabled, unlock_account};
use jinguo_service::{ServiceError, orgs};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct ResetForm {
    #[serde(default)]
    pub password: String,
}

async fn reset_page(
    state: &AppState,
    page: &Page,
    id: i64,
    password: String,
    errors: FormErrors,
) -> Result<AccountFormPage, PageError> {
    let target =
        jinguo_service::accounts::list::get_account(&state.ctx, &page.who, AccountId(id)).await?;
    let org = orgs::get_org(&state.ctx, &page.who, target.org_id)
        .await?
        .org;
    Ok(AccountFormPage {
        chrome: Chrome::signed_in("重置密码", page, "accounts"),
        heading: format!("重置“{}”的密码", target.username),
        action: format!("/admin/accounts/{id}/reset"),
        is_new: false,
        org_id: org.id.0,
        org_name: org.name,
        roles: Vec::new(),
        username: target.username,
        display_name: target.display_name,
        role: String::new(),
        password,
        errors,
    })
}

pub async fn show_reset(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let view = reset_page(&state, &page, id, String::new(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &view))
}

pub async fn submit_reset(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<ResetForm>,
) -> Result<Response, PageError> {
    match reset_password(
        &state.ctx,
        &page.who,
        AccountId(id),
        &form.password,
        &page.meta,
    )
    .await
    {
        Ok(()) => Ok(Redirect::to("/admin/accounts?notice=password_reset").into_response()),
        Err(err @ ServiceError::Invalid(_)) => {
            let view = reset_page(
                &state,
                &page,
                id,
                form.password,
                FormErrors::from_service(&err),
            )
            .await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &view))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn disable_account(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    set_account_enabled(&state.ctx, &page.who, AccountId(id), false, &page.meta).await?;
    Ok(Redirect::to("/admin/accounts?notice=account_disabled").into_response())
}

pub async fn enable_account(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    set_account_enabled(&state.ctx, &page.who, AccountId(id), true, &page.meta).await?;
    Ok(Redirect::to("/admin/accounts?notice=account_enabled").into_response())
}

pub async fn unlock_account_now(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    unlock_account(&state.ctx, &page.who, AccountId(id), &page.meta).await?;
    Ok(Redirect::to("/admin/accounts?notice=account_unlocked").into_response())
}
