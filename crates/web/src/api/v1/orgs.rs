//! Organisations over JSON: search my subtree, read one, add, edit, disable, enable, merge.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::extract::{ApiJson, ApiPath, ApiQuery, invalid};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::admin::org_form::draft_of;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use jinguo_domain::OrgId;
use jinguo_domain::org::{OrgDraft, OrgKind, PostProfile};
use jinguo_domain::validation::FieldIssue;
use jinguo_service::Org;
use jinguo_service::orgs::{self, edit::version_of, view::find_org};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};

/// What SPEC §1 records for a 巾帼文明岗.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostProfileResponse {
    pub work_unit: String,
    pub industry: String,
    /// `national` (全国级), `provincial`, `city` or `district`.
    pub honour_level: String,
    pub year_named: Option<i32>,
    pub contact_person: String,
    pub contact_phone: String,
    /// 解放军或涉军、涉密
    pub military_or_classified: bool,
    pub revoked: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgResponse {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub federation_name: String,
    /// `national`, `provincial`, `district` or `post`.
    pub kind: String,
    pub parent_id: Option<i64>,
    /// `active`, `disabled` or `merged`.
    pub status: String,
    pub merged_into_id: Option<i64>,
    /// Present for posts only.
    pub post: Option<PostProfileResponse>,
    /// Send it back as `version` when editing: a change made meanwhile then answers 409.
    pub version: String,
    pub updated_at: String,
}

impl OrgResponse {
    pub fn of(org: &Org) -> Self {
        OrgResponse {
            id: org.id.0,
            code: org.code.clone(),
            name: org.name.clone(),
            federation_name: org.federation_name.clone(),
            kind: org.kind.as_str().to_string(),
            parent_id: org.parent_id.map(|p| p.0),
            status: org.status.as_str().to_string(),
            merged_into_id: org.merged_into.map(|m| m.0),
            post: org.post.as_ref().map(post_profile),
            version: version_of(org),
            updated_at: rfc3339(org.updated_at),
        }
    }
}

fn post_profile(p: &PostProfile) -> PostProfileResponse {
    PostProfileResponse {
        work_unit: p.work_unit.clone(),
        industry: p.industry.clone(),
        honour_level: p.honour_level.as_str().to_string(),
        year_named: p.year_named,
        contact_person: p.contact_person.clone(),
        contact_phone: p.contact_phone.clone(),
        military_or_classified: p.military_or_classified,
        revoked: p.revoked,
    }
}

/// An organisation named in passing.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgRefResponse {
    pub id: i64,
    pub code: String,
    pub name: String,
}

