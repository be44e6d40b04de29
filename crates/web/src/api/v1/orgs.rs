//! Organisations over JSON, reading: the shapes every org answer uses, search my subtree, read
//! one with its children and name history.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::{ApiPath, ApiQuery, invalid};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use jinguo_domain::OrgId;
use jinguo_domain::org::{OrgKind, PostProfile};
use jinguo_domain::validation::FieldIssue;
use jinguo_service::Org;
use jinguo_service::orgs::{self, edit::version_of};
use serde::{Deserialize, Serialize};
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
        OrgRefResponse {
            id: org.id.0,
            code: org.code.clone(),
            name: org.name.clone(),
        }
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
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    /// Rows per page, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/orgs",
    tag = "orgs",
    params(SearchOrgsQuery),
    responses(
        (status = 200, body = OrgListResponse,
            description = "A page of my subtree, ordered by position in the tree"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 422, body = ErrorBody, description = doc::INVALID)
    ),
    security(("bearer" = []))
)]
pub async fn search_orgs(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<SearchOrgsQuery>,
) -> Result<Json<OrgListResponse>, ApiError> {
    let kind = match query
        .kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
    {
        None => None,
        Some(text) => {
            Some(OrgKind::parse(text).ok_or_else(|| invalid("kind", FieldIssue::UnknownKind))?)
        }
    };
    let paging = Paging::new(query.page, query.per_page)?;
    let q = query.q.unwrap_or_default();
    let listing = orgs::search_orgs(
        &state.ctx,
        &caller.who,
        &q,
        kind,
        paging.page,
        paging.per_page,
    )
    .await?;
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

#[utoipa::path(
    get,
    path = "/api/v1/orgs/{id}",
    tag = "orgs",
    params(("id" = i64, Path, description = "Organisation id")),
    responses(
        (status = 200, body = OrgDetailResponse,
            description = "The organisation with its ancestors, children and names"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 404, body = ErrorBody, description = "Missing or outside my subtree")
    ),
    security(("bearer" = []))
)]
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
