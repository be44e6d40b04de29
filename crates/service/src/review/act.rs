//! A reviewer's move on one article, and a batch of like moves. Every move is
//! one transaction: the reviewer's federation is locked first (so a province's quota count and
//! its recommendation cannot interleave with another's), then the version-guarded status change
//! and the history record with the reviewer, their federation's current name and the comment,
//! and the inbox messages the move causes. A recommendation puts the article at the end of the
//! province's list (推荐名单); a move that takes it out of the list (recall, return to the
//! province, reject, unpublish) removes its row.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::inbox;
use crate::review::reviewer::{article_in_subtree, reviewer_level};
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::limits::Limited;
use jinguo_domain::review::{
    Holder, Holding, ReviewMove, ReviewRefused, check_comment, check_quota, holds, next_review,
};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::StorageError;
use jinguo_storage::repo::articles::{self, Article, NewEvent};
use jinguo_storage::repo::public_changes::{self, ChangeKind};
use jinguo_storage::repo::{campaigns, recommendations, reviews};

/// Makes `mv` on article `id` if it is still at `expected_version`. Returns the saved article.
pub async fn act(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
    mv: ReviewMove,
    comment: &str,
    expected_version: Option<i32>,
) -> ServiceResult<Article> {
    let (level, permit) = reviewer_level(who)?;
    let comment = check_comment(mv, comment)
        .map_err(|_| ServiceError::Invalid(FieldErrors::single("comment", FieldIssue::Required)))?;
    Limited::Comment
        .check_chars(&comment)
        .map_err(|issue| FieldErrors::single("comment", issue))?;
    let txn = ctx.db.begin_write().await?;
    reviews::lock_org(&txn, who.org.id).await?;
    let article = article_in_subtree(&txn, who, id).await?;
    // The move itself first: a recall of what national has meanwhile published says so, rather
    // than only that the page was stale.
    let (to, holder) = next_review(article.status, level, mv).map_err(ServiceError::Review)?;
    if expected_version.is_some_and(|v| v != article.version) {
        return Err(stale());
    }
    let listed = recommendations::for_article(&txn, article.id).await?;
    let holding = Holding {
        holder_is_reviewer: article.holder_org_id == Some(who.org.id),
        pushed: listed.as_ref().is_some_and(|r| r.pushed_at.is_some()),
    };
    if !holds(level, article.status, holding) {
        return Err(ServiceError::Review(ReviewRefused::NotHolder));
    }
    let campaign = campaigns::get(&txn, article.campaign_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    campaign
        .rules
        .check_window(mv.phase(), ctx.clock.today_in_china())
        .map_err(ServiceError::WindowClosed)?;
    if mv.uses_quota()
        && let Some(quotas) = campaign.rules.quotas
    {
        let used = reviews::count_in_list(&txn, campaign.id, who.org.id).await?;
        check_quota(used, quotas.provincial_max).map_err(ServiceError::Review)?;
    }
    let holder = match holder {
        Holder::Parent => Some(who.org.parent_id.ok_or(ServiceError::NotFound)?),
        Holder::Post => None,
        Holder::Unchanged => article.holder_org_id,
    };
    let now = ctx.now();
    match reviews::apply_review(&txn, &permit, &article, to, holder, article.version, now).await {
        Ok(_) => {}
        Err(StorageError::Conflict(_)) => return Err(stale()),
        Err(other) => return Err(other.into()),
    }
    if to == ArticleStatus::Recommended {
        recommendations::add(&txn, &permit, article.id, article.campaign_id, now).await?;
    } else if listed.is_some() && !reviews::IN_PROVINCE_LIST.contains(&to) {
        recommendations::remove(&txn, &permit, article.id).await?;
    }
    articles::add_event(
        &txn,
        &NewEvent {
            article_id: article.id,
            actor_id: who.account.id,
            actor_name: &who.account.display_name,
            org_id: who.org.id,
            org_name: &who.org.name,
            from: article.status,
            to,
            action: mv.as_str(),
            comment: &comment,
        },
        now,
    )
    .await?;
    inbox::notify::article_reviewed(&txn, &article, mv, &comment, holder, &who.org.name, now)
        .await?;
    let saved = articles::get(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    // The webhook outbox: the events of this move commit with it or not at all.
    let queued =
        crate::webhooks::outbox::record_move(&txn, ctx, article.id, article.status, to).await?;
    // Last: the change log orders appenders from here to the commit.
    if article.status.is_public() || to.is_public() {
        public_changes::record_change(&txn, ChangeKind::Article, Some(article.id), now).await?;
    }
    txn.commit().await?;
    if queued > 0 {
        ctx.webhook_wake.notify_one();
    }
    tracing::info!(article.id = id, org.id = who.org.id.0, review.move = mv.as_str(), "review move");
    Ok(saved)
}

fn stale() -> ServiceError {
    ServiceError::Conflict("stale article version".into())
}

/// What happened to one article of a batch.
pub struct BatchOutcome {
    pub id: i64,
    pub result: ServiceResult<Article>,
}

/// The moves that come in batches: those a reviewer makes on a page of like articles. Reject,
/// unpublish and recall need a closer look at one article.
pub fn is_batch_move(mv: ReviewMove) -> bool {
    matches!(
        mv,
        ReviewMove::Forward
            | ReviewMove::Recommend
            | ReviewMove::Publish
            | ReviewMove::ReturnToProvince
            | ReviewMove::Feature
    )
}

/// Makes one move on several articles, each in its own transaction, in the order given; a move
/// that needs a comment takes the same comment for each (checked once, before any moves).
pub async fn act_on_many(
    ctx: &Ctx,
    who: &SignedIn,
    ids: &[i64],
    mv: ReviewMove,
    comment: &str,
) -> ServiceResult<Vec<BatchOutcome>> {
    if !is_batch_move(mv) {
        return Err(ServiceError::Invalid(FieldErrors::single(
            "action",
            FieldIssue::NotAllowedHere,
        )));
    }
    reviewer_level(who)?;
    Limited::BatchArticles
        .check_count(ids.len())
        .map_err(|issue| FieldErrors::single("ids", issue))?;
    check_comment(mv, comment)
        .map_err(|_| ServiceError::Invalid(FieldErrors::single("comment", FieldIssue::Required)))?;
    let mut outcomes = Vec::with_capacity(ids.len());
    for &id in ids {
        let result = act(ctx, who, id, mv, comment, None).await;
        outcomes.push(BatchOutcome { id, result });
    }
    Ok(outcomes)
}
