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
}

fn to_token(m: api_token::Model) -> ApiToken {
    ApiToken {
        id: m.id,
        account_id: AccountId(m.account_id),
        name: m.name,
        created_at: m.created_at,
        last_used_at: m.last_used_at,
        revoked_at: m.revoked_at,
    }
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    account: AccountId,
    name: &str,
    token_hash: &str,
    now: DateTime<Utc>,
) -> StorageResult<ApiToken> {
    let model = api_token::ActiveModel {
        account_id: Set(account.0),
        name: Set(name.to_string()),
        token_hash: Set(token_hash.to_string()),
        created_at: Set(now),
        last_used_at: Set(None),
        revoked_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(to_token(model))
}

pub async fn find_live_by_hash<C: ConnectionTrait>(
    db: &C,
    token_hash: &str,
) -> StorageResult<Option<ApiToken>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .filter(api_token::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .map(to_token))
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
