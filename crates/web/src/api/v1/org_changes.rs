//! Organisations over JSON, changing: add one, edit, disable, enable, merge into a successor.

use crate::api::v1::doc;
use crate::api::v1::extract::{ApiJson, ApiPath};
use crate::api::v1::orgs::OrgResponse;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::admin::org_form::draft_of;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use jinguo_domain::OrgId;
use jinguo_domain::org::OrgDraft;
use jinguo_service::orgs::{self, edit::version_of, view::find_org};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::ToSchema;

/// A new organisation under `parent_id`. Posts need `work_unit` and `honour_level`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrgRequest {
    pub parent_id: i64,
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub name: String,
    /// Defaults to the name followed by 妇联 for federations.
    #[serde(default)]
    pub federation_name: String,
    /// `provincial`, `district` or `post`.
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub work_unit: String,
    #[serde(default)]
    pub industry: String,
    /// `national`, `provincial`, `city` or `district` (or 全国级 / 省级 / 市级 / 区县级).
    #[serde(default)]
    pub honour_level: String,
    #[serde(default)]
    pub year_named: Option<i32>,
    #[serde(default)]
    pub contact_person: String,
    #[serde(default)]
    pub contact_phone: String,
    #[serde(default)]
    pub military_or_classified: bool,
    #[serde(default)]
    pub revoked: bool,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs",
    tag = "orgs",
    request_body = CreateOrgRequest,
    responses(
        (status = 201, body = OrgResponse, description = "Created; `Location` names it"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody,
            description = "The parent is missing or outside my subtree"),
        (status = 422, body = ErrorBody, description = "Invalid fields or a code already in use")
    ),
    security(("bearer" = []))
)]
pub async fn create_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<CreateOrgRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let draft = OrgDraft {
        code: request.code,
        name: request.name,
        federation_name: request.federation_name,
        kind: request.kind,
        work_unit: request.work_unit,
        industry: request.industry,
        honour_level: request.honour_level,
        year_named: request
            .year_named
            .map(|y| y.to_string())
            .unwrap_or_default(),
        contact_person: request.contact_person,
        contact_phone: request.contact_phone,
        military_or_classified: request.military_or_classified,
        revoked: request.revoked,
    };
    let org = orgs::create_org(
        &state.ctx,
        &caller.who,
        OrgId(request.parent_id),
        &draft,
        &caller.meta,
    )
    .await?;
    let location = format!("/api/v1/orgs/{}", org.id);
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, location)],
        Json(OrgResponse::of(&org)),
    ))
}

/// The fields to change; absent fields keep their value. The code and kind never change.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[serde(default)]
pub struct EditOrgRequest {
    pub name: Option<String>,
    pub federation_name: Option<String>,
    pub work_unit: Option<String>,
    pub industry: Option<String>,
    pub honour_level: Option<String>,
    /// `null` clears the year.
    #[serde(deserialize_with = "present")]
    #[schema(value_type = Option<i32>)]
    pub year_named: Option<Option<i32>>,
    pub contact_person: Option<String>,
    pub contact_phone: Option<String>,
    pub military_or_classified: Option<bool>,
    pub revoked: Option<bool>,
    /// The `version` read earlier; when it no longer matches, nothing changes and 409 answers.
    pub version: Option<String>,
}

/// Tells `"field": null` (clear it) apart from an absent field (keep it).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
    deserializer: D,
) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

impl EditOrgRequest {
    fn apply_to(self, mut draft: OrgDraft) -> (OrgDraft, Option<String>) {
        let set = |slot: &mut String, value: Option<String>| {
            if let Some(value) = value {
                *slot = value;
            }
        };
        set(&mut draft.name, self.name);
        set(&mut draft.federation_name, self.federation_name);
        set(&mut draft.work_unit, self.work_unit);
        set(&mut draft.industry, self.industry);
        set(&mut draft.honour_level, self.honour_level);
        set(&mut draft.contact_person, self.contact_person);
        set(&mut draft.contact_phone, self.contact_phone);
        if let Some(year) = self.year_named {
            draft.year_named = year.map(|y| y.to_string()).unwrap_or_default();
        }
        draft.military_or_classified = self
            .military_or_classified
            .unwrap_or(draft.military_or_classified);
        draft.revoked = self.revoked.unwrap_or(draft.revoked);
        (draft, self.version)
    }
}

