//! Notices (通知): writing a notice with its recipients and attachments (the issuer's
//! `IssueNotices` permit), the received and sent lists, the forward chain, and read receipts
//! (one per recipient organisation, set by its first opening and never moved after).

use crate::entity::{notice, notice_attachment, notice_recipient};
use crate::error::StorageResult;
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::content::Block;
use jinguo_domain::{AccountId, Action, OrgId, Permit};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub id: i64,
    pub issuer: OrgId,
    pub issuer_name: String,
    pub author_name: String,
    pub parent: Option<i64>,
    pub title: String,
    pub blocks: Vec<Block>,
    pub contact_person: String,
    pub contact_phone: String,
    pub issued_on: String,
    pub created_at: DateTime<Utc>,
}

pub type Recipient = notice_recipient::Model;
pub type Attachment = notice_attachment::Model;

fn to_notice(m: notice::Model) -> Notice {
    Notice {
        id: m.id,
        issuer: OrgId(m.issuer_org_id),
        issuer_name: m.issuer_name,
        author_name: m.author_name,
        parent: m.parent_id,
        title: m.title,
        // A body that does not parse shows as one paragraph rather than failing the page.
        blocks: serde_json::from_str(&m.body)
            .unwrap_or_else(|_| vec![Block::Paragraph { text: m.body }]),
        contact_person: m.contact_person,
        contact_phone: m.contact_phone,
        issued_on: m.issued_on,
        created_at: m.created_at,
    }
}

pub struct NewNotice<'a> {
    pub issuer_name: &'a str,
    pub author_name: &'a str,
    pub parent: Option<i64>,
    pub title: &'a str,
    pub blocks: &'a [Block],
    pub contact_person: &'a str,
    pub contact_phone: &'a str,
    pub issued_on: &'a str,
}

pub struct NewAttachment<'a> {
    pub file_name: &'a str,
    pub stored_name: &'a str,
    pub kind: &'a str,
    pub size_bytes: i64,
}

