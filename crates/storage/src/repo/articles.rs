//! Articles: drafts, status moves guarded by a version, submitted revisions and the event log.

use crate::entity::{article, article_event, article_revision};
use crate::error::{StorageError, StorageResult};
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::content::ArticleContent;
use jinguo_domain::{AccountId, Action, OrgId, Permit};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: i64,
    pub campaign_id: i64,
    pub post_org_id: OrgId,
    pub author_id: AccountId,
    pub status: ArticleStatus,
    pub holder_org_id: Option<OrgId>,
    pub review_started: bool,
    pub content: ArticleContent,
    pub word_count: i32,
    pub version: i32,
    pub revision: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

fn parse_content(id: i64, json: &str) -> StorageResult<ArticleContent> {
    serde_json::from_str(json)
        .map_err(|e| StorageError::Corrupt(format!("article {id} content: {e}")))
}

fn content_json(content: &ArticleContent) -> StorageResult<String> {
    serde_json::to_string(content).map_err(|e| StorageError::Corrupt(e.to_string()))
}

pub(crate) fn to_article(m: article::Model) -> StorageResult<Article> {
    Ok(Article {
        content: parse_content(m.id, &m.content)?,
        id: m.id,
        campaign_id: m.campaign_id,
        post_org_id: OrgId(m.post_org_id),
        author_id: AccountId(m.author_id),
        status: ArticleStatus::parse(&m.status)
            .ok_or_else(|| StorageError::Corrupt(format!("status {}", m.status)))?,
        holder_org_id: m.holder_org_id.map(OrgId),
        review_started: m.review_started,
        word_count: m.word_count,
        version: m.version,
        revision: m.revision,
        created_at: m.created_at,
        updated_at: m.updated_at,
        submitted_at: m.submitted_at,
    })
}

/// The article's theme keys as `,key,key,` (empty without themes), so a queue filters a theme
/// with one `LIKE '%,key,%'`.
fn theme_keys(content: &ArticleContent) -> String {
    if content.themes.is_empty() {
        return String::new();
    }
    format!(",{},", content.themes.join(","))
}

/// `theme_keys` of stored content JSON; unreadable content has none (reading the article
/// itself reports it as corrupt).
pub(crate) fn theme_keys_of_json(json: &str) -> String {
    serde_json::from_str::<ArticleContent>(json)
        .map(|content| theme_keys(&content))
        .unwrap_or_default()
}

fn word_count(content: &ArticleContent) -> i32 {
    i32::try_from(content.word_count()).unwrap_or(i32::MAX)
}

/// Starts a draft for a post; the permit is `SubmitArticle` on the post.
pub async fn insert_draft<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    campaign_id: i64,
    content: &ArticleContent,
    now: DateTime<Utc>,
) -> StorageResult<Article> {
    require(permit, Action::SubmitArticle, permit.org())?;
    let model = article::ActiveModel {
        campaign_id: Set(campaign_id),
        post_org_id: Set(permit.org().0),
        author_id: Set(permit.actor().0),
        status: Set(ArticleStatus::Draft.as_str().to_string()),
        holder_org_id: Set(None),
        review_started: Set(false),
        title: Set(content.title.chars().take(200).collect()),
        content: Set(content_json(content)?),
        theme_keys: Set(theme_keys(content)),
        cover_media: Set(content.cover_image().map(str::to_string)),
        word_count: Set(word_count(content)),
        version: Set(1),
        revision: Set(0),
        created_at: Set(now),
        updated_at: Set(now),
        submitted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    to_article(model)
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<Article>> {
    article::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_article)
        .transpose()
}

/// Articles by id, in one query per 500 (a list's rows, not one query each).
pub async fn get_many<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> StorageResult<HashMap<i64, Article>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let models = article::Entity::find()
            .filter(article::Column::Id.is_in(chunk.to_vec()))
            .all(db)
            .await?;
        for model in models {
            let article = to_article(model)?;
            out.insert(article.id, article);
        }
    }
    Ok(out)
}

