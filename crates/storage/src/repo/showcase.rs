//! The public side of articles: only published and featured ones, ever. Lists by campaign, theme,
//! province (an organisation path prefix) and industry; one article with its neighbours; counts
//! for the front page; what the search index needs to check itself against. (The change log that
//! tells instances something changed is `repo::public_changes`.)
//!
//! These are the hot queries of the showcase, so they are hand-written SQL (portable: `$n`
//! placeholders, `LIKE … ESCAPE`, row values) and select only what a page needs.

use crate::error::StorageResult;
use crate::repo::like_literal;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, QueryResult, Statement, Value};

/// The status filter every public query starts from.
/// (`published_at` is set exactly while an article is public; naming it lets the lists walk the
/// `idx_articles_public` index newest first.)
const PUBLIC: &str = "a.status IN ('published', 'featured') AND a.published_at IS NOT NULL";

const COLUMNS: &str = "a.id, a.campaign_id, a.title, a.cover_media, a.content, a.status, \
     a.published_at, a.featured_at, a.updated_at, a.word_count, a.version, \
     o.id AS post_id, o.name AS post_name, o.path AS post_path, \
     COALESCE(p.work_unit, '') AS work_unit, COALESCE(p.industry, '') AS industry";

const FROM: &str = "FROM articles a JOIN organisations o ON o.id = a.post_org_id \
     LEFT JOIN post_profiles p ON p.org_id = o.id";

/// One public article as lists and pages need it. `content` is the stored JSON; the caller
/// parses it (lists only need the first paragraph and the cover).
#[derive(Debug, Clone, PartialEq)]
pub struct PublicRow {
    pub id: i64,
    pub campaign_id: i64,
    pub title: String,
    pub cover_media: Option<String>,
    pub content: String,
    pub featured: bool,
    pub published_at: DateTime<Utc>,
    pub featured_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
    pub word_count: i32,
    /// Bumped by every write of the article (text, status, dates).
    pub version: i32,
    pub post_id: i64,
    pub post_name: String,
    pub post_path: String,
    pub work_unit: String,
    pub industry: String,
}

fn to_row(row: &QueryResult) -> StorageResult<PublicRow> {
    let status: String = row.try_get("", "status")?;
    let updated_at: DateTime<Utc> = row.try_get("", "updated_at")?;
    Ok(PublicRow {
        id: row.try_get("", "id")?,
        campaign_id: row.try_get("", "campaign_id")?,
        title: row.try_get("", "title")?,
        cover_media: row.try_get("", "cover_media")?,
        content: row.try_get("", "content")?,
        featured: status == "featured",
        published_at: row
            .try_get::<Option<DateTime<Utc>>>("", "published_at")?
            .unwrap_or(updated_at),
        featured_at: row.try_get("", "featured_at")?,
        updated_at,
        word_count: row.try_get("", "word_count")?,
        version: row.try_get("", "version")?,
        post_id: row.try_get("", "post_id")?,
        post_name: row.try_get("", "post_name")?,
        post_path: row.try_get("", "post_path")?,
        work_unit: row.try_get("", "work_unit")?,
        industry: row.try_get("", "industry")?,
    })
}

/// Which public articles a list shows. Empty means all.
#[derive(Debug, Clone, Default)]
pub struct PublicFilter<'a> {
    pub campaign_id: Option<i64>,
    pub theme: Option<&'a str>,
    /// Only posts at or below this organisation path (a province: `/1/5/`).
    pub under_path: Option<&'a str>,
    pub industry: Option<&'a str>,
    pub featured_only: bool,
}

impl PublicFilter<'_> {
    fn where_sql(&self, values: &mut Vec<Value>) -> String {
        let mut sql = format!("WHERE {PUBLIC}");
        if let Some(id) = self.campaign_id {
            values.push(id.into());
            // `+` keeps SQLite from preferring the campaign index (and a sort of the whole
            // campaign) over walking `idx_articles_public` newest first.
            sql.push_str(&format!(" AND +a.campaign_id = ${}", values.len()));
        }
        if let Some(theme) = self.theme {
            values.push(format!("%,{},%", like_literal(theme)).into());
            sql.push_str(&format!(
                " AND a.public_themes LIKE ${} ESCAPE '!'",
                values.len()
            ));
        }
        if let Some(path) = self.under_path {
            values.push(format!("{}%", like_literal(path)).into());
            sql.push_str(&format!(" AND o.path LIKE ${} ESCAPE '!'", values.len()));
        }
        if let Some(industry) = self.industry {
            values.push(industry.into());
            sql.push_str(&format!(" AND p.industry = ${}", values.len()));
        }
        if self.featured_only {
            sql.push_str(" AND a.status = 'featured'");
        }
        sql
    }
}

