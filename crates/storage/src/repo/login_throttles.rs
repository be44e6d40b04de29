//! Login throttle buckets (per username, known device, client address): failures counted by
//! one atomic statement each, so parallel attempts cannot outrun the limits. The thresholds are
//! `jinguo_domain::login_throttle`; this module only stores their result.

use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Statement};

/// What claiming an attempt found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    /// The attempt may be checked; it is counted as failure number `n` until it resolves.
    Granted(i32),
    /// The bucket is delayed or locked until then.
    Blocked(DateTime<Utc>),
    /// `max` attempts are being checked right now; try again shortly.
    Busy,
}

/// Claims one attempt of `key` atomically: its failure count goes up by one (restarting at one
/// when the last attempt is older than `forget_before`), but only while the bucket is neither
/// delayed nor locked and no more than `max` attempts would be counted.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    key: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
    max: i32,
) -> StorageResult<Claim> {
    let stale = "login_throttles.updated_at <= $3";
    let next = format!("CASE WHEN {stale} THEN 1 ELSE login_throttles.failures + 1 END");
    let sql = format!(
        "INSERT INTO login_throttles (key, failures, blocked_until, updated_at) \
         VALUES ($1, 1, NULL, $2) \
         ON CONFLICT (key) DO UPDATE SET failures = {next}, \
         blocked_until = CASE WHEN {stale} THEN NULL ELSE login_throttles.blocked_until END, \
         updated_at = $2 \
         WHERE (login_throttles.blocked_until IS NULL OR login_throttles.blocked_until <= $2) \
         AND {next} <= $4 \
         RETURNING failures"
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [key.into(), now.into(), forget_before.into(), max.into()],
        ))
        .await?;
    if let Some(row) = row {
        return Ok(Claim::Granted(row.try_get("", "failures")?));
    }
    match blocked_until(db, key, now).await? {
        Some(until) => Ok(Claim::Blocked(until)),
        None => Ok(Claim::Busy),
    }
}

/// Counts one failure of `key` without a claim (client addresses: many colleagues behind one
/// address may sign in at once, so their attempts are not limited in flight); the count after it.
pub async fn count_failure<C: ConnectionTrait>(
    db: &C,
    key: &str,
    now: DateTime<Utc>,
    forget_before: DateTime<Utc>,
) -> StorageResult<i32> {
    let stale = "login_throttles.updated_at <= $3";
    let sql = format!(
        "INSERT INTO login_throttles (key, failures, blocked_until, updated_at) \
         VALUES ($1, 1, NULL, $2) \
         ON CONFLICT (key) DO UPDATE SET \
         failures = CASE WHEN {stale} THEN 1 ELSE login_throttles.failures + 1 END, \
         blocked_until = CASE WHEN {stale} THEN NULL ELSE login_throttles.blocked_until END, \
         updated_at = $2 \
         RETURNING failures"
    );
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [key.into(), now.into(), forget_before.into()],
        ))
        .await?;
    match row {
        Some(row) => Ok(row.try_get("", "failures")?),
        None => Ok(0),
    }
}

/// Blocks `key` until `until`, unless it is blocked longer already; true when this set a new
/// block that ends later than any before (so a lock is reported once).
pub async fn block<C: ConnectionTrait>(
    db: &C,
    key: &str,
    until: DateTime<Utc>,
) -> StorageResult<bool> {
    let result = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE login_throttles SET blocked_until = $2 \
             WHERE key = $1 AND (blocked_until IS NULL OR blocked_until < $2)",
            [key.into(), until.into()],
        ))
        .await?;
    Ok(result.rows_affected() == 1)
}

/// Forgets the failures of `key` and lifts any delay or lock (a right password; an admin).
pub async fn clear<C: ConnectionTrait>(db: &C, key: &str) -> StorageResult<()> {
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        "UPDATE login_throttles SET failures = 0, blocked_until = NULL WHERE key = $1",
        [key.into()],
    ))
    .await?;
    Ok(())
}

/// Drops buckets whose last attempt was before `before` and that hold no delay or lock still in
/// force at `now`: a failure that old would restart at one anyway, and every typed username
/// (existing or not) makes a bucket, so without this the table would only grow.
pub async fn delete_stale<C: ConnectionTrait>(
    db: &C,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> StorageResult<u64> {
    let result = db
        .execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "DELETE FROM login_throttles WHERE updated_at < $1 \
             AND (blocked_until IS NULL OR blocked_until <= $2)",
            [before.into(), now.into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

/// The usernames (as keyed, lower case) under a lock lasting past `after`: the admin's
/// workbench counts the locked accounts of its subtree from these (locks in force are few).
pub async fn locked_usernames<C: ConnectionTrait>(
    db: &C,
    after: DateTime<Utc>,
) -> StorageResult<Vec<String>> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT key FROM login_throttles WHERE key LIKE 'u:%' AND blocked_until > $1 ORDER BY key",
            [after.into()],
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let key: String = row.try_get("", "key")?;
            Ok(key.trim_start_matches("u:").to_string())
        })
        .collect()
}

/// The end of the delay or lock in force on `key`, if any.
pub async fn blocked_until<C: ConnectionTrait>(
    db: &C,
    key: &str,
    now: DateTime<Utc>,
) -> StorageResult<Option<DateTime<Utc>>> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT blocked_until FROM login_throttles WHERE key = $1",
            [key.into()],
        ))
        .await?;
    let until: Option<DateTime<Utc>> = match row {
        Some(row) => row.try_get("", "blocked_until")?,
        None => None,
    };
    Ok(until.filter(|u| *u > now))
}

/// The failure count of `key` (0 when it has none), for tests and the admin's account list.
pub async fn failures<C: ConnectionTrait>(db: &C, key: &str) -> StorageResult<i32> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT failures FROM login_throttles WHERE key = $1",
            [key.into()],
        ))
        .await?;
    match row {
        Some(row) => Ok(row.try_get("", "failures")?),
        None => Ok(0),
    }
}
