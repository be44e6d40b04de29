//! Disabling and re-enabling an account in my subtree; lifting a login lock. Disabling ends its
//! sessions, revokes its API tokens and forgets its known devices.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::auth::credentials::{self, Keep};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::login_throttle::username_key;
use jinguo_domain::{AccountId, Action};
use jinguo_storage::repo::{accounts, login_throttles};

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
        credentials::end_all(&txn, target.id, Keep::Nothing, ctx.now()).await?;
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

/// Lifts the login lock (and forgets the failures) of an account in my subtree.
pub async fn unlock_account(
    ctx: &Ctx,
    who: &SignedIn,
    account_id: AccountId,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let txn = ctx.db.begin_write().await?;
    let target = accounts::get(&txn, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (org, _) = org_with_permit(&txn, &who.actor, Action::ManageAccounts, target.org_id).await?;
    login_throttles::clear(&txn, &username_key(&target.username)).await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &org,
        codes::ACCOUNT_ENABLED,
        &target.username,
        "unlocked",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// When an account's login lock (for browsers it has not signed in from) ends, if locked.
pub async fn lock_of(
    ctx: &Ctx,
    account: &jinguo_storage::repo::accounts::Account,
) -> ServiceResult<Option<chrono::DateTime<chrono::Utc>>> {
    let key = username_key(&account.username);
    let now = ctx.now();
    let until = login_throttles::blocked_until(&ctx.db.conn, &key, now).await?;
    // A short delay is not a lock; only a lock outlasts the longest delay.
    Ok(until.filter(|u| {
        *u - now > chrono::Duration::seconds(jinguo_domain::login_throttle::ACCOUNT.max_delay_secs)
    }))
}
