//! Resolving a session cookie to the signed-in account; signing out; changing one's password.

use crate::actor::{self, SignedIn};
use crate::audit::{self, RequestMeta, codes};
use crate::auth::credentials::{self, Keep};
use crate::auth::{new_password, password};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::token_hash;
use chrono::Duration;
use jinguo_domain::account::check_new_password;
use jinguo_domain::password_policy::{PasswordOwner, REMEMBERED_PASSWORDS};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::repo::{accounts, sessions};

#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub who: SignedIn,
    pub csrf_token: String,
}

/// The account behind a session cookie; `Unauthenticated` when missing or expired.
pub async fn resolve_session(ctx: &Ctx, token: &str) -> ServiceResult<SessionInfo> {
    let now = ctx.now();
    let id = token_hash(token);
    let stored = sessions::get_live(&ctx.db.conn, &id, now)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let who = actor::load(&ctx.db.conn, stored.account_id).await?;
    // Slide the expiry, but write at most once per quarter of the idle time.
    let idle = Duration::minutes(ctx.settings.session_idle_minutes);
    if stored.expires_at - now < idle - idle / 4 {
        sessions::extend(&ctx.db.conn, &id, now + idle).await?;
    }
    Ok(SessionInfo {
        who,
        csrf_token: stored.csrf_token,
    })
}

pub async fn logout(
    ctx: &Ctx,
    token: &str,
    who: &SignedIn,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let txn = ctx.db.begin_write().await?;
    sessions::delete(&txn, &token_hash(token)).await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::LOGOUT,
        &who.account.username,
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The holder changes their own password. Her other sessions end, her API tokens are revoked
/// and her known devices forgotten (whoever may have learnt the old password is out); the
/// session she changed it from stays, so her own change does not sign her out.
pub async fn change_password(
    ctx: &Ctx,
    who: &SignedIn,
    current_token: Option<&str>,
    current: &str,
    new: &str,
    repeat: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    check_new_password(current, new, repeat)?;
    if !password::verify(current, &who.account.password_hash).await? {
        return Err(FieldErrors::single("current_password", FieldIssue::WrongPassword).into());
    }
    let owner = PasswordOwner {
        username: &who.account.username,
        org_code: &who.org.code,
    };
    new_password::check(ctx, "new_password", new, owner, Some(&who.account)).await?;
    let hash = new_password::hash(ctx, new).await?;
    let now = ctx.now();
    let txn = ctx.db.begin_write().await?;
    accounts::push_password_history(
        &txn,
        who.account.id,
        &who.account.password_hash,
        now,
        REMEMBERED_PASSWORDS - 1,
    )
    .await?;
    accounts::set_own_password(&txn, who.account.id, &hash, now).await?;
    let keep = match current_token {
        Some(token) => Keep::Session(token),
        None => Keep::Nothing,
    };
    credentials::end_all(&txn, who.account.id, keep, now).await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::PASSWORD_CHANGED,
        &who.account.username,
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