/// Inserts a notice issued by the permit's organisation, its recipients and its attachments.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    new: &NewNotice<'_>,
    recipients: &[OrgId],
    attachments: &[NewAttachment<'_>],
    now: DateTime<Utc>,
) -> StorageResult<i64> {
    require(permit, Action::IssueNotices, permit.org())?;
    let body = serde_json::to_string(new.blocks)
        .map_err(|e| crate::error::StorageError::Corrupt(e.to_string()))?;
    let model = notice::ActiveModel {
        issuer_org_id: Set(permit.org().0),
        issuer_name: Set(new.issuer_name.chars().take(200).collect()),
        author_id: Set(permit.actor().0),
        author_name: Set(new.author_name.chars().take(100).collect()),
        parent_id: Set(new.parent),
        title: Set(new.title.chars().take(200).collect()),
        body: Set(body),
        contact_person: Set(new.contact_person.chars().take(100).collect()),
        contact_phone: Set(new.contact_phone.chars().take(100).collect()),
        issued_on: Set(new.issued_on.to_string()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !recipients.is_empty() {
        notice_recipient::Entity::insert_many(recipients.iter().map(|org| {
            notice_recipient::ActiveModel {
                notice_id: Set(model.id),
                org_id: Set(org.0),
                read_at: Set(None),
                read_by_id: Set(None),
                read_by_name: Set(String::new()),
            }
        }))
        .exec_without_returning(db)
        .await?;
    }
    for a in attachments {
        notice_attachment::ActiveModel {
            notice_id: Set(model.id),
            file_name: Set(a.file_name.chars().take(255).collect()),
            stored_name: Set(a.stored_name.to_string()),
            kind: Set(a.kind.to_string()),
            size_bytes: Set(a.size_bytes),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(model.id)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<Notice>> {
    Ok(notice::Entity::find_by_id(id).one(db).await?.map(to_notice))
}

/// The notice and the notices it forwards, newest first (at most `max` links).
pub async fn chain<C: ConnectionTrait>(db: &C, id: i64, max: usize) -> StorageResult<Vec<Notice>> {
    let mut out = Vec::new();
    let mut next = Some(id);
    while let Some(id) = next {
        if out.len() >= max {
            break;
        }
        let Some(n) = get(db, id).await? else { break };
        next = n.parent;
        out.push(n);
    }
    Ok(out)
}

/// The recipient row of `org` for a notice, if it is a recipient.
pub async fn recipient<C: ConnectionTrait>(
    db: &C,
    notice_id: i64,
    org: OrgId,
) -> StorageResult<Option<Recipient>> {
    Ok(notice_recipient::Entity::find_by_id((notice_id, org.0))
        .one(db)
        .await?)
}

/// Every recipient of a notice with its receipt.
pub async fn recipients<C: ConnectionTrait>(
    db: &C,
    notice_id: i64,
) -> StorageResult<Vec<Recipient>> {
    Ok(notice_recipient::Entity::find()
        .filter(notice_recipient::Column::NoticeId.eq(notice_id))
        .order_by_asc(notice_recipient::Column::OrgId)
        .all(db)
        .await?)
}

/// Records the first opening by an account of the recipient organisation; later openings
/// change nothing. Returns whether this opening was the first.
pub async fn mark_read<C: ConnectionTrait>(
    db: &C,
    notice_id: i64,
    org: OrgId,
    by: AccountId,
    by_name: &str,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    let result = notice_recipient::Entity::update_many()
        .col_expr(notice_recipient::Column::ReadAt, Expr::value(Some(now)))
        .col_expr(notice_recipient::Column::ReadById, Expr::value(Some(by.0)))
        .col_expr(
            notice_recipient::Column::ReadByName,
            Expr::value(by_name.chars().take(100).collect::<String>()),
        )
        .filter(notice_recipient::Column::NoticeId.eq(notice_id))
        .filter(notice_recipient::Column::OrgId.eq(org.0))
        .filter(notice_recipient::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}

/// Notices addressed to an organisation, newest first, each with its receipt.
pub async fn received<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    limit: u64,
) -> StorageResult<Vec<(Notice, Recipient)>> {
    let rows = notice_recipient::Entity::find()
        .filter(notice_recipient::Column::OrgId.eq(org.0))
        .order_by_desc(notice_recipient::Column::NoticeId)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.notice_id).collect();
    let mut notices: std::collections::HashMap<i64, Notice> = notice::Entity::find()
        .filter(notice::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, to_notice(m)))
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|r| notices.remove(&r.notice_id).map(|n| (n, r)))
        .collect())
}

/// How many notices addressed to the organisation nobody there has opened yet.
pub async fn unread_count<C: ConnectionTrait>(db: &C, org: OrgId) -> StorageResult<u64> {
    Ok(notice_recipient::Entity::find()
        .filter(notice_recipient::Column::OrgId.eq(org.0))
        .filter(notice_recipient::Column::ReadAt.is_null())
        .count(db)
        .await?)
}

/// Notices an organisation issued, newest first, with (read, total) recipient counts.
pub async fn sent<C: ConnectionTrait>(
    db: &C,
    org: OrgId,
    limit: u64,
) -> StorageResult<Vec<(Notice, u64, u64)>> {
    let notices: Vec<Notice> = notice::Entity::find()
        .filter(notice::Column::IssuerOrgId.eq(org.0))
        .order_by_desc(notice::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(to_notice)
        .collect();
    let ids: Vec<i64> = notices.iter().map(|n| n.id).collect();
    let rows: Vec<(i64, Option<DateTime<Utc>>)> = notice_recipient::Entity::find()
        .select_only()
        .column(notice_recipient::Column::NoticeId)
        .column(notice_recipient::Column::ReadAt)
        .filter(notice_recipient::Column::NoticeId.is_in(ids))
        .into_tuple()
        .all(db)
        .await?;
    let mut counts: std::collections::HashMap<i64, (u64, u64)> = Default::default();
    for (id, read) in rows {
        let c = counts.entry(id).or_default();
        c.1 += 1;
        if read.is_some() {
            c.0 += 1;
        }
    }
    Ok(notices
        .into_iter()
        .map(|n| {
            let (read, total) = counts.get(&n.id).copied().unwrap_or_default();
            (n, read, total)
        })
        .collect())
}

/// The attachments of the given notices, in upload order.
pub async fn attachments<C: ConnectionTrait>(
    db: &C,
    notice_ids: &[i64],
) -> StorageResult<Vec<Attachment>> {
    if notice_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(notice_attachment::Entity::find()
        .filter(notice_attachment::Column::NoticeId.is_in(notice_ids.to_vec()))
        .order_by_asc(notice_attachment::Column::Id)
        .all(db)
        .await?)
}

/// Whether any notice exists (the demo seeds its notices once).
pub async fn count<C: ConnectionTrait>(db: &C) -> StorageResult<u64> {
    Ok(notice::Entity::find().count(db).await?)
}
