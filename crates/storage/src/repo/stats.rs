//! Reads behind the dashboards and exports: the submitted articles of a campaign in a subtree
//! (a few small columns each, so 100,000 articles fit in one read), their first submission
//! dates, their themes, and pages of articles and review events for the exports (keyset by id).

use crate::entity::{article, article_event, article_revision, organisation};
use crate::error::StorageResult;
use crate::repo::articles::{Article, to_article};
use crate::repo::path_range;
use chrono::{DateTime, Utc};
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::org::OrgPath;
use sea_orm::Condition;
use sea_orm::sea_query::{Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;

/// Submitted articles as the figures need them: how many of one post's are in one status with
/// one holder. Counted by the database, so that a national dashboard reads one row per post and
/// state (≈ 20,000), not one per article (100,000 at ~4 µs a row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    pub post_path: OrgPath,
    pub status: ArticleStatus,
    pub holder: Option<OrgId>,
    pub articles: u64,
}

/// Articles written at or below `path`: a post id in the subtree's range of the path index, or
/// no condition at all for the root (at national scale, a 10,000-id subquery for nothing).
fn written_under(path: &OrgPath) -> Condition {
    match path_range(path.as_str()) {
        Some((low, high)) => Condition::all().add(
            article::Column::PostOrgId.in_subquery(
                Query::select()
                    .column(organisation::Column::Id)
                    .from(organisation::Entity)
                    .and_where(organisation::Column::Path.gte(low))
                    .and_where(organisation::Column::Path.lt(high))
                    .to_owned(),
            ),
        ),
        None => Condition::all(),
    }
}

/// The campaign's articles written at or below `path` and submitted at least once.
fn submitted_under(campaign_id: i64, path: &OrgPath) -> Condition {
    Condition::all()
        .add(article::Column::CampaignId.eq(campaign_id))
        .add(article::Column::Revision.gte(1))
        .add(written_under(path))
}

/// Ids of those articles, as a subquery.
fn submitted_ids(campaign_id: i64, path: &OrgPath) -> SelectStatement {
    Query::select()
        .column(article::Column::Id)
        .from(article::Entity)
        .cond_where(submitted_under(campaign_id, path))
        .to_owned()
}

/// The articles of the campaign written at or below `path` that have been submitted at least
/// once (revision ≥ 1, whatever their status now), counted per post, status and holder, in no
/// particular order (so that the campaign's figures index answers it alone).
pub async fn facts<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    path: &OrgPath,
) -> StorageResult<Vec<Fact>> {
    let rows: Vec<(i64, String, Option<i64>, i64)> = article::Entity::find()
        .select_only()
        .column(article::Column::PostOrgId)
        .column(article::Column::Status)
        .column(article::Column::HolderOrgId)
        .column_as(article::Column::Id.count(), "articles")
        .filter(submitted_under(campaign_id, path))
        .group_by(article::Column::PostOrgId)
        .group_by(article::Column::Status)
        .group_by(article::Column::HolderOrgId)
        .into_tuple()
        .all(db)
        .await?;
    let paths: HashMap<i64, String> = organisation::Entity::find()
        .select_only()
        .column(organisation::Column::Id)
        .column(organisation::Column::Path)
        .apply_if(path_range(path.as_str()), |q, (low, high)| {
            q.filter(organisation::Column::Path.gte(low))
                .filter(organisation::Column::Path.lt(high))
        })
        .into_tuple::<(i64, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .filter_map(|(post, status, holder, articles)| {
            Some(Fact {
                post_path: OrgPath::from_stored(paths.get(&post)?.clone()),
                status: ArticleStatus::parse(&status)?,
                holder: holder.map(OrgId),
                articles: u64::try_from(articles).unwrap_or(0),
            })
        })
        .collect())
}

/// When each of those articles was first submitted (its revision 1).
pub async fn first_submissions<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    path: &OrgPath,
) -> StorageResult<Vec<DateTime<Utc>>> {
    Ok(article_revision::Entity::find()
        .select_only()
        .column(article_revision::Column::SubmittedAt)
        .filter(article_revision::Column::Revision.eq(1))
        .filter(article_revision::Column::ArticleId.in_subquery(submitted_ids(campaign_id, path)))
        .into_tuple()
        .all(db)
        .await?)
}

