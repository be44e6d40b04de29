//! Disabling and re-enabling an organisation.

use crate::auth::Page;
use crate::error::PageError;
use crate::state::AppState;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::{Action, OrgId};
use jinguo_service::{Org, orgs};

/// Pages that only make sense for editors answer 403 early, before showing a form.
pub fn require_edit(page: &Page, org: &Org) -> Result<(), PageError> {
    require(page, Action::EditOrg, org)
}

pub fn require(page: &Page, action: Action, org: &Org) -> Result<(), PageError> {
    Ok(jinguo_service::permissions::require(
        &page.who, action, org,
    )?)
}

pub async fn disable_org(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    orgs::set_org_enabled(&state.ctx, &page.who, OrgId(id), false, &page.meta).await?;
    Ok(Redirect::to(&format!("/admin/orgs/{id}?notice=disabled")).into_response())
}

pub async fn enable_org(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    orgs::set_org_enabled(&state.ctx, &page.who, OrgId(id), true, &page.meta).await?;
    Ok(Redirect::to(&format!("/admin/orgs/{id}?notice=enabled")).into_response())
}
