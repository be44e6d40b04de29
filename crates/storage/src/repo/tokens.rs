//! API bearer tokens. Only a hash of each token is stored; the token is shown once.

use crate::entity::api_token;
use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use jinguo_domain::AccountId;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiToken {
    pub id: i64,
    pub account_id: AccountId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// After this the token answers 401.
    pub expires_at: DateTime<Utc>,
}

/// How long tokens issued before expiry was recorded live.
pub const LEGACY_LIFETIME_DAYS: i64 = 90;

impl ApiToken {
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

fn to_token(m: api_token::Model) -> ApiToken {
    ApiToken {
        id: m.id,
        account_id: AccountId(m.account_id),
        name: m.name,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
        expires_at: m
            .expires_at
            .unwrap_or(m.created_at + chrono::Duration::days(LEGACY_LIFETIME_DAYS)),
    }
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    name: &str,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> StorageResult<ApiToken> {
    let model = api_token::ActiveModel {
        account_id: Set(account.0),
        name: Set(name.to_string()),
        token_hash: Set(token_hash.to_string()),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        expires_at: Set(Some(expires_at)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to_token(model))
}

/// A token by its hash that is neither revoked nor expired.
pub async fn find_live_by_hash<C: ConnectionTrait>(
    db: &C,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<Option<ApiToken>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .map(to_token)
        .filter(|t| t.is_live(now)))
}

/// Revokes every live token of an account (password reset or change, account disabled); the
/// number revoked.
pub async fn revoke_all_for_account<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<u64> {
    Ok(api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Some(now)))
        .filter(api_token::Column::AccountId.eq(account.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?
        .rows_affected)
}

pub async fn touch<C: ConnectionTrait>(db: &C, id: i64, now: DateTime<Utc>) -> StorageResult<()> {
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(Some(now)))
        .filter(api_token::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn list_for_account<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
) -> StorageResult<Vec<ApiToken>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::AccountId.eq(account.0))
        .order_by_desc(api_token::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_token)
        .collect())
}

/// Revokes one of the account's own tokens; returns false when it has no such live token.
pub async fn revoke<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    id: i64,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    let result = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(Some(now)))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::AccountId.eq(account.0))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}
