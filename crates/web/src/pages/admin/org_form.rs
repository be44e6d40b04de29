//! Adding an organisation under another, and editing one. A rejected form comes back with
//! everything typed and a Chinese message beside each field.

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
use jinguo_domain::org::{HonourLevel, OrgDraft, OrgKind};
use jinguo_service::orgs::{self, edit::version_of};
use jinguo_service::{Org, ServiceError};
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/admin/org_form.html")]
pub struct OrgFormPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub is_new: bool,
    pub back_id: i64,
    pub back_name: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub honour_levels: Vec<(&'static str, &'static str)>,
    pub draft: OrgDraft,
    pub version: String,
    pub errors: FormErrors,
}

/// The form body; checkboxes are absent when unticked.
#[derive(Debug, Deserialize, Default)]
pub struct OrgForm {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub federation_name: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub work_unit: String,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub honour_level: String,
    #[serde(default)]
    pub year_named: String,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub military_or_classified: Option<String>,
    #[serde(default)]
    pub revoked: Option<String>,
    #[serde(default)]
    pub version: String,
}

impl OrgForm {
    pub fn into_draft(self) -> (OrgDraft, String) {
        let draft = OrgDraft {
            code: self.code,
            name: self.name,
            federation_name: self.federation_name,
            kind: self.kind,
            work_unit: self.work_unit,
            industry: self.industry,
            honour_level: self.honour_level,
            year_named: self.year_named,
            contact_person: self.contact_person,
            contact_phone: self.contact_phone,
            military_or_classified: self.military_or_classified.is_some(),
            revoked: self.revoked.is_some(),
        };
        (draft, self.version)
    }
}

fn kinds_under(parent: &Org) -> Vec<(&'static str, &'static str)> {
    [OrgKind::Provincial, OrgKind::District, OrgKind::Post]
        .into_iter()
        .filter(|k| parent.kind.may_contain(*k))
        .map(|k| (k.as_str(), k.label()))
        .collect()
}

fn honour_levels() -> Vec<(&'static str, &'static str)> {
    HonourLevel::ALL
        .iter()
        .map(|h| (h.as_str(), h.label()))
        .collect()
}

pub fn draft_of(org: &Org) -> OrgDraft {
    let post = org.post.as_ref();
    OrgDraft {
        code: org.code.clone(),
        name: org.name.clone(),
        federation_name: org.federation_name.clone(),
        kind: org.kind.as_str().to_string(),
        work_unit: post.map(|p| p.work_unit.clone()).unwrap_or_default(),
        industry: post.map(|p| p.industry.clone()).unwrap_or_default(),
        honour_level: post
            .map(|p| p.honour_level.as_str().to_string())
            .unwrap_or_default(),
        year_named: post
            .and_then(|p| p.year_named)
            .map(|y| y.to_string())
            .unwrap_or_default(),
        contact_person: post.map(|p| p.contact_person.clone()).unwrap_or_default(),
        contact_phone: post.map(|p| p.contact_phone.clone()).unwrap_or_default(),
        military_or_classified: post.is_some_and(|p| p.military_or_classified),
        revoked: post.is_some_and(|p| p.revoked),
    }
}

fn new_form(page: &Page, parent: &Org, draft: OrgDraft, errors: FormErrors) -> OrgFormPage {
    OrgFormPage {
        chrome: Chrome::signed_in("新增下级组织", page, "orgs"),
        heading: format!("在“{}”下新增", parent.name),
        action: format!("/admin/orgs/{}/new", parent.id),
        is_new: true,
        back_id: parent.id.0,
        back_name: parent.name.clone(),
        kinds: kinds_under(parent),
        honour_levels: honour_levels(),
        draft,
        version: String::new(),
        errors,
    }
}

pub async fn show_new_org(
    State(state): State<AppState>,
    page: Page,
    Path(parent): Path<i64>,
) -> Result<Response, PageError> {
    let parent = orgs::get_org(&state.ctx, &page.who, OrgId(parent))
        .await?
        .org;
    crate::pages::admin::org_status::require(
        &page,
        jinguo_domain::Action::CreateChildOrg,
        &parent,
    )?;
    let default_kind = if parent.kind == OrgKind::National {
        OrgKind::Provincial
    } else {
        OrgKind::Post
    };
    let draft = OrgDraft {
        kind: default_kind.as_str().into(),
        honour_level: HonourLevel::National.as_str().into(),
        ..Default::default()
    };
    Ok(render(
        StatusCode::OK,
        &new_form(&page, &parent, draft, FormErrors::default()),
    ))
}

pub async fn submit_new_org(
    State(state): State<AppState>,
    page: Page,
    Path(parent_id): Path<i64>,
    Form(form): Form<OrgForm>,
) -> Result<Response, PageError> {
    let (draft, _) = form.into_draft();
    match orgs::create_org(&state.ctx, &page.who, OrgId(parent_id), &draft, &page.meta).await {
        Ok(org) => {
            Ok(Redirect::to(&format!("/admin/orgs/{}?notice=created", org.id)).into_response())
        }
        Err(err @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            let parent = orgs::get_org(&state.ctx, &page.who, OrgId(parent_id))
                .await?
                .org;
            let status = crate::error::classify(&err).0;
            Ok(render(
                status,
                &new_form(&page, &parent, draft, FormErrors::from_service(&err)),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

fn edit_form(
    page: &Page,
    org: &Org,
    draft: OrgDraft,
    version: String,
    errors: FormErrors,
) -> OrgFormPage {
    OrgFormPage {
        chrome: Chrome::signed_in("编辑组织", page, "orgs"),
        heading: format!("编辑“{}”", org.name),
        action: format!("/admin/orgs/{}/edit", org.id),
        is_new: false,
        back_id: org.id.0,
        back_name: org.name.clone(),
        kinds: Vec::new(),
        honour_levels: honour_levels(),
        draft,
        version,
        errors,
    }
}

pub async fn show_edit_org(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let org = orgs::get_org(&state.ctx, &page.who, OrgId(id)).await?.org;
    crate::pages::admin::org_status::require_edit(&page, &org)?;
    Ok(render(
        StatusCode::OK,
        &edit_form(
            &page,
            &org,
            draft_of(&org),
            version_of(&org),
            FormErrors::default(),
        ),
    ))
}

pub async fn submit_edit_org(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Form(form): Form<OrgForm>,
) -> Result<Response, PageError> {
    let (draft, version) = form.into_draft();
    let expected = (!version.is_empty()).then_some(version.as_str());
    match orgs::edit_org(
        &state.ctx,
        &page.who,
        OrgId(id),
        &draft,
        expected,
        &page.meta,
    )
    .await
    {
        Ok(org) => {
            Ok(Redirect::to(&format!("/admin/orgs/{}?notice=saved", org.id)).into_response())
        }
        Err(err @ (ServiceError::Invalid(_) | ServiceError::Conflict(_))) => {
            let org = orgs::get_org(&state.ctx, &page.who, OrgId(id)).await?.org;
            let status = crate::error::classify(&err).0;
            let mut draft = draft;
            draft.code = org.code.clone();
            // After a conflict the form keeps what was typed but carries the new version, so
            // saving again is a deliberate overwrite.
            Ok(render(
                status,
                &edit_form(
                    &page,
                    &org,
                    draft,
                    version_of(&org),
                    FormErrors::from_service(&err),
                ),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
