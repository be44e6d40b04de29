//! Signing in: throttling per username, known device and client address; the password check;
//! session creation; audit. Unknown usernames, wrong passwords and throttled or locked
//! accounts get the same answer after the same work (one argon2 check, on a dummy hash when
//! there is no real one to check), so neither the message nor the time tells them apart.

use crate::audit::{self, RequestMeta, codes};
use crate::auth::password;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash};
use chrono::Duration;
use jinguo_domain::account::parse_username;
use jinguo_domain::clock::china_time_string;
use jinguo_domain::login_throttle::{
    ACCOUNT, ADDRESS, AfterFailure, DEVICE, ThrottlePolicy, address_key, device_key, username_key,
};
use jinguo_domain::org::OrgStatus;
use jinguo_domain::password_policy::password_change_due;
use jinguo_storage::repo::accounts::{self, Account};
use jinguo_storage::repo::inbox::{self, NewMessage};
use jinguo_storage::repo::login_throttles::{self, Claim};
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::sessions;
use jinguo_storage::{ConnectionTrait, WriteTxn};

/// How long a browser stays a known device of an account without signing in to it.
pub const KNOWN_DEVICE_DAYS: i64 = 90;

/// What the browser receives after signing in.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// The cookie value; only its hash is stored.
    pub token: String,
    pub csrf_token: String,
    pub must_change_password: bool,
    pub expires_at: chrono::DateTime<chrono::Utc>,
    /// A new known-device cookie to set (None when the browser sent a valid one already).
    pub new_device: Option<String>,
}

/// The generic refusal of every failed attempt.
fn refused() -> ServiceError {
    ServiceError::LoginFailed {
        remaining_attempts: -1,
    }
}

/// Where an attempt is counted.
struct Buckets {
    /// The username's (or, from a known device, the device's) bucket, claimed before the check.
    key: String,
    policy: ThrottlePolicy,
    /// The client address's bucket; None from a known device, or when the address is unknown.
    address: Option<String>,
    /// The hash of the browser's known-device cookie when it belongs to this account.
    known_device: Option<String>,
}

