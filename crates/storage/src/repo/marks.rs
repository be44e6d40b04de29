//! Marks that move whenever a figure of the review could have changed, read in one statement:
//! the newest history event (every submit and review move records one), the newest article,
//! the latest change to an organisation (a merge moves posts between units), and the `lists`
//! counter, which every write to a province's list moves (reordering, a reason, 报送: nothing
//! the history records). The same on every instance, so a figure kept on one is known stale
//! there as soon as another instance acts.

use crate::error::StorageResult;
use sea_orm::{ConnectionTrait, Statement};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeMarks {
    pub event: i64,
    pub article: i64,
    /// As the database prints it: compared, never read as a date.
    pub org_change: Option<String>,
    pub lists: i64,
}

/// Each `MAX` is its own subquery so that both backends answer it from the index's end.
const READ: &str = "SELECT (SELECT MAX(id) FROM article_events) AS event, \
     (SELECT MAX(id) FROM articles) AS article, \
     CAST((SELECT MAX(updated_at) FROM organisations) AS TEXT) AS org_change, \
     (SELECT seq FROM change_marks WHERE name = 'lists') AS lists";

pub async fn read<C: ConnectionTrait>(db: &C) -> StorageResult<ChangeMarks> {
    let Some(row) = db
        .query_one_raw(Statement::from_string(db.get_database_backend(), READ))
        .await?
    else {
        return Ok(ChangeMarks::default());
    };
    Ok(ChangeMarks {
        event: row.try_get::<Option<i64>>("", "event")?.unwrap_or(0),
        article: row.try_get::<Option<i64>>("", "article")?.unwrap_or(0),
        org_change: row.try_get("", "org_change")?,
        lists: row.try_get::<Option<i64>>("", "lists")?.unwrap_or(0),
    })
}

/// Moves the `lists` mark: called by every write to a recommendation list, in its transaction.
pub(crate) async fn bump_lists<C: ConnectionTrait>(db: &C) -> StorageResult<()> {
    db.execute_unprepared("UPDATE change_marks SET seq = seq + 1 WHERE name = 'lists'")
        .await?;
    Ok(())
}
