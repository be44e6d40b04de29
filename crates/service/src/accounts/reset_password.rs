//! An admin sets a temporary password for an account in its subtree; the holder must change it
//! at the next login, and every session of the account ends.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::account::check_password_strength;
use jinguo_domain::validation::FieldErrors;
use jinguo_domain::{AccountId, Action};
use jinguo_storage::repo::{accounts, sessions};

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
    org_with_permit(
        &ctx.db.conn,
        &who.actor,
        Action::ManageAccounts,
        target.org_id,
    )
    .await?;
    let hash = password::hash(temporary_password).await?;
    let txn = ctx.db.begin_write().await?;
    let (org, permit) =
        org_with_permit(&txn, &who.actor, Action::ManageAccounts, target.org_id).await?;
    accounts::reset_password(&txn, &permit, &target, &hash).await?;
    sessions::delete_for_account(&txn, target.id).await?;
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