/// Signs in. Nothing slow happens inside a write transaction: the attempt is claimed by one
/// atomic statement (so parallel wrong passwords cannot outrun the limits), the hash is checked
/// outside any transaction, and only then are the outcome's rows written.
pub async fn login(
    ctx: &Ctx,
    username: &str,
    password_text: &str,
    device_cookie: Option<&str>,
    meta: &RequestMeta,
) -> ServiceResult<NewSession> {
    let typed: String = username.trim().to_lowercase().chars().take(64).collect();
    let account = match parse_username(username) {
        Ok(name) => accounts::get_by_username(&ctx.db.conn, &name).await?,
        Err(_) => None,
    };
    let buckets = buckets(ctx, &typed, account.as_ref(), device_cookie, meta).await?;
    let claimed = claim(ctx, &buckets).await?;
    let (Some(failures), Some(account)) = (claimed, account) else {
        // Throttled, locked or unknown: the same check on a dummy hash, the same answer.
        let dummy = password::dummy_hash(ctx.settings.argon2).await?;
        password::verify(password_text, &dummy).await?;
        let reason = if claimed.is_none() {
            "throttled"
        } else {
            "unknown_user"
        };
        let org = orgs::root(&ctx.db.conn).await?;
        record_failure(
            ctx,
            org.as_ref(),
            None,
            &typed,
            &buckets,
            claimed,
            reason,
            meta,
        )
        .await?;
        return Err(refused());
    };
    let org = orgs::get(&ctx.db.conn, account.org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if !password::verify(password_text, &account.password_hash).await? {
        record_failure(
            ctx,
            Some(&org),
            Some(&account),
            &typed,
            &buckets,
            Some(failures),
            "wrong_password",
            meta,
        )
        .await?;
        return Err(refused());
    }
    if account.disabled || org.status != OrgStatus::Active {
        // Only someone who knows the password learns this.
        let txn = ctx.db.begin_write().await?;
        login_throttles::clear(&txn, &buckets.key).await?;
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
    signed_in(ctx, &account, &org, &buckets, &typed, meta).await
}

async fn buckets(
    ctx: &Ctx,
    typed: &str,
    account: Option<&Account>,
    device_cookie: Option<&str>,
    meta: &RequestMeta,
) -> ServiceResult<Buckets> {
    let since = ctx.now() - Duration::days(KNOWN_DEVICE_DAYS);
    let mut known_device = None;
    if let (Some(cookie), Some(account)) = (device_cookie, account) {
        let hash = token_hash(cookie);
        if sessions::known_device_account(&ctx.db.conn, &hash, since).await? == Some(account.id) {
            known_device = Some(hash);
        }
    }
    Ok(match known_device {
        Some(hash) => Buckets {
            key: device_key(&hash),
            policy: DEVICE,
            address: None,
            known_device: Some(hash),
        },
        None => Buckets {
            key: username_key(typed),
            policy: ACCOUNT,
            address: (!meta.ip.is_empty()).then(|| address_key(&meta.ip)),
            known_device: None,
        },
    })
}

/// How long an attempt waits for checks already in flight on the same bucket (colleagues
/// signing in to one shared account at nine o'clock) before it is refused.
const IN_FLIGHT_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// The attempt's failure number when it may be checked; None when the address or the bucket
/// is throttled or locked.
async fn claim(ctx: &Ctx, buckets: &Buckets) -> ServiceResult<Option<i32>> {
    if let Some(address) = &buckets.address
        && login_throttles::blocked_until(&ctx.db.conn, address, ctx.now())
            .await?
            .is_some()
    {
        return Ok(None);
    }
    let started = std::time::Instant::now();
    loop {
        let now = ctx.now();
        // Its own short write transaction: committed before the slow hash check begins.
        let txn = ctx.db.begin_write().await?;
        let claim = login_throttles::claim(
            &txn,
            &buckets.key,
            now,
            buckets.policy.forget_before(now),
            buckets.policy.lock_at,
        )
        .await?;
        txn.commit().await?;
        match claim {
            Claim::Granted(n) => return Ok(Some(n)),
            Claim::Blocked(_) => return Ok(None),
            Claim::Busy if started.elapsed() > IN_FLIGHT_WAIT => return Ok(None),
            Claim::Busy => tokio::time::sleep(std::time::Duration::from_millis(20)).await,
        }
    }
}

/// Writes a failed attempt: its audit record, the delay or lock it causes on its buckets, and
/// for a new lock an audit record and a message to the account's admins.
#[expect(
    clippy::too_many_arguments,
    reason = "the attempt's parts, each used in a different record"
)]
async fn record_failure(
    ctx: &Ctx,
    org: Option<&Org>,
    account: Option<&Account>,
    typed: &str,
    buckets: &Buckets,
    failures: Option<i32>,
    reason: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let now = ctx.now();
    let txn = ctx.db.begin_write().await?;
    if let Some(org) = org {
        audit::record(
            &txn,
            ctx,
            None,
            org,
            codes::LOGIN_FAILED,
            typed,
            reason,
            meta,
        )
        .await?;
    }
    if let Some(n) = failures {
        let locked = apply(&txn, &buckets.key, buckets.policy, n, now).await?;
        if let (Some(until), Some(org)) = (locked, org) {
            report_lock(&txn, ctx, org, account, typed, "", until, meta).await?;
        }
        if let Some(address) = &buckets.address {
            let count =
                login_throttles::count_failure(&txn, address, now, ADDRESS.forget_before(now))
                    .await?;
            let locked = apply(&txn, address, ADDRESS, count, now).await?;
            if let (Some(until), Some(org)) = (locked, org) {
                report_lock(&txn, ctx, org, None, typed, &meta.ip, until, meta).await?;
            }
        }
    }
    txn.commit().await?;
    Ok(())
}

