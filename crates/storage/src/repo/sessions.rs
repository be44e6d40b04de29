//! Browser sessions in the database, so every instance behind a load balancer sees them.

use crate::entity::session;
use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use jinguo_domain::AccountId;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredSession {
    pub account_id: AccountId,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    id_hash: &str,
    account: AccountId,
    csrf_token: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StorageResult<()> {
    session::ActiveModel {
        id: Set(id_hash.to_string()),
        account_id: Set(account.0),
        csrf_token: Set(csrf_token.to_string()),
        created_at: Set(now),
        expires_at: Set(expires_at),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A live session by the hash of its cookie; expired sessions are not returned.
pub async fn get_live<C: ConnectionTrait>(
    db: &C,
    id_hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<Option<StoredSession>> {
    Ok(session::Entity::find_by_id(id_hash.to_string())
        .filter(session::Column::ExpiresAt.gt(now))
        .one(db)
        .await?
        .map(|m| StoredSession {
            account_id: AccountId(m.account_id),
            csrf_token: m.csrf_token,
            expires_at: m.expires_at,
        }))
}

/// Slides the expiry forward on activity.
pub async fn extend<C: ConnectionTrait>(
    db: &C,
    id_hash: &str,
    expires_at: DateTime<Utc>,
) -> StorageResult<()> {
    session::Entity::update_many()
        .col_expr(session::Column::ExpiresAt, Expr::value(expires_at))
        .filter(session::Column::Id.eq(id_hash))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete<C: ConnectionTrait>(db: &C, id_hash: &str) -> StorageResult<()> {
    session::Entity::delete_by_id(id_hash.to_string())
        .exec(db)
        .await?;
    Ok(())
}

pub async fn delete_for_account<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
) -> StorageResult<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account.0))
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn delete_expired<C: ConnectionTrait>(db: &C, now: DateTime<Utc>) -> StorageResult<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(now))
        .exec(db)
        .await?
        .rows_affected)
}

/// Remembers a browser an account signed in from (a long-lived cookie's hash).
pub async fn insert_known_device<C: ConnectionTrait>(
    db: &C,
    token_hash: &str,
    account: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    db.execute_raw(sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        "INSERT INTO known_devices (token_hash, account_id, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $3) ON CONFLICT (token_hash) DO UPDATE SET last_seen_at = $3",
        [token_hash.into(), account.0.into(), now.into()],
    ))
    .await?;
    Ok(())
}

/// Forgets browsers not seen since `seen_since` (their cookie no longer counts anyway).
pub async fn delete_unseen_devices<C: ConnectionTrait>(
    db: &C,
    seen_since: DateTime<Utc>,
) -> StorageResult<u64> {
    let result = db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            "DELETE FROM known_devices WHERE last_seen_at <= $1",
            [seen_since.into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

/// The account a known-device cookie belongs to, if it was seen since `seen_since`.
pub async fn known_device_account<C: ConnectionTrait>(
    db: &C,
    token_hash: &str,
    seen_since: DateTime<Utc>,
) -> StorageResult<Option<AccountId>> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT account_id FROM known_devices WHERE token_hash = $1 AND last_seen_at > $2",
            [token_hash.into(), seen_since.into()],
        ))
        .await?;
    match row {
        Some(row) => Ok(Some(AccountId(row.try_get("", "account_id")?))),
        None => Ok(None),
    }
}

/// Forgets the account's known devices (password reset or change, account disabled), except
/// `keep` (the browser the owner changed her password from).
pub async fn forget_known_devices<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    keep: Option<&str>,
) -> StorageResult<u64> {
    let result = db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            "DELETE FROM known_devices WHERE account_id = $1 AND token_hash <> $2",
            [account.0.into(), keep.unwrap_or("").into()],
        ))
        .await?;
    Ok(result.rows_affected())
}

/// Ends every session of the account except the one with `keep_hash`.
pub async fn delete_other_sessions<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    keep_hash: &str,
) -> StorageResult<u64> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::AccountId.eq(account.0))
        .filter(session::Column::Id.ne(keep_hash))
        .exec(db)
        .await?
        .rows_affected)
}
