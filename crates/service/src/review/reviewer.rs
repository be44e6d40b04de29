//! Who may review, and which article a reviewer may see.

use crate::actor::{SignedIn, permit_for};
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::access::{ArticleFacts, ArticleSight, article_sight};
use jinguo_domain::review::ReviewLevel;
use jinguo_domain::{Action, Permit};
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::articles::{self, Article};
use jinguo_storage::repo::orgs;

/// The signed-in reviewer's level and the permit to review at their own federation.
pub fn reviewer_level(who: &SignedIn) -> ServiceResult<(ReviewLevel, Permit)> {
    let permit = permit_for(&who.actor, Action::ReviewArticles, &who.org)?;
    let level = ReviewLevel::of(who.org.kind).ok_or(ServiceError::Forbidden)?;
    Ok((level, permit))
}

/// An article written in the reviewer's subtree, as the policy lets the reviewer see it: never
/// submitted reads as missing, and while the post edits it again the text is the last
/// submitted revision ([`article_sight`]); anything outside the subtree reads as missing.
pub(crate) async fn article_in_subtree<C: ConnectionTrait>(
    db: &C,
    who: &SignedIn,
    id: i64,
) -> ServiceResult<Article> {
    let article = articles::get(db, id).await?.ok_or(ServiceError::NotFound)?;
    let post = orgs::get(db, article.post_org_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    permit_for(&who.actor, Action::ViewArticles, &post)?;
    as_seen_by(db, who, article).await
}

/// Applies [`article_sight`] to an article the actor may view (the permit was checked).
pub(crate) async fn as_seen_by<C: ConnectionTrait>(
    db: &C,
    who: &SignedIn,
    mut article: Article,
) -> ServiceResult<Article> {
    let facts = ArticleFacts {
        post: article.post_org_id,
        ever_submitted: article.revision > 0 || article.submitted_at.is_some(),
        editable_by_post: article.status.is_editable_by_post(),
    };
    match article_sight(&who.actor, facts) {
        ArticleSight::Working => Ok(article),
        ArticleSight::Hidden => Err(ServiceError::NotFound),
        ArticleSight::LastSubmitted => {
            let last = articles::revisions(db, article.id)
                .await?
                .pop()
                .ok_or(ServiceError::NotFound)?;
            article.content = last.content;
            article.word_count = last.word_count;
            Ok(article)
        }
    }
}