/// The stored content (JSON) of those articles with id above `after`, at most `limit`, by id:
/// the caller reads the themes out of it page by page.
pub async fn contents_page<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    path: &OrgPath,
    after: i64,
    limit: u64,
) -> StorageResult<Vec<(i64, String)>> {
    Ok(article::Entity::find()
        .select_only()
        .column(article::Column::Id)
        .column(article::Column::Content)
        .filter(submitted_under(campaign_id, path))
        .filter(article::Column::Id.gt(after))
        .order_by_asc(article::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// A page of those articles in full, by id above `after`, optionally of one status.
pub async fn articles_page<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    path: &OrgPath,
    status: Option<ArticleStatus>,
    after: i64,
    limit: u64,
) -> StorageResult<Vec<Article>> {
    let mut select = article::Entity::find()
        .filter(submitted_under(campaign_id, path))
        .filter(article::Column::Id.gt(after));
    if let Some(status) = status {
        select = select.filter(article::Column::Status.eq(status.as_str()));
    }
    select
        .order_by_asc(article::Column::Id)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(to_article)
        .collect()
}

/// First submission time and latest non-empty review comment of each article.
pub async fn submission_notes<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> StorageResult<HashMap<i64, (Option<DateTime<Utc>>, String)>> {
    let mut out: HashMap<i64, (Option<DateTime<Utc>>, String)> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let firsts: Vec<(i64, DateTime<Utc>)> = article_revision::Entity::find()
        .select_only()
        .column(article_revision::Column::ArticleId)
        .column(article_revision::Column::SubmittedAt)
        .filter(article_revision::Column::Revision.eq(1))
        .filter(article_revision::Column::ArticleId.is_in(ids.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    for (id, at) in firsts {
        out.entry(id).or_default().0 = Some(at);
    }
    let comments: Vec<(i64, String)> = article_event::Entity::find()
        .select_only()
        .column(article_event::Column::ArticleId)
        .column(article_event::Column::Comment)
        .filter(article_event::Column::ArticleId.is_in(ids.to_vec()))
        .filter(article_event::Column::Comment.ne(""))
        .order_by_asc(article_event::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    for (id, comment) in comments {
        out.entry(id).or_default().1 = comment;
    }
    Ok(out)
}

pub type Event = article_event::Model;

/// The review history of the campaign's articles written at or below `path`, a page of
/// articles at a time: the events of the articles with id above `after` (at most `limit`
/// articles), by article then event. Returns the events and the last article id of the page.
pub async fn events_page<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    path: &OrgPath,
    after: i64,
    limit: u64,
) -> StorageResult<(Vec<Event>, Option<i64>)> {
    let ids: Vec<i64> = article::Entity::find()
        .select_only()
        .column(article::Column::Id)
        .filter(submitted_under(campaign_id, path))
        .filter(article::Column::Id.gt(after))
        .order_by_asc(article::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?;
    let Some(last) = ids.last().copied() else {
        return Ok((Vec::new(), None));
    };
    let events = article_event::Entity::find()
        .filter(article_event::Column::ArticleId.is_in(ids))
        .order_by_asc(article_event::Column::ArticleId)
        .order_by_asc(article_event::Column::Id)
        .all(db)
        .await?;
    Ok((events, Some(last)))
}

/// Title and post of each article, to label history rows. While a post edits a returned or
/// withdrawn article, the title is the one last submitted, never the working draft's.
pub async fn article_labels<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> StorageResult<HashMap<i64, (String, OrgId)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i64, String, i64, String, i32)> = article::Entity::find()
        .select_only()
        .column(article::Column::Id)
        .column(article::Column::Title)
        .column(article::Column::PostOrgId)
        .column(article::Column::Status)
        .column(article::Column::Revision)
        .filter(article::Column::Id.is_in(ids.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    let being_edited: Vec<(i64, i32)> = rows
        .iter()
        .filter(|(_, _, _, status, _)| {
            ArticleStatus::parse(status).is_some_and(ArticleStatus::is_editable_by_post)
        })
        .map(|(id, _, _, _, revision)| (*id, *revision))
        .collect();
    let mut submitted = crate::repo::articles::last_submitted(db, &being_edited).await?;
    Ok(rows
        .into_iter()
        .map(|(id, title, post, _, _)| {
            let title = submitted
                .remove(&id)
                .map_or(title, |revision| revision.content.title);
            (id, (title, OrgId(post)))
        })
        .collect())
}

/// How many of those articles carry each combination of themes (`,guard,rural,` → n): a
/// handful of groups, so the dashboard never reads the articles' content.
pub async fn theme_key_counts<C: ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    path: &OrgPath,
) -> StorageResult<Vec<(String, u64)>> {
    let rows: Vec<(String, i64)> = article::Entity::find()
        .select_only()
        .column(article::Column::ThemeKeys)
        .column_as(article::Column::Id.count(), "n")
        .filter(submitted_under(campaign_id, path))
        .group_by(article::Column::ThemeKeys)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(keys, n)| (keys, u64::try_from(n).unwrap_or(0)))
        .collect())
}