impl OrgRefResponse {
    pub fn of(org: &Org) -> Self {
        OrgRefResponse { id: org.id.0, code: org.code.clone(), name: org.name.clone() }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgListResponse {
    pub items: Vec<OrgResponse>,
    /// Organisations matching the filter, on all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchOrgsQuery {
    /// Part of a name or code.
    pub q: Option<String>,
    /// `provincial`, `district` or `post` (or 省级 / 区县 / 岗位).
    pub kind: Option<String>,
    /// 1-based page number (default 1).
    pub page: Option<u64>,
    /// Rows per page, 1 to 200 (default 50).
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/api/v1/orgs", tag = "orgs", params(SearchOrgsQuery),
    responses(
        (status = 200, description = "A page of my subtree, ordered by position in the tree", body = OrgListResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn search_orgs(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<SearchOrgsQuery>,
) -> Result<Json<OrgListResponse>, ApiError> {
    let kind = match query.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(text) => Some(OrgKind::parse(text).ok_or_else(|| invalid("kind", FieldIssue::UnknownKind))?),
    };
    let paging = Paging::new(query.page, query.per_page);
    let q = query.q.unwrap_or_default();
    let listing = orgs::search_orgs(&state.ctx, &caller.who, &q, kind, paging.page, paging.per_page).await?;
    Ok(Json(OrgListResponse {
        items: listing.orgs.iter().map(OrgResponse::of).collect(),
        total: listing.total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ChildOrgResponse {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub status: String,
    /// How many organisations sit directly below this child.
    pub children: u64,
}

/// One name an organisation has had, and when.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrgNameResponse {
    pub name: String,
    pub valid_from: String,
    /// Absent for the current name.
    pub valid_until: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrgDetailResponse {
    pub org: OrgResponse,
    /// From my own organisation down to the parent.
    pub ancestors: Vec<OrgRefResponse>,
    pub children: Vec<ChildOrgResponse>,
    /// Oldest first.
    pub name_history: Vec<OrgNameResponse>,
    /// The successor, when the organisation was merged into one I may see.
    pub merged_into: Option<OrgRefResponse>,
}

#[utoipa::path(get, path = "/api/v1/orgs/{id}", tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    responses((status = 200, body = OrgDetailResponse), (status = 401, body = ErrorBody),
        (status = 404, description = "Missing or outside my subtree", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn show_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OrgDetailResponse>, ApiError> {
    let detail = orgs::get_org(&state.ctx, &caller.who, OrgId(id)).await?;
    let children = detail
        .children
        .iter()
        .map(|c| ChildOrgResponse {
            id: c.id.0,
            code: c.code.clone(),
            name: c.name.clone(),
            kind: c.kind.as_str().to_string(),
            status: c.status.as_str().to_string(),
            children: detail.child_counts.get(&c.id).copied().unwrap_or(0),
        })
        .collect();
    let name_history = detail
        .names
        .iter()
        .map(|n| OrgNameResponse {
            name: n.name.clone(),
            valid_from: rfc3339(n.valid_from),
            valid_until: n.valid_until.map(rfc3339),
        })
        .collect();
    Ok(Json(OrgDetailResponse {
        org: OrgResponse::of(&detail.org),
        ancestors: detail.ancestors.iter().map(OrgRefResponse::of).collect(),
        children,
        name_history,
        merged_into: detail.merged_into.as_ref().map(OrgRefResponse::of),
    }))
}

/// A new organisation under `parent_id`. Posts need `work_unit` and `honour_level`.
#[derive(Debug, Deserialize, ToSchema)]
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

#[utoipa::path(post, path = "/api/v1/orgs", tag = "orgs", request_body = CreateOrgRequest,
    responses((status = 201, description = "Created; `Location` names it", body = OrgResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "The parent is missing or outside my subtree", body = ErrorBody),
        (status = 422, description = "Invalid fields or a code already in use", body = ErrorBody)),
    security(("bearer" = [])))]
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
        year_named: request.year_named.map(|y| y.to_string()).unwrap_or_default(),
        contact_person: request.contact_person,
        contact_phone: request.contact_phone,
        military_or_classified: request.military_or_classified,
        revoked: request.revoked,
    };
    let org = orgs::create_org(&state.ctx, &caller.who, OrgId(request.parent_id), &draft, &caller.meta).await?;
    let location = format!("/api/v1/orgs/{}", org.id);
    Ok((StatusCode::CREATED, [(header::LOCATION, location)], Json(OrgResponse::of(&org))))
}

/// The fields to change; absent fields keep their value. The code and kind never change.
#[derive(Debug, Default, Deserialize, ToSchema)]
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
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
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
        draft.military_or_classified = self.military_or_classified.unwrap_or(draft.military_or_classified);
        draft.revoked = self.revoked.unwrap_or(draft.revoked);
        (draft, self.version)
    }
}

#[utoipa::path(patch, path = "/api/v1/orgs/{id}", tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")), request_body = EditOrgRequest,
    responses((status = 200, body = OrgResponse), (status = 401, body = ErrorBody),
        (status = 403, description = "Not an admin above it", body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Changed meanwhile: read it again", body = ErrorBody),
        (status = 422, body = ErrorBody)),
    security(("bearer" = [])))]
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
    let org = orgs::edit_org(&state.ctx, &caller.who, current.id, &draft, Some(&expected), &caller.meta).await?;
    Ok(Json(OrgResponse::of(&org)))
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/disable", tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    responses((status = 200, description = "Disabled; its accounts are signed out", body = OrgResponse),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Merged organisations keep their status", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn disable_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OrgResponse>, ApiError> {
    set_enabled(&state, &caller, OrgId(id), false).await
}

#[utoipa::path(post, path = "/api/v1/orgs/{id}/enable", tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    responses((status = 200, body = OrgResponse), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn enable_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<OrgResponse>, ApiError> {
    set_enabled(&state, &caller, OrgId(id), true).await
}

async fn set_enabled(state: &AppState, caller: &Caller, id: OrgId, enabled: bool) -> Result<Json<OrgResponse>, ApiError> {
    orgs::set_org_enabled(&state.ctx, &caller.who, id, enabled, &caller.meta).await?;
    Ok(Json(OrgResponse::of(&find_org(&state.ctx, &caller.who, id).await?)))
}

#[derive(Debug, Deserialize, ToSchema)]
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

#[utoipa::path(post, path = "/api/v1/orgs/{id}/merge", tag = "orgs",
    params(("id" = i64, Path, description = "The organisation to merge")), request_body = MergeOrgRequest,
    responses((status = 200, body = MergeOrgResponse), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, description = "`merge_refused`: into itself, a descendant, another kind or an inactive one", body = ErrorBody)),
    security(("bearer" = [])))]
pub async fn merge_org(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<MergeOrgRequest>,
) -> Result<Json<MergeOrgResponse>, ApiError> {
    let into_id = OrgId(request.into_id);
    let outcome = orgs::merge_org(&state.ctx, &caller.who, OrgId(id), into_id, &caller.meta).await?;
    Ok(Json(MergeOrgResponse {
        merged: OrgResponse::of(&find_org(&state.ctx, &caller.who, OrgId(id)).await?),
        into: OrgResponse::of(&find_org(&state.ctx, &caller.who, into_id).await?),
        moved_children: outcome.moved_children,
        disabled_accounts: outcome.disabled_accounts,
    }))
}
