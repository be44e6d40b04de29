//! Signing in: password check, the failed-login lock, session creation, audit.

use crate::audit::{self, RequestMeta, codes};
use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash};
use chrono::Duration;
use jinguo_domain::account::{MAX_FAILED_LOGINS, lock_duration, parse_username};
use jinguo_domain::org::OrgStatus;
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
        let txn = ctx.db.begin_write().await?;
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
    let org = orgs::get(&ctx.db.conn, account.org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let failure = |reason: &'static str| {
        let (org, username) = (org.clone(), account.username.clone());
        async move {
            let txn = ctx.db.begin_write().await?;
            audit::record(
                &txn,
                ctx,
                None,
                &org,
                codes::LOGIN_FAILED,
                &username,
                reason,
                meta,
            )
            .await?;
            ServiceResult::Ok(txn)
        }
    };
    let Some(claim) = claim_attempt(ctx, account.id).await? else {
        failure("locked").await?.commit().await?;
        let until = accounts::get(&ctx.db.conn, account.id)
            .await?
            .and_then(|a| a.guard.is_locked(now))
            .unwrap_or(now + lock_duration());
        return Err(ServiceError::AccountLocked { until });
    };
    if !password::verify(password_text, &account.password_hash).await? {
        let txn = failure("wrong_password").await?;
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
        let txn = failure("disabled").await?;
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

/// Claims a password check, waiting while `MAX_FAILED_LOGINS` checks of the account are in
/// flight; `None` when the account is locked. A check that never resolved (its process died)
/// counts as a failure once the wait is over, so the account then locks rather than sticking.
async fn claim_attempt(
    ctx: &Ctx,
    id: jinguo_domain::AccountId,
) -> ServiceResult<Option<jinguo_domain::account::LoginGuard>> {
    let started = std::time::Instant::now();
    loop {
        let now = ctx.now();
        // Its own short write transaction: committed before the slow hash check begins.
        let txn = ctx.db.begin_write().await?;
        let claimed = accounts::claim_login_attempt(&txn, id, now, MAX_FAILED_LOGINS).await?;
        txn.commit().await?;
        if let Some(claim) = claimed {
            return Ok(Some(claim));
        }
        let locked = accounts::get(&ctx.db.conn, id)
            .await?
            .is_some_and(|a| a.guard.is_locked(now).is_some());
        if locked {
            return Ok(None);
        }
        if started.elapsed() > IN_FLIGHT_WAIT {
            accounts::lock_if_exhausted(
                &ctx.db.conn,
                id,
                now,
                MAX_FAILED_LOGINS,
                now + lock_duration(),
            )
            .await?;
            return Ok(None);
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}
