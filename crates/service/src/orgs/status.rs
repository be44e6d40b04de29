//! Disabling and re-enabling an organisation below mine. Disabling ends its accounts' sessions.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::org::OrgStatus;
use jinguo_domain::{Action, OrgId};
use jinguo_storage::repo::public_changes::{self, ChangeKind};
use jinguo_storage::repo::{accounts, orgs, sessions};

pub async fn set_org_enabled(
    ctx: &Ctx,
    who: &SignedIn,
    id: OrgId,
    enabled: bool,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let txn = ctx.db.begin_write().await?;
    let (org, permit) = org_with_permit(&txn, &who.actor, Action::EditOrg, id).await?;
    if org.status == OrgStatus::Merged {
        return Err(ServiceError::Conflict(
            "a merged organisation cannot change status".into(),
        ));
    }
    let status = if enabled {
        OrgStatus::Active
    } else {
        OrgStatus::Disabled
    };
    orgs::set_status(&txn, &permit, org.id, status, ctx.now()).await?;
    if !enabled {
        for account in accounts::ids_in_org(&txn, org.id).await? {
            sessions::delete_for_account(&txn, account).await?;
        }
    }
    let code = if enabled {
        codes::ORG_ENABLED
    } else {
        codes::ORG_DISABLED
    };
    audit::record(
        &txn,
        ctx,
        Some(who),
        &org,
        code,
        &format!("{} {}", org.code, org.name),
        "",
        meta,
    )
    .await?;
    // Public pages name organisations and campaigns: tell every instance's page cache.
    public_changes::record_change(&txn, ChangeKind::Organisation, None, ctx.now()).await?;
    txn.commit().await?;
    Ok(())
}
