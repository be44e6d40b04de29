//! The password policy applied whenever a password is set (account creation, an admin's
//! reset, the owner's change, `jinguo user add`): strength and the domain's policy rules, then
//! the account's last passwords (compared with argon2, as only hashes are kept).

use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::account::check_password_strength;
use jinguo_domain::password_policy::{
    PasswordOwner, PasswordRefused, REMEMBERED_PASSWORDS, check_password_policy,
};
use jinguo_domain::validation::FieldErrors;
use jinguo_storage::repo::accounts::{self, Account};

/// Checks `password` for an account-to-be or an existing `account`; `field` names the form
/// field for strength errors.
pub async fn check(
    ctx: &Ctx,
    field: &str,
    password_text: &str,
    owner: PasswordOwner<'_>,
    account: Option<&Account>,
) -> ServiceResult<()> {
    check_password_strength(password_text).map_err(|issue| FieldErrors::single(field, issue))?;
    check_password_policy(password_text, owner).map_err(ServiceError::PasswordRefused)?;
    if let Some(account) = account {
        let mut hashes = vec![account.password_hash.clone()];
        hashes.extend(
            accounts::recent_password_hashes(&ctx.db.conn, account.id, REMEMBERED_PASSWORDS - 1)
                .await?,
        );
        if password::matches_any(password_text, hashes).await? {
            return Err(ServiceError::PasswordRefused(
                PasswordRefused::RecentlyUsed {
                    remembered: REMEMBERED_PASSWORDS,
                },
            ));
        }
    }
    Ok(())
}

/// Hashes a password that passed `check`, with the configured argon2 parameters.
pub async fn hash(ctx: &Ctx, password_text: &str) -> ServiceResult<String> {
    password::hash_with(ctx.settings.argon2, password_text).await
}
