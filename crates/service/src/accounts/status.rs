//! Disabling and re-enabling an account in my subtree. Disabling ends its sessions.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::{AccountId, Action};
use jinguo_storage::repo::{accounts, sessions};

pub async fn set_account_enabled(
    ctx: &Ctx,
    who: &SignedIn,
    account_id: AccountId,
    enabled: bool,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    if account_id == who.account.id && !enabled {
        // Locking oneself out helps no one; another admin can do it.
        return Err(ServiceError::Forbidden);
    }
    let txn = ctx.db.begin_write().await?;
    let target = accounts::get(&txn, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (org, permit) =
        org_with_permit(&txn, &who.actor, Action::ManageAccounts, target.org_id).await?;
    accounts::set_disabled(&txn, &permit, &target, !enabled).await?;
    if !enabled {
        sessions::delete_for_account(&txn, target.id).await?;
    }
    let code = if enabled {
        codes::ACCOUNT_ENABLED
    } else {
        codes::ACCOUNT_DISABLED
    };
    audit::record(&txn, ctx, Some(who), &org, code, &target.username, "", meta).await?;
    txn.commit().await?;
    Ok(())
}
