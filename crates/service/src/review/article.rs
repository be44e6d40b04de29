//! One article as a reviewer sees it: text, history, revisions, the diff base (the version that
//! was last returned), the moves the reviewer may make now and the sensitive-word list whose
//! matches the page highlights.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::review::reviewer::{article_in_subtree, reviewer_level};
use jinguo_domain::review::{Holding, ReviewLevel, ReviewMove, holds};
use jinguo_storage::repo::articles::{self, Article, ArticleEvent, Revision};
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::recommendations::{self, Recommendation};
use jinguo_storage::repo::sensitive_words;

pub struct ReviewedArticle {
    pub article: Article,
    pub campaign: Campaign,
    pub post: Org,
    /// The federation recorded as holder, if any.
    pub holder: Option<Org>,
    pub events: Vec<ArticleEvent>,
    pub revisions: Vec<Revision>,
    /// The revision that was current when the article was last returned to the post.
    pub returned_revision: Option<Revision>,
    /// Its row in a province's list, with the reason (shown to national once pushed).
    pub recommendation: Option<Recommendation>,
    pub level: ReviewLevel,
    /// The moves the reviewer's federation may make now (empty when it does not hold it).
    pub moves: Vec<ReviewMove>,
    /// The national sensitive-word list, to highlight (never to change the text).
    pub sensitive_words: Vec<String>,
}

pub async fn review_article(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<ReviewedArticle> {
    let (level, _) = reviewer_level(who)?;
    let db = &ctx.db.conn;
    let article = article_in_subtree(db, who, id).await?;
    let campaign = campaigns::get(db, article.campaign_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let post = orgs::get(db, article.post_org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let holder = match article.holder_org_id {
        Some(id) => orgs::get(db, id).await?,
        None => None,
    };
    let events = articles::events(db, id).await?;
    let revisions = articles::revisions(db, id).await?;
    let returned_revision = last_returned(&events, &revisions);
    let recommendation = recommendations::for_article(db, id).await?;
    let holding = Holding {
        holder_is_reviewer: article.holder_org_id == Some(who.org.id),
        pushed: recommendation
            .as_ref()
            .is_some_and(|r| r.pushed_at.is_some()),
    };
    let moves = if holds(level, article.status, holding) {
        ReviewMove::available(level, article.status)
    } else {
        Vec::new()
    };
    let sensitive_words = sensitive_words::get(db)
        .await?
        .map(|list| list.words)
        .unwrap_or_default();
    Ok(ReviewedArticle {
        article,
        campaign,
        post,
        holder,
        events,
        revisions,
        returned_revision,
        recommendation,
        level,
        moves,
        sensitive_words,
    })
}

/// The revision that was current when the article was last returned to the post: as many
/// revisions as submissions recorded before that return (times may tie; the log's order does not).
fn last_returned(events: &[ArticleEvent], revisions: &[Revision]) -> Option<Revision> {
    let returned = events
        .iter()
        .rposition(|e| e.action == ReviewMove::Return.as_str())?;
    let submitted = events[..returned]
        .iter()
        .filter(|e| matches!(e.action.as_str(), "submit" | "resubmit"))
        .count();
    let number = i32::try_from(submitted).ok()?;
    revisions.iter().find(|r| r.revision == number).cloned()
}
