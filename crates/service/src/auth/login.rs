//! Signing in: password check, the failed-login lock, session creation, audit.

use crate::audit::{self, RequestMeta, codes};
use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash};
use chrono::Duration;
use jinguo_domain::account::parse_username;
use jinguo_domain::org::OrgStatus;
use jinguo_storage::TransactionTrait;
use jinguo_storage::repo::{accounts, orgs, sessions};

/// What the browser receives after signing in.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
    pub must_change_password: bool,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

pub async fn login(
    ctx: &Ctx,
    username: &str,
    password_text: &str,
    meta: &RequestMeta,
) -> ServiceResult<NewSession> {
    let now = ctx.now();
    let username = parse_username(username).unwrap_or_default();
    let txn = ctx.db.conn.begin().await?;
    let Some(account) = accounts::get_by_username(&txn, &username).await? else {
        // Same work as a real check, so timing does not reveal which usernames exist.
        password::verify(password_text, password::dummy_hash()).await?;
        if let Some(root) = orgs::root(&txn).await? {
            audit::record(
                &txn,
                ctx,
                None,
                &root,
                codes::LOGIN_FAILED,
                &username,
                "unknown_user",
                meta,
            )
            .await?;
        }
        txn.commit().await?;
        return Err(ServiceError::LoginFailed {
            remaining_attempts: -1,
        });
    };
    let org = orgs::get(&txn, account.org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if let Some(until) = account.guard.is_locked(now) {
        audit::record(
            &txn,
            ctx,
            None,
            &org,
            codes::LOGIN_FAILED,
            &account.username,
            "locked",
            meta,
        )
        .await?;
        txn.commit().await?;
        return Err(ServiceError::AccountLocked { until });
    }
    if !password::verify(password_text, &account.password_hash).await? {
        let guard = account.guard.after_failure(now);
        accounts::record_login_failure(&txn, account.id, guard).await?;
        audit::record(
            &txn,
            ctx,
            None,
            &org,
            codes::LOGIN_FAILED,
            &account.username,
            "wrong_password",
            meta,
        )
        .await?;
        if let Some(until) = guard.is_locked(now) {
            audit::record(
                &txn,
                ctx,
                None,
                &org,
                codes::ACCOUNT_LOCKED,
                &account.username,
                "",
                meta,
            )
            .await?;
            txn.commit().await?;
            return Err(ServiceError::AccountLocked { until });
        }
        txn.commit().await?;
        return Err(ServiceError::LoginFailed {
            remaining_attempts: guard.remaining_attempts(),
        });
    }
    if account.disabled || org.status != OrgStatus::Active {
        audit::record(
            &txn,
            ctx,
            None,
            &org,
            codes::LOGIN_FAILED,
            &account.username,
            "disabled",
            meta,
        )
        .await?;
        txn.commit().await?;
        return Err(ServiceError::AccountDisabled);
    }
    accounts::record_login_success(&txn, account.id, now).await?;
    let token = random_token().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let csrf_token = random_token().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let expires_at = now + Duration::minutes(ctx.settings.session_idle_minutes);
    sessions::insert(
        &txn,
        &token_hash(&token),
        account.id,
        &csrf_token,
        now,
        expires_at,
    )
    .await?;
    let signed_in = crate::actor::load(&txn, account.id).await?;
    audit::record(
        &txn,
        ctx,
        Some(&signed_in),
        &org,
        codes::LOGIN,
        &account.username,
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(NewSession {
        token,
        csrf_token,
        must_change_password: account.must_change_password,
        expires_at,
    })
}