/// Sets the delay or lock the `failures`th failure of `key` causes; the lock's end when this
/// failure newly locked it.
async fn apply<C: ConnectionTrait>(
    db: &C,
    key: &str,
    policy: ThrottlePolicy,
    failures: i32,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<Option<chrono::DateTime<chrono::Utc>>> {
    match policy.after_failure(failures, now) {
        AfterFailure::Free => Ok(None),
        AfterFailure::Delay(until) => {
            login_throttles::block(db, key, until).await?;
            Ok(None)
        }
        AfterFailure::Lock(until) => Ok(login_throttles::block(db, key, until)
            .await?
            .then_some(until)),
    }
}

/// Records a lock in the audit log and, for an existing account, tells its organisation's and
/// its parent's admins in their inbox. `address` is set for a lock of a client address.
#[expect(
    clippy::too_many_arguments,
    reason = "the lock's parts, each used in a different record"
)]
async fn report_lock(
    txn: &WriteTxn,
    ctx: &Ctx,
    org: &Org,
    account: Option<&Account>,
    typed: &str,
    address: &str,
    until: chrono::DateTime<chrono::Utc>,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let detail = if address.is_empty() {
        format!("until {}", until.to_rfc3339())
    } else {
        format!("address {address} until {}", until.to_rfc3339())
    };
    audit::record(
        txn,
        ctx,
        None,
        org,
        codes::ACCOUNT_LOCKED,
        typed,
        &detail,
        meta,
    )
    .await?;
    let Some(account) = account else {
        return Ok(());
    };
    let title = format!("账号 {} 因多次密码错误已被临时锁定", account.username);
    let body = format!(
        "账号 {}（{}）的密码被连续输错，已锁定至 {}（北京时间）。\n\
         锁定期间，本人在曾经登录过的设备上输入正确密码即可登录并解除锁定；\n\
         管理员也可在“账号管理”中解除锁定或重置密码。如非本人操作，请提醒其留意账号安全。",
        account.username,
        account.display_name,
        china_time_string(until)
    );
    let mut recipients = vec![org.id];
    recipients.extend(org.parent_id);
    for recipient in recipients {
        inbox::insert(
            txn,
            &NewMessage {
                recipient,
                kind: "account_locked",
                title: &title,
                body: &body,
                article_id: None,
            },
            ctx.now(),
        )
        .await?;
    }
    Ok(())
}

/// The right password: the session, a known-device cookie, the audit record; the attempt's
/// bucket is cleared, and from a known device the username's lock is lifted too.
async fn signed_in(
    ctx: &Ctx,
    account: &Account,
    org: &Org,
    buckets: &Buckets,
    typed: &str,
    meta: &RequestMeta,
) -> ServiceResult<NewSession> {
    let now = ctx.now();
    let new_token = || random_token().map_err(|e| ServiceError::Internal(e.to_string()));
    let token = new_token()?;
    let csrf_token = new_token()?;
    let new_device = match buckets.known_device {
        Some(_) => None,
        None => Some(new_token()?),
    };
    let device_hash = match (&buckets.known_device, &new_device) {
        (Some(hash), _) => hash.clone(),
        (None, Some(cookie)) => token_hash(cookie),
        (None, None) => String::new(),
    };
    let due = password_change_due(
        account.password_changed_at,
        ctx.settings.password_max_age_days,
        now,
    );
    let expires_at = now + Duration::minutes(ctx.settings.session_idle_minutes);
    let txn = ctx.db.begin_write().await?;
    login_throttles::clear(&txn, &buckets.key).await?;
    if buckets.known_device.is_some() {
        login_throttles::clear(&txn, &username_key(typed)).await?;
    }
    accounts::record_login_success(&txn, account.id, now).await?;
    if due && !account.must_change_password {
        accounts::require_password_change(&txn, account.id).await?;
    }
    sessions::insert(
        &txn,
        &token_hash(&token),
        account.id,
        &csrf_token,
        now,
        expires_at,
    )
    .await?;
    sessions::insert_known_device(&txn, &device_hash, account.id, now).await?;
    let who = crate::actor::load(&txn, account.id).await?;
    audit::record(
        &txn,
        ctx,
        Some(&who),
        org,
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
        must_change_password: account.must_change_password || due,
        expires_at,
        new_device,
    })
}
