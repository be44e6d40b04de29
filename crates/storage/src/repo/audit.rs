//! The append-only audit log: this module inserts and reads; it has no update or delete.

use crate::entity::audit_event;
use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use jinguo_domain::org::OrgPath;
use jinguo_domain::{AccountId, OrgId};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

#[derive(Debug, Clone)]
pub struct NewAuditEvent<'a> {
    pub actor_id: Option<AccountId>,
    pub actor_name: &'a str,
    pub org_id: Option<OrgId>,
    pub org_path: &'a str,
    pub action: &'a str,
    pub target: &'a str,
    pub detail: &'a str,
    pub ip: &'a str,
}

pub type AuditEvent = audit_event::Model;

pub async fn append<C: ConnectionTrait>(
    db: &C,
    event: &NewAuditEvent<'_>,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    audit_event::ActiveModel {
        at: Set(now),
        actor_id: Set(event.actor_id.map(|a| a.0)),
        actor_name: Set(truncate(event.actor_name, 80)),
        org_id: Set(event.org_id.map(|o| o.0)),
        org_path: Set(event.org_path.to_string()),
        action: Set(event.action.to_string()),
        target: Set(truncate(event.target, 400)),
        detail: Set(event.detail.to_string()),
        ip: Set(truncate(event.ip, 64)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

fn truncate(s: &str, max_chars: usize) -> String {
    s.chars().take(max_chars).collect()
}

/// Which events of a subtree to list; every part is optional.
#[derive(Debug, Clone, Copy, Default)]
pub struct AuditQuery<'a> {
    /// One action code.
    pub action: Option<&'a str>,
    /// Whoever did it, by exact username.
    pub actor: Option<&'a str>,
    /// At or after this instant.
    pub since: Option<DateTime<Utc>>,
    /// Before this instant.
    pub before: Option<DateTime<Utc>>,
}

/// Events concerning organisations in a subtree, newest first.
pub async fn list_in_subtree<C: ConnectionTrait>(
    db: &C,
    root: &OrgPath,
    query: AuditQuery<'_>,
    limit: u64,
    offset: u64,
) -> StorageResult<(Vec<AuditEvent>, u64)> {
    let mut select =
        audit_event::Entity::find().filter(audit_event::Column::OrgPath.starts_with(root.as_str()));
    if let Some(action) = query.action.filter(|a| !a.is_empty()) {
        select = select.filter(audit_event::Column::Action.eq(action));
    }
    if let Some(actor) = query.actor.filter(|a| !a.is_empty()) {
        select = select.filter(audit_event::Column::ActorName.eq(actor));
    }
    if let Some(since) = query.since {
        select = select.filter(audit_event::Column::At.gte(since));
    }
    if let Some(before) = query.before {
        select = select.filter(audit_event::Column::At.lt(before));
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(audit_event::Column::At)
        .order_by_desc(audit_event::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((rows, total))
}
