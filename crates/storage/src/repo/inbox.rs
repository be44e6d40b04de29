//! The inbox: messages addressed to an organisation and each account's read marks. A message is
//! written in the transaction of the move that causes it; reading it only adds a read mark.

use crate::entity::{message, message_read};
use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, OrgId};
use sea_orm::sea_query::{OnConflict, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

pub type Message = message::Model;

pub struct NewMessage<'a> {
    pub recipient: OrgId,
    /// Stable kind: `returned`, `recommended`, `published`, `featured`, `pending`, `reminder` …
    pub kind: &'a str,
    pub title: &'a str,
    pub body: &'a str,
    pub article_id: Option<i64>,
}

pub async fn insert<C: ConnectionTrait>(
    db: &C,
    new: &NewMessage<'_>,
    now: DateTime<Utc>,
) -> StorageResult<i64> {
    let model = message::ActiveModel {
        recipient_org_id: Set(new.recipient.0),
        kind: Set(new.kind.to_string()),
        title: Set(new.title.chars().take(300).collect()),
        body: Set(new.body.to_string()),
        article_id: Set(new.article_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(model.id)
}

fn read_by(account: AccountId) -> sea_orm::sea_query::SelectStatement {
    Query::select()
        .column(message_read::Column::MessageId)
        .from(message_read::Entity)
        .and_where(message_read::Column::AccountId.eq(account.0))
        .to_owned()
}

/// How many of the organisation's messages this account has not opened.
pub async fn unread_count<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    account: AccountId,
) -> StorageResult<u64> {
    Ok(message::Entity::find()
        .filter(message::Column::RecipientOrgId.eq(org.0))
        .filter(message::Column::Id.not_in_subquery(read_by(account)))
        .count(db)
        .await?)
}

/// The organisation's messages, newest first, each with whether this account has opened it.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    account: AccountId,
    limit: u64,
) -> StorageResult<Vec<(Message, bool)>> {
    let messages = message::Entity::find()
        .filter(message::Column::RecipientOrgId.eq(org.0))
        .order_by_desc(message::Column::CreatedAt)
        .order_by_desc(message::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = messages.iter().map(|m| m.id).collect();
    let read: std::collections::HashSet<i64> = if ids.is_empty() {
        Default::default()
    } else {
        message_read::Entity::find()
            .filter(message_read::Column::AccountId.eq(account.0))
            .filter(message_read::Column::MessageId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.message_id)
            .collect()
    };
    Ok(messages
        .into_iter()
        .map(|m| {
            let opened = read.contains(&m.id);
            (m, opened)
        })
        .collect())
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<Message>> {
    Ok(message::Entity::find_by_id(id).one(db).await?)
}

/// Marks messages as opened by the account; marks that exist already stay as they are.
pub async fn mark_read<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
    account: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    if ids.is_empty() {
        return Ok(());
    }
    let rows = ids.iter().map(|&id| message_read::ActiveModel {
        message_id: Set(id),
        account_id: Set(account.0),
        read_at: Set(now),
    });
    message_read::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                message_read::Column::MessageId,
                message_read::Column::AccountId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

/// Ids of the organisation's messages this account has not opened.
pub async fn unread_ids<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    account: AccountId,
) -> StorageResult<Vec<i64>> {
    Ok(message::Entity::find()
        .select_only()
        .column(message::Column::Id)
        .filter(message::Column::RecipientOrgId.eq(org.0))
        .filter(message::Column::Id.not_in_subquery(read_by(account)))
        .into_tuple()
        .all(db)
        .await?)
}

/// Every message of a kind sent to an organisation (for tests and the reminder job's report).
pub async fn count_of_kind<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    kind: &str,
) -> StorageResult<u64> {
    Ok(message::Entity::find()
        .filter(message::Column::RecipientOrgId.eq(org.0))
        .filter(message::Column::Kind.eq(kind))
        .count(db)
        .await?)
}