/// Saves new text if the article is still at `expected_version`; returns the new version.
/// A stale version is a `Conflict`: someone (another tab, a reviewer) changed it meanwhile.
pub async fn save_content<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    article: &Article,
    content: &ArticleContent,
    expected_version: i32,
    now: DateTime<Utc>,
) -> StorageResult<i32> {
    require(permit, Action::SubmitArticle, article.post_org_id)?;
    let result = article::Entity::update_many()
        .col_expr(
            article::Column::Title,
            Expr::value(content.title.chars().take(200).collect::<String>()),
        )
        .col_expr(
            article::Column::Content,
            Expr::value(content_json(content)?),
        )
        .col_expr(article::Column::ThemeKeys, Expr::value(theme_keys(content)))
        .col_expr(
            article::Column::CoverMedia,
            Expr::value(content.cover_image().map(str::to_string)),
        )
        .col_expr(article::Column::WordCount, Expr::value(word_count(content)))
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

/// A status move, applied only if the article is still at `expected_version`.
pub struct StatusChange {
    pub to: ArticleStatus,
    pub holder: Option<OrgId>,
    pub review_started: bool,
    /// Set when this move submits a new version.
    pub submitted: bool,
}

pub async fn change_status<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    article: &Article,
    change: &StatusChange,
    expected_version: i32,
    now: DateTime<Utc>,
) -> StorageResult<i32> {
    if permit.org() != article.post_org_id && Some(permit.org()) != article.holder_org_id {
        return Err(StorageError::PermitMismatch(
            "permit covers neither the post nor the holder",
        ));
    }
    let mut update = article::Entity::update_many()
        .col_expr(article::Column::Status, Expr::value(change.to.as_str()))
        .col_expr(
            article::Column::HolderOrgId,
            Expr::value(change.holder.map(|h| h.0)),
        )
        .col_expr(
            article::Column::ReviewStarted,
            Expr::value(change.review_started),
        )
        .col_expr(
            article::Column::Version,
            Expr::col(article::Column::Version).add(1),
        )
        .col_expr(article::Column::UpdatedAt, Expr::value(now));
    if change.submitted {
        update = update
            .col_expr(
                article::Column::Revision,
                Expr::col(article::Column::Revision).add(1),
            )
            .col_expr(article::Column::SubmittedAt, Expr::value(Some(now)));
    }
    let result = update
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

/// Keeps a submitted version for later comparison.
pub async fn add_revision<C: ConnectionTrait>(
    db: &C,
    article: &Article,
    revision: i32,
    by: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    article_revision::ActiveModel {
        article_id: Set(article.id),
        revision: Set(revision),
        title: Set(article.content.title.chars().take(200).collect()),
        content: Set(content_json(&article.content)?),
        word_count: Set(word_count(&article.content)),
        submitted_at: Set(now),
        submitted_by: Set(by.0),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub revision: i32,
    pub content: ArticleContent,
    pub word_count: i32,
    pub submitted_at: DateTime<Utc>,
}

pub async fn revisions<C: ConnectionTrait>(db: &C, article: i64) -> StorageResult<Vec<Revision>> {
    article_revision::Entity::find()
        .filter(article_revision::Column::ArticleId.eq(article))
        .order_by_asc(article_revision::Column::Revision)
        .all(db)
        .await?
        .into_iter()
        .map(|m| {
            Ok(Revision {
                content: parse_content(m.article_id, &m.content)?,
                revision: m.revision,
                word_count: m.word_count,
                submitted_at: m.submitted_at,
            })
        })
        .collect()
}

/// The last submitted revision of each article (the one numbered `article.revision`), for
/// showing federations what was submitted while the post edits a returned article.
pub async fn last_submitted<C: ConnectionTrait>(
    db: &C,
    articles: &[(i64, i32)],
) -> StorageResult<std::collections::HashMap<i64, Revision>> {
    let wanted: std::collections::HashMap<i64, i32> = articles.iter().copied().collect();
    if wanted.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    let mut found = std::collections::HashMap::new();
    for m in article_revision::Entity::find()
        .filter(article_revision::Column::ArticleId.is_in(wanted.keys().copied()))
        .all(db)
        .await?
    {
        if wanted.get(&m.article_id) == Some(&m.revision) {
            found.insert(
                m.article_id,
                Revision {
                    content: parse_content(m.article_id, &m.content)?,
                    revision: m.revision,
                    word_count: m.word_count,
                    submitted_at: m.submitted_at,
                },
            );
        }
    }
    Ok(found)
}

pub type ArticleEvent = article_event::Model;

pub struct NewEvent<'a> {
    pub article_id: i64,
    pub actor_id: AccountId,
    pub actor_name: &'a str,
    pub org_id: OrgId,
    pub org_name: &'a str,
    pub from: ArticleStatus,
    pub to: ArticleStatus,
    pub action: &'a str,
    pub comment: &'a str,
}

/// Appends to the article's history (nothing updates or deletes these rows).
pub async fn add_event<C: ConnectionTrait>(
    db: &C,
    event: &NewEvent<'_>,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    article_event::ActiveModel {
        article_id: Set(event.article_id),
        at: Set(now),
        actor_id: Set(event.actor_id.0),
        actor_name: Set(event.actor_name.chars().take(80).collect()),
        org_id: Set(event.org_id.0),
        org_name: Set(event.org_name.to_string()),
        from_status: Set(event.from.as_str().to_string()),
        to_status: Set(event.to.as_str().to_string()),
        action: Set(event.action.to_string()),
        comment: Set(event.comment.to_string()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

pub async fn events<C: ConnectionTrait>(db: &C, article: i64) -> StorageResult<Vec<ArticleEvent>> {
    Ok(article_event::Entity::find()
        .filter(article_event::Column::ArticleId.eq(article))
        .order_by_asc(article_event::Column::At)
        .order_by_asc(article_event::Column::Id)
        .all(db)
        .await?)
}

/// The latest reviewer's comment on each of `ids` (a return's reason, a review note), with the
/// organisation that wrote it and when: the 我的稿件 list and the post's workbench. A push's
/// comment is the province's recommendation reason, written for national, and is left out.
pub async fn latest_comments<C: ConnectionTrait>(
    db: &C,
    ids: &[i64],
) -> StorageResult<HashMap<i64, ArticleEvent>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let events = article_event::Entity::find()
        .filter(article_event::Column::ArticleId.is_in(ids.to_vec()))
        .filter(article_event::Column::Comment.ne(""))
        .filter(article_event::Column::Action.ne("push"))
        .order_by_desc(article_event::Column::At)
        .order_by_desc(article_event::Column::Id)
        .all(db)
        .await?;
    let mut latest = HashMap::new();
    for event in events {
        latest.entry(event.article_id).or_insert(event);
    }
    Ok(latest)
}

/// A post's articles, newest first, optionally of some statuses.
pub async fn list_for_post<C: ConnectionTrait>(
    db: &C,
    post: OrgId,
    statuses: &[ArticleStatus],
    limit: u64,
    offset: u64,
) -> StorageResult<(Vec<Article>, u64)> {
    let mut select = article::Entity::find().filter(article::Column::PostOrgId.eq(post.0));
    if !statuses.is_empty() {
        select = select.filter(
            article::Column::Status.is_in(statuses.iter().map(|s| s.as_str()).collect::<Vec<_>>()),
        );
    }
    let total = select.clone().count(db).await?;
    let rows = select
        .order_by_desc(article::Column::UpdatedAt)
        .order_by_desc(article::Column::Id)
        .limit(limit)
        .offset(offset)
        .all(db)
        .await?;
    Ok((
        rows.into_iter()
            .map(to_article)
            .collect::<StorageResult<_>>()?,
        total,
    ))
}

/// How many of a post's articles are in each status.
pub async fn status_counts<C: ConnectionTrait>(
    db: &C,
    post: OrgId,
) -> StorageResult<Vec<(ArticleStatus, u64)>> {
    let rows: Vec<(String, i64)> = article::Entity::find()
        .select_only()
        .column(article::Column::Status)
        .column_as(article::Column::Id.count(), "n")
        .filter(article::Column::PostOrgId.eq(post.0))
        .group_by(article::Column::Status)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(s, n)| ArticleStatus::parse(&s).map(|s| (s, u64::try_from(n).unwrap_or(0))))
        .collect())
}

/// The posts with an article whose submitted revision shows the image `media` (a block or the
/// cover): federations above those posts may see its original. The text match narrows the
/// rows; the parsed content decides.
pub async fn posts_showing_in_submission<C: ConnectionTrait>(
    db: &C,
    media: &str,
) -> StorageResult<Vec<OrgId>> {
    let pattern = format!(
        "%{}%",
        media
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    let rows = db
        .query_all_raw(sea_orm::Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT a.post_org_id, r.article_id, r.content FROM article_revisions r \
             JOIN articles a ON a.id = r.article_id \
             WHERE r.content LIKE $1 ESCAPE '\\' ORDER BY r.article_id, r.revision",
            [pattern.into()],
        ))
        .await?;
    let mut posts = Vec::new();
    for row in rows {
        let post = OrgId(row.try_get::<i64>("", "post_org_id")?);
        let article: i64 = row.try_get("", "article_id")?;
        let content = parse_content(article, &row.try_get::<String>("", "content")?)?;
        let shows = content.images().any(|m| m == media) || content.cover.as_deref() == Some(media);
        if shows && !posts.contains(&post) {
            posts.push(post);
        }
    }
    Ok(posts)
}
