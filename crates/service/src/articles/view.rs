//! Reading a post's own articles: lists by status, one article with its history and revisions.

use crate::actor::{SignedIn, permit_for};
use crate::articles::draft::own_article;
use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_domain::Action;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::limits::PageWindow;
use jinguo_storage::repo::articles::{self, Article, ArticleEvent, Revision};
use jinguo_storage::repo::campaigns::{self, Campaign};
use std::collections::HashMap;

pub struct MyArticles {
    pub articles: Vec<Article>,
    pub total: u64,
    pub counts: Vec<(ArticleStatus, u64)>,
    /// The latest reviewer's comment on each listed article that has one.
    pub comments: HashMap<i64, ArticleEvent>,
}

pub async fn list_mine(
    ctx: &Ctx,
    who: &SignedIn,
    statuses: &[ArticleStatus],
    page: u64,
    per_page: u64,
) -> ServiceResult<MyArticles> {
    let window = PageWindow::clamped(page, per_page);
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let db = &ctx.db.conn;
    let (articles, total) =
        articles::list_for_post(db, who.org.id, statuses, window.per_page, window.offset()).await?;
    let counts = articles::status_counts(db, who.org.id).await?;
    let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
    let comments = articles::latest_comments(db, &ids).await?;
    Ok(MyArticles {
        articles,
        total,
        counts,
        comments,
    })
}

pub struct ArticleDetail {
    pub article: Article,
    pub campaign: Campaign,
    pub events: Vec<ArticleEvent>,
    pub revisions: Vec<Revision>,
}

pub async fn detail(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<ArticleDetail> {
    let article = own_article(ctx, who, id).await?;
    let db = &ctx.db.conn;
    let campaign = campaigns::get(db, article.campaign_id)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    let events = articles::events(db, id).await?;
    let revisions = articles::revisions(db, id).await?;
    Ok(ArticleDetail {
        article,
        campaign,
        events,
        revisions,
    })
}
