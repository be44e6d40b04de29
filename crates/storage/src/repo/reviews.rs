//! The federations' side of articles: review queues, the province's recommendation count, the
//! per-organisation lock that serializes review moves, the reviewed status change, and how many
//! articles each subordinate unit has submitted.

use crate::entity::{article, organisation};
use crate::error::{StorageError, StorageResult};
use crate::repo::articles::Article;
use crate::repo::path_range;
use chrono::{DateTime, Utc};
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::org::OrgPath;
use jinguo_domain::{Action, OrgId, Permit};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Statement,
};

/// Statuses that take a place in a province's list: recommended, and what national published
/// from it (a rejected or returned article frees its place).
pub const IN_PROVINCE_LIST: [ArticleStatus; 3] = [
    ArticleStatus::Recommended,
    ArticleStatus::Published,
    ArticleStatus::Featured,
];

/// Serializes review moves of one organisation until the transaction ends. A no-op `UPDATE`
/// of the organisation's row: on PostgreSQL it row-locks it (later statements of the
/// transaction, under READ COMMITTED, see everything committed before the lock was granted);
/// on SQLite it takes the database's write lock as the transaction's first statement, so no
/// read snapshot goes stale before the write. Call it first in the transaction.
pub async fn lock_org<C: ConnectionTrait>(db: &C, org: OrgId) -> StorageResult<()> {
    organisation::Entity::update_many()
        .col_expr(
            organisation::Column::UpdatedAt,
            Expr::col(organisation::Column::UpdatedAt),
        )
        .filter(organisation::Column::Id.eq(org.0))
        .exec(db)
        .await?;
    Ok(())
}

/// How many of a campaign's articles take a place in the province's list.
pub async fn count_in_list<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    province: OrgId,
) -> StorageResult<u64> {
    Ok(article::Entity::find()
        .filter(article::Column::CampaignId.eq(campaign_id))
        .filter(article::Column::HolderOrgId.eq(province.0))
        .filter(
            article::Column::Status.is_in(
                IN_PROVINCE_LIST
                    .iter()
                    .map(|s| s.as_str())
                    .collect::<Vec<_>>(),
            ),
        )
        .count(db)
        .await?)
}

/// A reviewer's move: new status and holder, review started, applied only if the article is
/// still at `expected_version`; returns the new version. The permit must be a review permit of a
/// federation above the article's post; whether that federation holds the article now is decided
/// by the service with `jinguo_domain::review::holds`.
pub async fn apply_review<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    article: &Article,
    to: ArticleStatus,
    holder: Option<OrgId>,
    expected_version: i32,
    now: DateTime<Utc>,
) -> StorageResult<i32> {
    super::require_over(db, permit, Action::ReviewArticles, article.post_org_id).await?;
    let mut update = article::Entity::update_many();
    // The public dates follow the status: publishing stamps the day it went public (kept when it
    // is later featured), featuring stamps its own, anything else takes it off the showcase.
    match to {
        ArticleStatus::Published if article.status != ArticleStatus::Featured => {
            update = update
                .col_expr(article::Column::PublishedAt, Expr::value(now))
                .col_expr(
                    article::Column::FeaturedAt,
                    Expr::value(None::<DateTime<Utc>>),
                );
        }
        ArticleStatus::Published => {
            update = update.col_expr(
                article::Column::FeaturedAt,
                Expr::value(None::<DateTime<Utc>>),
            );
        }
        ArticleStatus::Featured => {
            update = update.col_expr(article::Column::FeaturedAt, Expr::value(now));
        }
        _ => {}
    }
    if to.is_public() {
        let keys = format!(",{},", article.content.themes.join(","));
        update = update.col_expr(article::Column::PublicThemes, Expr::value(keys));
    } else {
        update = update.col_expr(article::Column::PublicThemes, Expr::value(None::<String>));
    }
    match to {
        ArticleStatus::Published | ArticleStatus::Featured => {}
        _ => {
            update = update
                .col_expr(
                    article::Column::PublishedAt,
                    Expr::value(None::<DateTime<Utc>>),
                )
                .col_expr(
                    article::Column::FeaturedAt,
                    Expr::value(None::<DateTime<Utc>>),
                );
        }
    }
    let result = update
        .col_expr(article::Column::Status, Expr::value(to.as_str()))
        .col_expr(
            article::Column::HolderOrgId,
            Expr::value(holder.map(|h| h.0)),
        )
        .col_expr(article::Column::ReviewStarted, Expr::value(true))
        .col_expr(
            article::Column::Version,
            Expr::col(article::Column::Version).add(1),
        )
        .col_expr(article::Column::UpdatedAt, Expr::value(now))
        .filter(article::Column::Id.eq(article.id))
        .filter(article::Column::Version.eq(expected_version))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StorageError::Conflict(
            "the article changed meanwhile".into(),
        ));
    }
    Ok(expected_version + 1)
}

/// One direct subordinate unit and, in one campaign, how many articles its subtree has
/// submitted and how many take a place in its own list (a province's 推荐名单).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitSubmissions {
    pub org_id: OrgId,
    pub submitted: u64,
    pub in_list: u64,
}

/// For each organisation directly below `parent`, how many articles of the campaign have ever
/// been submitted (revision ≥ 1, whatever their status now) by posts in its subtree, and how
/// many of them it holds in a status that takes a list place. One query: the campaign's
/// submitted articles joined to their posts' paths, matched by prefix to each child's path.
pub async fn submissions_by_child<C: ConnectionTrait>(
    db: &C,
    parent: OrgId,
    parent_path: &OrgPath,
    campaign_id: i64,
) -> StorageResult<Vec<UnitSubmissions>> {
    // Under the root: every article (no range, see `path_range`).
    let (low, high) = path_range(parent_path.as_str())
        .unwrap_or_else(|| (String::new(), "\u{10FFFF}".to_string()));
    let listed = IN_PROVINCE_LIST
        .iter()
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT o.id AS id, COUNT(s.path) AS n, \
         COALESCE(SUM(CASE WHEN s.holder = o.id AND s.status IN ({listed}) THEN 1 ELSE 0 END), 0) AS listed \
         FROM organisations o \
         LEFT JOIN (SELECT p.path AS path, a.holder_org_id AS holder, a.status AS status FROM articles a \
                    JOIN organisations p ON p.id = a.post_org_id \
                    WHERE a.campaign_id = $2 AND a.revision >= 1 \
                      AND p.path >= $3 AND p.path < $4) s \
           ON SUBSTR(s.path, 1, LENGTH(o.path)) = o.path \
         WHERE o.parent_id = $1 \
         GROUP BY o.id"
    );
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            [parent.0.into(), campaign_id.into(), low.into(), high.into()],
        ))
        .await?;
    rows.into_iter()
        .map(|row| -> StorageResult<UnitSubmissions> {
            let n: i64 = row.try_get("", "n")?;
            let listed: i64 = row.try_get("", "listed")?;
            Ok(UnitSubmissions {
                org_id: OrgId(row.try_get("", "id")?),
                submitted: u64::try_from(n).unwrap_or(0),
                in_list: u64::try_from(listed).unwrap_or(0),
            })
        })
        .collect()
}

/// The writing post of every article of the campaign that has been submitted and not taken back
/// to draft, once per article (a post with two articles appears twice).
pub async fn submitted_posts<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
) -> StorageResult<Vec<OrgId>> {
    let rows: Vec<i64> = article::Entity::find()
        .select_only()
        .column(article::Column::PostOrgId)
        .filter(article::Column::CampaignId.eq(campaign_id))
        .filter(article::Column::Status.ne(ArticleStatus::Draft.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(OrgId).collect())
}
