//! Merging an organisation into a successor of the same kind.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::OrgId;
use jinguo_domain::org::OrgStatus;
use jinguo_service::{Org, ServiceError, orgs};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/admin/org_merge.html")]
pub struct MergePage {
    pub chrome: Chrome,
    pub org_id: i64,
    pub org_name: String,
    pub candidates: Vec<(String, String)>,
    pub into_code: String,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct MergeForm {
    #[serde(default)]
    pub into_code: String,
}

async fn view(
    state: &AppState,
    page: &Page,
    org: &Org,
    into_code: String,
    errors: FormErrors,
) -> Result<MergePage, PageError> {
    let siblings = match org.parent_id {
        Some(parent) => match orgs::list_children(&state.ctx, &page.who, parent).await {
            Ok(list) => list,
            Err(ServiceError::NotFound) => Vec::new(),
            Err(other) => return Err(other.into()),
        },
        None => Vec::new(),
    };
    let candidates = siblings
        .into_iter()
        .filter(|s| s.id != org.id && s.kind == org.kind && s.status == OrgStatus::Active)
        .map(|s| (s.code, s.name))
        .collect();
    Ok(MergePage {
        chrome: Chrome::signed_in("合并组织", page, "orgs"),
        org_id: org.id.0,
        org_name: org.name.clone(),
        candidates,
        into_code,
        errors,
    })
}

pub async fn show_merge(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let org = orgs::get_org(&state.ctx, &page.who, OrgId(id)).await?.org;
    crate::pages::admin::org_status::require_edit(&page, &org)?;
    let v = view(&state, &page, &org, String::new(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &v))
}

pub async fn submit_merge(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<MergeForm>,
) -> Result<Response, PageError> {
    let org = orgs::get_org(&state.ctx, &page.who, OrgId(id)).await?.org;
    let refuse = |message: String| {
        let mut errors = FormErrors::default();
        errors.fields.insert("into".into(), message);
        errors
    };
    let errors = if form.into_code.trim().is_empty() {
        refuse("请选择合并目标".into())
    } else {
        match orgs::view::find_by_code(&state.ctx, &page.who, &form.into_code).await {
            Err(ServiceError::NotFound) => refuse(format!(
                "找不到代码为“{}”的组织（或不在您的管理范围内）",
                form.into_code.trim()
            )),
            Err(other) => return Err(other.into()),
            Ok(into) => {
                match orgs::merge_org(&state.ctx, &page.who, org.id, into.id, &page.meta).await {
                    Ok(_) => {
                        return Ok(
                            Redirect::to(&format!("/admin/orgs/{}?notice=merged", into.id))
                                .into_response(),
                        );
                    }
                    Err(ServiceError::MergeRefused(reason)) => {
                        refuse(messages::merge_refused(reason).to_string())
                    }
                    Err(other) => return Err(other.into()),
                }
            }
        }
    };
    let v = view(&state, &page, &org, form.into_code, errors).await?;
    Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &v))
}
