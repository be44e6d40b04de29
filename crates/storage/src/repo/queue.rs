//! Review queues, paged in SQL: which articles a federation's queue shows (by status, holder,
//! subtree, theme, title, what it has acted on), in which order (newest change first, or national's
//! order: province by province in each province's list order), with what a row needs beside the
//! article (the post, the province and its list place and reason, where the article is now).
//! One query counts, one reads the page's ids and row facts, one reads the page's articles.

use crate::entity::article;
use crate::error::StorageResult;
use crate::repo::articles::{Article, to_article};
use crate::repo::{like_literal, path_range};
use chrono::{DateTime, Utc};
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement, Value};
use std::collections::HashMap;

/// The order of a queue's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum QueueOrder {
    /// Newest change first.
    #[default]
    RecentlyChanged,
    /// Most recently published first.
    RecentlyPublished,
    /// Province by province (by code), each in its list's order: how national works through the
    /// pushed lists.
    ProvinceList,
}

/// What a queue shows. Empty `statuses` means any status.
#[derive(Debug, Clone, Default, Hash)]
pub struct QueueFilter<'a> {
    /// Only articles whose recorded holder is this organisation.
    pub holder: Option<OrgId>,
    pub statuses: &'a [ArticleStatus],
    /// Only articles written by posts at or below this organisation path.
    pub under_path: Option<&'a str>,
    /// A piece of the title.
    pub title_contains: Option<&'a str>,
    /// A theme key.
    pub theme: Option<&'a str>,
    /// Only articles their province has pushed (报送) to national.
    pub pushed_only: bool,
    /// Only articles this organisation has made a move on (its “已处理” tab).
    pub acted_on_by: Option<OrgId>,
    pub order: QueueOrder,
}

/// One row of a queue: the article and the facts around it.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub article: Article,
    pub post_name: String,
    /// The province whose list holds it, with its place and reason there.
    pub province: Option<ListPlace>,
    /// The organisation holding it now (None: with the post, or public).
    pub holder_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPlace {
    pub province_id: OrgId,
    pub province_name: String,
    pub position: i64,
    pub reason: String,
    pub pushed_at: Option<DateTime<Utc>>,
}

/// Every table a row shows, for the page's (at most 100) rows only.
const ROW_TABLES: &str = "JOIN articles a ON a.id = pick.id \
     JOIN organisations p ON p.id = a.post_org_id \
     LEFT JOIN recommendations r ON r.article_id = a.id \
     LEFT JOIN organisations pv ON pv.id = r.province_org_id \
     LEFT JOIN organisations h ON h.id = a.holder_org_id";

impl QueueFilter<'_> {
    /// The tables the filter (and, for a page, the order) needs and no more: counting what an
    /// organisation holds then reads only its own index entries, not every post of its subtree.
    /// National's queues hold only what the provinces pushed, so they start from the lists (at
    /// most 50 a province) instead of every article.
    fn tables_sql(&self, with_order: bool) -> String {
        let mut sql = String::from(if self.pushed_only {
            "FROM recommendations r JOIN articles a ON a.id = r.article_id"
        } else {
            "FROM articles a"
        });
        if self.under_path.and_then(path_range).is_some() {
            sql.push_str(" JOIN organisations p ON p.id = a.post_org_id");
        }
        if with_order && self.order == QueueOrder::ProvinceList {
            if !self.pushed_only {
                sql.push_str(" LEFT JOIN recommendations r ON r.article_id = a.id");
            }
            sql.push_str(" LEFT JOIN organisations pv ON pv.id = r.province_org_id");
        }
        sql
    }

    fn where_sql(&self, values: &mut Vec<Value>) -> String {
        let mut sql = String::from("WHERE 1 = 1");
        if !self.statuses.is_empty() {
            let mut marks = Vec::new();
            for status in self.statuses {
                values.push(status.as_str().into());
                marks.push(format!("${}", values.len()));
            }
            sql.push_str(&format!(" AND a.status IN ({})", marks.join(", ")));
        }
        if let Some(holder) = self.holder {
            values.push(holder.0.into());
            sql.push_str(&format!(" AND a.holder_org_id = ${}", values.len()));
        }
        if let Some((low, high)) = self.under_path.and_then(path_range) {
            values.push(low.into());
            values.push(high.into());
            sql.push_str(&format!(
                " AND p.path >= ${} AND p.path < ${}",
                values.len() - 1,
                values.len()
            ));
        }
        if let Some(q) = self.title_contains.map(str::trim).filter(|q| !q.is_empty()) {
            values.push(format!("%{}%", like_literal(q)).into());
            sql.push_str(&format!(" AND a.title LIKE ${} ESCAPE '!'", values.len()));
        }
        if let Some(theme) = self.theme.filter(|t| !t.is_empty()) {
            values.push(format!("%,{},%", like_literal(theme)).into());
            sql.push_str(&format!(
                " AND a.theme_keys LIKE ${} ESCAPE '!'",
                values.len()
            ));
        }
        if self.pushed_only {
            sql.push_str(" AND r.pushed_at IS NOT NULL");
        }
        if let Some(org) = self.acted_on_by {
            values.push(org.0.into());
            sql.push_str(&format!(
                " AND a.id IN (SELECT e.article_id FROM article_events e WHERE e.org_id = ${})",
                values.len()
            ));
        }
        sql
    }

    fn order_sql(&self) -> &'static str {
        match self.order {
            QueueOrder::RecentlyChanged => "a.updated_at DESC, a.id DESC",
            QueueOrder::RecentlyPublished => "a.published_at DESC, a.id DESC",
            QueueOrder::ProvinceList => "pv.code, r.position, a.id",
        }
    }
}

