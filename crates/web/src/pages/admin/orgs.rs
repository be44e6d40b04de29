//! The organisations of my subtree: search by name or code, filter by kind.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::admin::pager::{Pager, encode};
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::org::{OrgKind, OrgStatus};
use jinguo_service::{Org, orgs};
use serde::Deserialize;

pub struct OrgRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub trail: String,
    pub status: &'static str,
    pub status_class: &'static str,
}

pub fn status_class(status: OrgStatus) -> &'static str {
    match status {
        OrgStatus::Active => "tag-ok",
        OrgStatus::Disabled => "tag-muted",
        OrgStatus::Merged => "tag-warn",
    }
}

#[derive(Template)]
#[template(path = "pages/admin/orgs.html")]
pub struct OrgsPage {
    pub chrome: Chrome,
    pub q: String,
    pub kind: String,
    pub kinds: Vec<(&'static str, &'static str)>,
    pub own_id: i64,
    pub own_name: String,
    pub rows: Vec<OrgRow>,
    pub pager: Pager,
}

#[derive(Debug, Deserialize, Default)]
pub struct OrgsQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default, deserialize_with = "crate::pages::admin::pager::lenient_page")]
    pub page: Option<u64>,
}

pub async fn list_orgs(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<OrgsQuery>,
) -> Result<Response, PageError> {
    let kind = OrgKind::parse(&query.kind);
    let listing = orgs::search_orgs(
        &state.ctx,
        &page.who,
        &query.q,
        kind,
        query.page.unwrap_or(1),
        Pager::PER_PAGE,
    )
    .await?;
    let names = ancestor_names(&state, &listing.orgs).await?;
    let rows = listing
        .orgs
        .iter()
        .map(|o| OrgRow {
            id: o.id.0,
            code: o.code.clone(),
            name: o.name.clone(),
            kind: o.kind.label(),
            trail: o
                .path
                .ids()
                .iter()
                .filter(|id| **id != o.id)
                .filter_map(|id| names.get(id).cloned())
                .collect::<Vec<_>>()
                .join(" › "),
            status: o.status.label(),
            status_class: status_class(o.status),
        })
        .collect();
    let view = OrgsPage {
        chrome: Chrome::signed_in("组织机构", &page, "orgs"),
        kinds: [OrgKind::Provincial, OrgKind::District, OrgKind::Post]
            .iter()
            .map(|k| (k.as_str(), k.label()))
            .collect(),
        own_id: page.who.org.id.0,
        own_name: page.who.org.name.clone(),
        rows,
        pager: Pager::new(
            query.page.unwrap_or(1),
            listing.total,
            format!("q={}&kind={}", encode(&query.q), encode(&query.kind)),
        ),
        q: query.q,
        kind: query.kind,
    };
    Ok(render(StatusCode::OK, &view))
}

/// Names of every ancestor of the listed organisations (one query).
async fn ancestor_names(
    state: &AppState,
    list: &[Org],
) -> Result<std::collections::HashMap<jinguo_domain::OrgId, String>, PageError> {
    let mut ids: Vec<_> = list.iter().flat_map(|o| o.path.ids()).collect();
    ids.sort();
    ids.dedup();
    let found = jinguo_service::orgs::view::names_of(&state.ctx, &ids).await?;
    Ok(found)
}