/// How many public articles match.
pub async fn count<C: ConnectionTrait>(db: &C, filter: &PublicFilter<'_>) -> StorageResult<u64> {
    let mut values = Vec::new();
    let where_sql = filter.where_sql(&mut values);
    let n = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("SELECT COUNT(*) AS n {FROM} {where_sql}"),
            values,
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A page of public articles, newest first (featured lists: most recently featured first).
pub async fn page<C: ConnectionTrait>(
    db: &C,
    filter: &PublicFilter<'_>,
    offset: u64,
    limit: u64,
) -> StorageResult<Vec<PublicRow>> {
    let mut values = Vec::new();
    let where_sql = filter.where_sql(&mut values);
    let order = if filter.featured_only {
        "a.featured_at DESC, a.id DESC"
    } else {
        "a.published_at DESC, a.id DESC"
    };
    values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
    values.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    let sql = format!(
        "SELECT {COLUMNS} {FROM} {where_sql} ORDER BY {order} LIMIT ${} OFFSET ${}",
        values.len() - 1,
        values.len()
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    rows.iter().map(to_row).collect()
}

/// One public article; None when it does not exist or is not public.
pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<PublicRow>> {
    let row = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("SELECT {COLUMNS} {FROM} WHERE {PUBLIC} AND a.id = $1"),
            [id.into()],
        ))
        .await?;
    row.as_ref().map(to_row).transpose()
}

/// Public articles by id (for the search index and the publication package), in id order.
pub async fn get_many<C: ConnectionTrait>(db: &C, ids: &[i64]) -> StorageResult<Vec<PublicRow>> {
    let mut out = Vec::with_capacity(ids.len());
    // Bounded IN lists: SQLite allows 32,766 variables, PostgreSQL 65,535; 500 keeps it small.
    for chunk in ids.chunks(500) {
        let placeholders = (1..=chunk.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let values: Vec<Value> = chunk.iter().map(|&id| id.into()).collect();
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                format!(
                    "SELECT {COLUMNS} {FROM} WHERE {PUBLIC} AND a.id IN ({placeholders}) ORDER BY a.id"
                ),
                values,
            ))
            .await?;
        for row in &rows {
            out.push(to_row(row)?);
        }
    }
    Ok(out)
}

/// Every public article's id, in batches, for the search index rebuild and the sitemap.
pub async fn all_ids<C: ConnectionTrait>(db: &C) -> StorageResult<Vec<(i64, DateTime<Utc>)>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT a.id, a.updated_at FROM articles a WHERE {PUBLIC} \
                 ORDER BY a.published_at DESC, a.id DESC"
            ),
        ))
        .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "updated_at")?)))
        .collect()
}

/// What a public article's search document is made of, short of its text (which `version`
/// stands for): enough to tell whether an indexed document is current, cheap to read for every
/// public article at once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocSource {
    pub id: i64,
    pub version: i32,
    pub published_at: DateTime<Utc>,
    pub campaign_id: i64,
    pub post_name: String,
    pub post_path: String,
    pub work_unit: String,
}

impl PublicRow {
    pub fn doc_source(&self) -> DocSource {
        DocSource {
            id: self.id,
            version: self.version,
            published_at: self.published_at,
            campaign_id: self.campaign_id,
            post_name: self.post_name.clone(),
            post_path: self.post_path.clone(),
            work_unit: self.work_unit.clone(),
        }
    }
}

