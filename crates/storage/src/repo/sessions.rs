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
