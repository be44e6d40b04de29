//! Who may review, and which article a reviewer may see.

use crate::actor::{SignedIn, permit_for};
use crate::error::{ServiceError, ServiceResult};
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

/// An article written in the reviewer's subtree; anything else reads as missing.
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
    Ok(article)
}
