//! Merging an organisation into a successor (Chongqing, 2025: 江北区 and 渝北区 into 两江新区).
//! Everything below moves under the successor; the merged one is kept, retired, under its old
//! name so history still reads right; its accounts are disabled.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::org::{MergeSide, check_merge};
use jinguo_domain::{Action, OrgId};
use jinguo_storage::repo::public_changes::{self, ChangeKind};
use jinguo_storage::repo::{accounts, orgs, sessions};

#[derive(Debug, Clone, Copy)]
pub struct MergeOutcome {
    pub moved_children: u64,
    pub disabled_accounts: u64,
}

pub async fn merge_org(
    ctx: &Ctx,
    who: &SignedIn,
    from_id: OrgId,
    into_id: OrgId,
    meta: &RequestMeta,
) -> ServiceResult<MergeOutcome> {
    let txn = ctx.db.begin_write().await?;
    let (from, from_permit) = org_with_permit(&txn, &who.actor, Action::MergeOrg, from_id).await?;
    let (into, into_permit) = org_with_permit(&txn, &who.actor, Action::MergeOrg, into_id).await?;
    check_merge(
        &MergeSide {
            id: from.id,
            path: &from.path,
            kind: from.kind,
            status: from.status,
        },
        &MergeSide {
            id: into.id,
            path: &into.path,
            kind: into.kind,
            status: into.status,
        },
    )
    .map_err(ServiceError::MergeRefused)?;
    let moved_children =
        orgs::merge(&txn, &from_permit, &into_permit, &from, &into, ctx.now()).await?;
    for account in accounts::ids_in_org(&txn, from.id).await? {
        sessions::delete_for_account(&txn, account).await?;
    }
    let disabled_accounts = accounts::disable_all_in_org(&txn, &from_permit, from.id).await?;
    let detail = format!("{} → {}（{}）", from.name, into.name, into.code);
    audit::record(
        &txn,
        ctx,
        Some(who),
        &from,
        codes::ORG_MERGED,
        &format!("{} {}", from.code, from.name),
        &detail,
        meta,
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &into,
        codes::ORG_MERGED,
        &format!("{} {}", into.code, into.name),
        &detail,
        meta,
    )
    .await?;
    // Public pages name organisations and campaigns: tell every instance's page cache.
    public_changes::record_change(&txn, ChangeKind::Organisation, None, ctx.now()).await?;
    txn.commit().await?;
    Ok(MergeOutcome {
        moved_children,
        disabled_accounts,
    })
}