/// How many articles match.
pub async fn count<C: ConnectionTrait>(db: &C, filter: &QueueFilter<'_>) -> StorageResult<u64> {
    let mut values = Vec::new();
    let where_sql = filter.where_sql(&mut values);
    let n = db
        .query_one_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            format!(
                "SELECT COUNT(*) AS n {} {where_sql}",
                filter.tables_sql(false)
            ),
            values,
        ))
        .await?
        .map(|row| row.try_get::<i64>("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A row of a page without its article: small enough to keep (`page_facts`), read into
/// [`QueueRow`]s by `rows`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowFacts {
    pub id: i64,
    pub post_name: String,
    pub province: Option<ListPlace>,
    pub holder_name: Option<String>,
}

/// One page of matching articles in the filter's order.
pub async fn page<C: ConnectionTrait>(
    db: &C,
    filter: &QueueFilter<'_>,
    offset: u64,
    limit: u64,
) -> StorageResult<Vec<QueueRow>> {
    let facts = page_facts(db, filter, offset, limit).await?;
    rows(db, &facts).await
}

/// The facts of one page of matching articles in the filter's order.
pub async fn page_facts<C: ConnectionTrait>(
    db: &C,
    filter: &QueueFilter<'_>,
    offset: u64,
    limit: u64,
) -> StorageResult<Vec<RowFacts>> {
    let mut values = Vec::new();
    let where_sql = filter.where_sql(&mut values);
    values.push(i64::try_from(limit).unwrap_or(i64::MAX).into());
    values.push(i64::try_from(offset).unwrap_or(i64::MAX).into());
    // The page's ids are chosen on the narrowing tables alone; the rows' facts are joined to
    // those ids only.
    let order = filter.order_sql();
    let sql = format!(
        "SELECT a.id AS id, p.name AS post_name, r.province_org_id AS province_id, \
         pv.name AS province_name, r.position AS position, r.reason AS reason, \
         r.pushed_at AS pushed_at, h.name AS holder_name \
         FROM (SELECT a.id AS id {} {where_sql} ORDER BY {order} LIMIT ${} OFFSET ${}) pick \
         {ROW_TABLES} ORDER BY {order}",
        filter.tables_sql(true),
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
    let facts = rows
        .iter()
        .map(|row| -> StorageResult<RowFacts> {
            let province_id: Option<i64> = row.try_get("", "province_id")?;
            let province = match province_id {
                Some(id) => Some(ListPlace {
                    province_id: OrgId(id),
                    province_name: row
                        .try_get::<Option<String>>("", "province_name")?
                        .unwrap_or_default(),
                    position: row.try_get::<Option<i64>>("", "position")?.unwrap_or(0),
                    reason: row
                        .try_get::<Option<String>>("", "reason")?
                        .unwrap_or_default(),
                    pushed_at: row.try_get("", "pushed_at")?,
                }),
                None => None,
            };
            Ok(RowFacts {
                id: row.try_get("", "id")?,
                post_name: row.try_get("", "post_name")?,
                province,
                holder_name: row.try_get("", "holder_name")?,
            })
        })
        .collect::<StorageResult<Vec<_>>>()?;
    Ok(facts)
}

/// The rows of a page: each fact with its article, in the facts' order (an article deleted
/// since is left out).
pub async fn rows<C: ConnectionTrait>(db: &C, facts: &[RowFacts]) -> StorageResult<Vec<QueueRow>> {
    let mut articles: HashMap<i64, Article> = article::Entity::find()
        .filter(article::Column::Id.is_in(facts.iter().map(|f| f.id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| to_article(m).map(|a| (a.id, a)))
        .collect::<StorageResult<_>>()?;
    Ok(facts
        .iter()
        .filter_map(|f| {
            articles.remove(&f.id).map(|article| QueueRow {
                article,
                post_name: f.post_name.clone(),
                province: f.province.clone(),
                holder_name: f.holder_name.clone(),
            })
        })
        .collect())
}
