//! Reading the organisation tree, always within the actor's subtree.

use crate::actor::{SignedIn, org_with_permit};
use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_domain::limits::PageWindow;
use jinguo_domain::org::OrgKind;
use jinguo_domain::{Action, OrgId};
use jinguo_storage::entity::org_name;
use jinguo_storage::repo::accounts::{self, Account};
use jinguo_storage::repo::orgs::{self, Org};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct OrgDetail {
    pub org: Org,
    /// Root first, the organisation's parent last; only ancestors the actor may see.
    pub ancestors: Vec<Org>,
    pub children: Vec<Org>,
    pub child_counts: HashMap<OrgId, u64>,
    pub accounts: Vec<Account>,
    pub names: Vec<org_name::Model>,
    pub merged_into: Option<Org>,
}

pub async fn get_org(ctx: &Ctx, who: &SignedIn, id: OrgId) -> ServiceResult<OrgDetail> {
    let db = &ctx.db.conn;
    let (org, _) = org_with_permit(db, &who.actor, Action::ViewOrg, id).await?;
    let ancestor_ids: Vec<OrgId> = org
        .path
        .ids()
        .into_iter()
        .filter(|a| is_between(who, &org, *a))
        .collect();
    let found = orgs::by_ids(db, &ancestor_ids).await?;
    let ancestors = ancestor_ids
        .iter()
        .filter_map(|a| found.get(a).cloned())
        .collect();
    let children = orgs::children(db, org.id).await?;
    let ids: Vec<OrgId> = children.iter().map(|c| c.id).collect();
    let child_counts = orgs::child_counts(db, &ids).await?;
    let accounts = if jinguo_domain::authorize(
        &who.actor,
        Action::ViewAccounts,
        jinguo_domain::access::Target {
            id: org.id,
            path: &org.path,
        },
    )
    .is_ok()
    {
        accounts::list_by_org(db, org.id).await?
    } else {
        Vec::new()
    };
    let names = orgs::name_history(db, org.id).await?;
    let merged_into = match org.merged_into {
        Some(successor) => orgs::get(db, successor)
            .await?
            .filter(|s| s.path.is_within(&who.org.path)),
        None => None,
    };
    Ok(OrgDetail {
        org,
        ancestors,
        children,
        child_counts,
        accounts,
        names,
        merged_into,
    })
}

/// Ancestors of `org` that lie within the actor's subtree (the breadcrumb below the actor).
fn is_between(who: &SignedIn, org: &Org, ancestor: OrgId) -> bool {
    ancestor != org.id && {
        let ids = org.path.ids();
        let own = who.org.id;
        match (
            ids.iter().position(|i| *i == own),
            ids.iter().position(|i| *i == ancestor),
        ) {
            (Some(own_at), Some(at)) => at >= own_at,
            _ => false,
        }
    }
}

pub struct OrgListing {
    pub orgs: Vec<Org>,
    pub total: u64,
}

/// Direct children of an organisation in the actor's subtree.
pub async fn list_children(ctx: &Ctx, who: &SignedIn, id: OrgId) -> ServiceResult<Vec<Org>> {
    let (org, _) = org_with_permit(&ctx.db.conn, &who.actor, Action::ViewOrg, id).await?;
    Ok(orgs::children(&ctx.db.conn, org.id).await?)
}

/// Search by name or code within the actor's subtree.
pub async fn search_orgs(
    ctx: &Ctx,
    who: &SignedIn,
    query: &str,
    kind: Option<OrgKind>,
    page: u64,
    per_page: u64,
) -> ServiceResult<OrgListing> {
    let window = PageWindow::clamped(page, per_page);
    crate::actor::permit_for(&who.actor, Action::ViewOrg, &who.org)?;
    let (orgs, total) = orgs::search_subtree(
        &ctx.db.conn,
        &who.org.path,
        query,
        kind,
        window.per_page,
        window.offset(),
    )
    .await?;
    Ok(OrgListing { orgs, total })
}

/// Display names of organisations by id (for breadcrumbs of rows already authorized).
pub async fn names_of(ctx: &Ctx, ids: &[OrgId]) -> ServiceResult<HashMap<OrgId, String>> {
    Ok(orgs::by_ids(&ctx.db.conn, ids)
        .await?
        .into_iter()
        .map(|(id, org)| (id, org.name))
        .collect())
}

/// An organisation of my subtree by its code.
pub async fn find_by_code(ctx: &Ctx, who: &SignedIn, code: &str) -> ServiceResult<Org> {
    let org = orgs::get_by_code(&ctx.db.conn, code.trim())
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    crate::actor::permit_for(&who.actor, Action::ViewOrg, &org)?;
    Ok(org)
}

/// One organisation of my subtree on its own, without children, accounts or history (for
/// answers that need only its fields, e.g. after a JSON edit).
pub async fn find_org(ctx: &Ctx, who: &SignedIn, id: OrgId) -> ServiceResult<Org> {
    Ok(
        org_with_permit(&ctx.db.conn, &who.actor, Action::ViewOrg, id)
            .await?
            .0,
    )
}
