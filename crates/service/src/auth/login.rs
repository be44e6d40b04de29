//! Signing in: password check, the failed-login lock, session creation, audit.

use crate::audit::{self, RequestMeta, codes};
use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash};
use chrono::Duration;
use chrono::{DateTime, Utc};
use jinguo_domain::AccountId;
use jinguo_domain::account::{LoginGuard, MAX_FAILED_LOGINS, lock_duration, parse_username};
use jinguo_domain::org::OrgStatus;
use jinguo_storage::WriteTxn;
use jinguo_storage::repo::orgs::Org;
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

/// Signs in. Nothing slow happens inside a write transaction: the account is read, an attempt
/// is claimed by one atomic update (so parallel wrong passwords cannot outrun the lock), the
/// hash is checked outside any transaction, and only then are the outcome's rows written.
pub async fn login(
    ctx: &Ctx,
    username: &str,
    password_text: &str,
    meta: &RequestMeta,
) -> ServiceResult<NewSession> {
    let now = ctx.now();
    let username = parse_username(username).unwrap_or_default();
    let Some(account) = accounts::get_by_username(&ctx.db.conn, &username).await? else {
        // Same work as a real check, so timing does not reveal which usernames exist.
        password::verify(password_text, password::dummy_hash()).await?;
        if let Some(root) = orgs::root(&ctx.db.conn).await? {
            record_failure(ctx, &root, &username, "unknown_user", meta)
                .await?
                .commit()
                .await?;
        }
        return Err(ServiceError::LoginFailed {
            remaining_attempts: -1,
        });
    };
    let org = orgs::get(&ctx.db.conn, account.org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let claim = match claim_attempt(ctx, account.id).await? {
        Claimed::Attempt(claim) => claim,
        Claimed::Locked(until) => {
            record_failure(ctx, &org, &account.username, "locked", meta)
                .await?
                .commit()
                .await?;
            return Err(ServiceError::AccountLocked { until });
        }
    };
    if !password::verify(password_text, &account.password_hash).await? {
        let txn = record_failure(ctx, &org, &account.username, "wrong_password", meta).await?;
        let locked = accounts::lock_if_exhausted(
            &txn,
            account.id,
            now,
            MAX_FAILED_LOGINS,
            now + lock_duration(),
        )
        .await?;
        if let Some(until) = locked {
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
            remaining_attempts: claim.remaining_attempts(),
        });
    }
    if account.disabled || org.status != OrgStatus::Active {
        let txn = record_failure(ctx, &org, &account.username, "disabled", meta).await?;
        accounts::clear_login_failures(&txn, account.id).await?;
        txn.commit().await?;
        return Err(ServiceError::AccountDisabled);
    }
    let token = random_token().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let csrf_token = random_token().map_err(|e| ServiceError::Internal(e.to_string()))?;
    let expires_at = now + Duration::minutes(ctx.settings.session_idle_minutes);
    let txn = ctx.db.begin_write().await?;
    accounts::record_login_success(&txn, account.id, now).await?;
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

/// How long an attempt waits for checks already in flight on the same account (colleagues
/// signing in to one shared account at nine o'clock) before they are taken as failures.
const IN_FLIGHT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// Opens the transaction of a failed login with its audit record; the caller may add to it.
async fn record_failure(
    ctx: &Ctx,
    org: &Org,
    username: &str,
    reason: &str,
    meta: &RequestMeta,
) -> ServiceResult<WriteTxn> {
    let txn = ctx.db.begin_write().await?;
    audit::record(
        &txn,
        ctx,
        None,
        org,
        codes::LOGIN_FAILED,
        username,
        reason,
        meta,
    )
    .await?;
    Ok(txn)
}

enum Claimed {
    /// A password check may run; the count including it.
    Attempt(LoginGuard),
    /// The account is locked until then.
    Locked(DateTime<Utc>),
}

/// Claims a password check, waiting while `MAX_FAILED_LOGINS` checks of the account are in
/// flight. A check that never resolved (its process died) counts as a failure once the wait is
/// over, so the account then locks rather than sticking.
async fn claim_attempt(ctx: &Ctx, id: AccountId) -> ServiceResult<Claimed> {
    let started = std::time::Instant::now();
    loop {
        let now = ctx.now();
        // Its own short write transaction: committed before the slow hash check begins.
        let txn = ctx.db.begin_write().await?;
        let claimed = accounts::claim_login_attempt(&txn, id, now, MAX_FAILED_LOGINS).await?;
        txn.commit().await?;
        if let Some(claim) = claimed {
            return Ok(Claimed::Attempt(claim));
        }
        let lock = accounts::get(&ctx.db.conn, id)
            .await?
            .and_then(|a| a.guard.is_locked(now));
        if let Some(until) = lock {
            return Ok(Claimed::Locked(until));
        }
        if started.elapsed() > IN_FLIGHT_WAIT {
            let until = now + lock_duration();
            let lock = accounts::lock_if_exhausted(&ctx.db.conn, id, now, MAX_FAILED_LOGINS, until)
                .await?;
            return Ok(Claimed::Locked(lock.unwrap_or(until)));
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
