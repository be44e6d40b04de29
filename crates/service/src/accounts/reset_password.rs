//! An admin sets a temporary password for an account in its subtree; the holder must change it
//! at the next login. Every session ends, every API token is revoked, known devices are
//! forgotten and any login lock is lifted.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::auth::credentials::{self, Keep};
use crate::auth::new_password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::account::check_password_strength;
use jinguo_domain::login_throttle::username_key;
use jinguo_domain::password_policy::{PasswordOwner, REMEMBERED_PASSWORDS};
use jinguo_domain::validation::FieldErrors;
use jinguo_domain::{AccountId, Action};
use jinguo_storage::repo::{accounts, login_throttles};

pub async fn reset_password(
    ctx: &Ctx,
    who: &SignedIn,
    account_id: AccountId,
    temporary_password: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    check_password_strength(temporary_password)
        .map_err(|issue| FieldErrors::single("password", issue))?;
    let target = accounts::get(&ctx.db.conn, account_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let (org, _) = org_with_permit(
        &ctx.db.conn,
        &who.actor,
        Action::ManageAccounts,
        target.org_id,
    )
    .await?;
    let owner = PasswordOwner {
        username: &target.username,
        org_code: &org.code,
    };
    new_password::check(ctx, "password", temporary_password, owner, Some(&target)).await?;
    let hash = new_password::hash(ctx, temporary_password).await?;
    let now = ctx.now();
    let txn = ctx.db.begin_write().await?;
    let (org, permit) =
        org_with_permit(&txn, &who.actor, Action::ManageAccounts, target.org_id).await?;
    accounts::push_password_history(
        &txn,
        target.id,
        &target.password_hash,
        now,
        REMEMBERED_PASSWORDS - 1,
    )
    .await?;
    accounts::reset_password(&txn, &permit, &target, &hash, now).await?;
    credentials::end_all(&txn, target.id, Keep::Nothing, now).await?;
    login_throttles::clear(&txn, &username_key(&target.username)).await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &org,
        codes::PASSWORD_RESET,
        &target.username,
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