#[utoipa::path(
    patch,
    path = "/api/v1/orgs/{id}",
    tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    request_body = EditOrgRequest,
    responses(
        (status = 200, body = OrgResponse, description = "Saved"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = "Not an admin above it"),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
        (status = 409, body = ErrorBody, description = "Changed meanwhile: read it again"),
        (status = 422, body = ErrorBody, description = doc::INVALID)
    ),
    security(("bearer" = []))
)]
pub async fn edit_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<EditOrgRequest>,
) -> Result<Json<OrgResponse>, ApiError> {
    let current = find_org(&state.ctx, &caller.who, OrgId(id)).await?;
    let (draft, version) = request.apply_to(draft_of(&current));
    // Without a version, the one just read still guards the fields the request left alone.
    let expected = version.unwrap_or_else(|| version_of(&current));
    let org = orgs::edit_org(
        &state.ctx,
        &caller.who,
        current.id,
        &draft,
        Some(&expected),
        &caller.meta,
    )
    .await?;
    Ok(Json(OrgResponse::of(&org)))
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/disable",
    tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    responses(
        (status = 200, body = OrgResponse, description = "Disabled; its accounts are signed out"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
        (status = 409, body = ErrorBody, description = "Merged organisations keep their status")
    ),
    security(("bearer" = []))
)]
pub async fn disable_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OrgResponse>, ApiError> {
    set_enabled(&state, &caller, OrgId(id), false).await
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/enable",
    tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    responses(
        (status = 200, body = OrgResponse, description = "Enabled"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
        (status = 409, body = ErrorBody, description = doc::CONFLICT)
    ),
    security(("bearer" = []))
)]
pub async fn enable_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OrgResponse>, ApiError> {
    set_enabled(&state, &caller, OrgId(id), true).await
}

async fn set_enabled(
    state: &AppState,
    caller: &Caller,
    id: OrgId,
    enabled: bool,
) -> Result<Json<OrgResponse>, ApiError> {
    orgs::set_org_enabled(&state.ctx, &caller.who, id, enabled, &caller.meta).await?;
    Ok(Json(OrgResponse::of(
        &find_org(&state.ctx, &caller.who, id).await?,
    )))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeOrgRequest {
    /// The successor: an active organisation of the same kind, not below the merged one.
    pub into_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MergeOrgResponse {
    pub merged: OrgResponse,
    pub into: OrgResponse,
    /// Organisations that moved under the successor.
    pub moved_children: u64,
    /// Accounts of the merged organisation, now disabled.
    pub disabled_accounts: u64,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/merge",
    tag = "orgs",
    params(("id" = i64, Path, description = "The organisation to merge")),
    request_body = MergeOrgRequest,
    responses(
        (status = 200, body = MergeOrgResponse,
            description = "Merged: everything below moved to the successor"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
        (status = 422, body = ErrorBody,
            description = "`merge_refused`: into itself, below itself, another kind, inactive")
    ),
    security(("bearer" = []))
)]
pub async fn merge_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<MergeOrgRequest>,
) -> Result<Json<MergeOrgResponse>, ApiError> {
    let into_id = OrgId(request.into_id);
    let outcome =
        orgs::merge_org(&state.ctx, &caller.who, OrgId(id), into_id, &caller.meta).await?;
    Ok(Json(MergeOrgResponse {
        merged: OrgResponse::of(&find_org(&state.ctx, &caller.who, OrgId(id)).await?),
        into: OrgResponse::of(&find_org(&state.ctx, &caller.who, into_id).await?),
        moved_children: outcome.moved_children,
        disabled_accounts: outcome.disabled_accounts,
    }))
}