/// Every public article's [`DocSource`], in id order (the search index's check at start).
pub async fn doc_sources<C: ConnectionTrait>(db: &C) -> StorageResult<Vec<DocSource>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            format!(
                "SELECT a.id, a.version, a.published_at, a.updated_at, a.campaign_id, \
                 o.name AS post_name, o.path AS post_path, \
                 COALESCE(p.work_unit, '') AS work_unit \
                 {FROM} WHERE {PUBLIC} ORDER BY a.id"
            ),
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let updated_at: DateTime<Utc> = row.try_get("", "updated_at")?;
            Ok(DocSource {
                id: row.try_get("", "id")?,
                version: row.try_get("", "version")?,
                published_at: row
                    .try_get::<Option<DateTime<Utc>>>("", "published_at")?
                    .unwrap_or(updated_at),
                campaign_id: row.try_get("", "campaign_id")?,
                post_name: row.try_get("", "post_name")?,
                post_path: row.try_get("", "post_path")?,
                work_unit: row.try_get("", "work_unit")?,
            })
        })
        .collect()
}

/// A neighbour of an article in the order of its campaign's list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Neighbour {
    pub id: i64,
    pub title: String,
}

/// The article published just before (`older`) and just after (`newer`) this one in the same
/// campaign, in one statement.
pub async fn neighbours<C: ConnectionTrait>(
    db: &C,
    row: &PublicRow,
) -> StorageResult<(Option<Neighbour>, Option<Neighbour>)> {
    let sql = format!(
        "SELECT * FROM (SELECT 'older' AS side, a.id, a.title FROM articles a \
           WHERE {PUBLIC} AND +a.campaign_id = $1 AND (a.published_at, a.id) < ($2, $3) \
           ORDER BY a.published_at DESC, a.id DESC LIMIT 1) AS older_one \
         UNION ALL \
         SELECT * FROM (SELECT 'newer' AS side, a.id, a.title FROM articles a \
           WHERE {PUBLIC} AND +a.campaign_id = $1 AND (a.published_at, a.id) > ($2, $3) \
           ORDER BY a.published_at ASC, a.id ASC LIMIT 1) AS newer_one"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [
                row.campaign_id.into(),
                row.published_at.into(),
                row.id.into(),
            ],
        ))
        .await?;
    let (mut older, mut newer) = (None, None);
    for r in rows {
        let side: String = r.try_get("", "side")?;
        let found = Neighbour {
            id: r.try_get("", "id")?,
            title: r.try_get("", "title")?,
        };
        if side == "older" {
            older = Some(found);
        } else {
            newer = Some(found);
        }
    }
    Ok((older, newer))
}

/// Public article counts grouped by a key: the writing post's path, the theme keys, or the
/// post's industry. The caller folds paths into provinces and splits theme keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    PostPath,
    Themes,
    Industry,
    Campaign,
    /// `featured` and `published`.
    Status,
}

pub async fn counts<C: ConnectionTrait>(
    db: &C,
    campaign_id: Option<i64>,
    by: CountBy,
) -> StorageResult<Vec<(String, u64)>> {
    let key = match by {
        CountBy::PostPath => "o.path",
        CountBy::Themes => "COALESCE(a.public_themes, '')",
        CountBy::Industry => "COALESCE(p.industry, '')",
        CountBy::Campaign => "CAST(a.campaign_id AS TEXT)",
        CountBy::Status => "a.status",
    };
    let filter = PublicFilter {
        campaign_id,
        ..Default::default()
    };
    let mut values = Vec::new();
    let where_sql = filter.where_sql(&mut values);
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!("SELECT {key} AS k, COUNT(*) AS n {FROM} {where_sql} GROUP BY {key}"),
            values,
        ))
        .await?;
    rows.iter()
        .map(|row| {
            let n: i64 = row.try_get("", "n")?;
            Ok((row.try_get("", "k")?, u64::try_from(n).unwrap_or(0)))
        })
        .collect()
}

/// A federation as public pages name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Federation {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: String,
    pub path: String,
    pub parent_id: Option<i64>,
}

/// Every federation that is not retired by a merge (posts excluded), in code order.
pub async fn federations<C: ConnectionTrait>(db: &C) -> StorageResult<Vec<Federation>> {
    let rows = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT id, code, name, kind, path, parent_id FROM organisations \
             WHERE kind <> 'post' AND status <> 'merged' ORDER BY code, id",
        ))
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Federation {
                id: row.try_get("", "id")?,
                code: row.try_get("", "code")?,
                name: row.try_get("", "name")?,
                kind: row.try_get("", "kind")?,
                path: row.try_get("", "path")?,
                parent_id: row.try_get("", "parent_id")?,
            })
        })
        .collect()
}
