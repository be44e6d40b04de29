//! The public change log (`public_changes`): one row per move that touches what readers see,
//! appended in the move's own transaction, and read by every instance to keep its page cache and
//! search index current. Its highest id is the *generation*.
//!
//! Followers read `WHERE id > seen`, which is only safe if no change can ever become visible
//! below an id a follower has already seen — ids must be handed out in commit order. An id is
//! taken at `INSERT` and becomes visible at `COMMIT`, so two appenders left to themselves can
//! commit the other way round (a publish numbered 10 committing after an organisation edit
//! numbered 11), and every follower that read 11 in between skips 10 for good. Appends are
//! therefore serialised from the `INSERT` to the commit:
//!
//! - PostgreSQL: [`record_change`] first takes a transaction-scoped advisory lock keyed by the
//!   table, held until the appender commits or rolls back. The next appender waits for it, so it
//!   takes its id after the previous one is committed (and visible: PostgreSQL releases a
//!   transaction's locks only after its commit is visible to new snapshots).
//! - SQLite: one write transaction at a time holds the database's write lock from its first
//!   write until its commit, and the `INSERT` is a write; the next appender cannot insert before
//!   the previous one committed. Nothing to add.
//!
//! The lock is held from the append to the commit, so appenders append last, right before they
//! commit (and do no slow work or further row locking after it).

use crate::error::StorageResult;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The first key of the advisory lock that serialises appends on PostgreSQL ("JGPC"); the
/// second is the table's oid, so deployments in other schemas of one database do not wait for
/// each other. (Two-key advisory locks never collide with one-key ones.)
const APPEND_LOCK_CLASS: i32 = 0x4A47_5043;

/// What changed on the public side, for the log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// An article went public, changed while public, or left the showcase.
    Article,
    /// An organisation's name or profile changed (pages show post and province names).
    Organisation,
    /// A campaign's name, description or windows changed.
    Campaign,
}

impl ChangeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::Article => "article",
            ChangeKind::Organisation => "organisation",
            ChangeKind::Campaign => "campaign",
        }
    }
}

/// Appends to the change log inside the caller's transaction and returns the new id. Call it
/// last, right before the commit: from here until the commit, other appenders wait (see the
/// module's note). It takes a transaction, not any connection: outside one, the lock would end
/// with its own statement and the order would be lost again.
pub async fn record_change(
    txn: &crate::WriteTxn,
    kind: ChangeKind,
    article_id: Option<i64>,
    now: DateTime<Utc>,
) -> StorageResult<i64> {
    let backend = txn.get_database_backend();
    if backend == DbBackend::Postgres {
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "SELECT pg_advisory_xact_lock($1, 'public_changes'::regclass::oid::int)",
            [APPEND_LOCK_CLASS.into()],
        ))
        .await?;
    }
    let row = txn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO public_changes (article_id, kind, created_at) VALUES ($1, $2, $3) \
             RETURNING id",
            [article_id.into(), kind.as_str().into(), now.into()],
        ))
        .await?;
    match row {
        Some(row) => Ok(row.try_get("", "id")?),
        None => Err(sea_orm::DbErr::RecordNotInserted.into()),
    }
}

/// The log's highest id (0 when empty) and when that change happened.
pub async fn latest_change<C: ConnectionTrait>(
    db: &C,
) -> StorageResult<(i64, Option<DateTime<Utc>>)> {
    let row = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, created_at FROM public_changes ORDER BY id DESC LIMIT 1",
        ))
        .await?;
    match row {
        Some(row) => Ok((row.try_get("", "id")?, Some(row.try_get("", "created_at")?))),
        None => Ok((0, None)),
    }
}

/// The articles named by changes after `seq` (up to `limit` changes), and the last id read.
/// A change without an article (an organisation, a campaign) is reported as `None`.
pub async fn changes_since<C: ConnectionTrait>(
    db: &C,
    seq: i64,
    limit: u64,
) -> StorageResult<(Vec<Option<i64>>, i64)> {
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT id, article_id FROM public_changes WHERE id > $1 ORDER BY id LIMIT $2",
            [seq.into(), i64::try_from(limit).unwrap_or(i64::MAX).into()],
        ))
        .await?;
    let mut last = seq;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        last = row.try_get("", "id")?;
        out.push(row.try_get("", "article_id")?);
    }
    Ok((out, last))
}
