//! Adding an account to an organisation of my subtree.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::OrgId;
use jinguo_domain::account::Role;
use jinguo_service::accounts::{AccountDraft, create::role_fits, create_account};
use jinguo_service::{Org, ServiceError, orgs};

#[derive(Template)]
#[template(path = "pages/admin/account_form.html")]
pub struct AccountFormPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub is_new: bool,
    pub org_id: i64,
    pub org_name: String,
    pub roles: Vec<(&'static str, &'static str)>,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub password: String,
    pub errors: FormErrors,
}

fn form_page(page: &Page, org: &Org, draft: &AccountDraft, errors: FormErrors) -> AccountFormPage {
    AccountFormPage {
        chrome: Chrome::signed_in("新增账号", page, "accounts"),
        heading: format!("为“{}”新增账号", org.name),
        action: format!("/admin/orgs/{}/accounts/new", org.id),
        is_new: true,
        org_id: org.id.0,
        org_name: org.name.clone(),
        roles: Role::ALL
            .iter()
            .filter(|r| role_fits(**r, org.kind))
            .map(|r| (r.as_str(), r.label()))
            .collect(),
        username: draft.username.clone(),
        display_name: draft.display_name.clone(),
        role: draft.role.clone(),
        password: draft.password.clone(),
        errors,
    }
}

pub async fn show_new_account(
    State(state): State<AppState>,
    page: Page,
    Path(org): Path<i64>,
) -> Result<Response, PageError> {
    let org = orgs::get_org(&state.ctx, &page.who, OrgId(org)).await?.org;
    crate::pages::admin::org_status::require(&page, jinguo_domain::Action::ManageAccounts, &org)?;
    Ok(render(
        StatusCode::OK,
        &form_page(&page, &org, &AccountDraft::default(), FormErrors::default()),
    ))
}

pub async fn submit_new_account(
    State(state): State<AppState>,
    page: Page,
    Path(org_id): Path<i64>,
    Form(draft): Form<AccountDraft>,
) -> Result<Response, PageError> {
    match create_account(&state.ctx, &page.who, OrgId(org_id), &draft, &page.meta).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/admin/orgs/{org_id}?notice=account_created")).into_response(),
        ),
        Err(err @ ServiceError::Invalid(_)) => {
            let org = orgs::get_org(&state.ctx, &page.who, OrgId(org_id))
                .await?
                .org;
            Ok(render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&page, &org, &draft, FormErrors::from_service(&err)),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
