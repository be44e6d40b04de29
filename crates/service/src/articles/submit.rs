//! Submitting (and resubmitting after a return) and withdrawing before review starts. Each is
//! one transaction: the status move guarded by the version the user saw, the kept revision, and
//! the history record, and the message to the federation the article is now pending with.

use crate::actor::{SignedIn, permit_for};
use crate::articles::draft::{self, own_article_in};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::inbox;
use jinguo_domain::Action;
use jinguo_domain::article::{ArticleStatus, Move, Position, next};
use jinguo_domain::campaign::Phase;
use jinguo_domain::content::ArticleContent;
use jinguo_storage::repo::articles::{self, Article, NewEvent, StatusChange};
use jinguo_storage::repo::campaigns;

/// Sends the article to the first federation above the post.
pub async fn submit(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
    expected_version: i32,
) -> ServiceResult<Article> {
    let txn = ctx.db.begin_write().await?;
    let article = own_article_in(&txn, who, id).await?;
    let permit = permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let campaign = campaigns::get(&txn, article.campaign_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    campaign
        .rules
        .check_eligible(who.org.post.as_ref())
        .map_err(ServiceError::Ineligible)?;
    campaign
        .rules
        .check_window(Phase::Collection, ctx.clock.today_in_china())
        .map_err(ServiceError::WindowClosed)?;
    if article.version != expected_version {
        return Err(ServiceError::Conflict("stale article version".into()));
    }
    let to = next(
        Position {
            status: article.status,
            review_started: article.review_started,
        },
        Move::Submit,
    )
    .map_err(ServiceError::MoveRefused)?;
    article.content.check_submission(&campaign.rules)?;
    super::images::check_own_images(&txn, who, &article.content).await?;
    let holder = who.org.parent_id.ok_or(ServiceError::NotFound)?;
    let change = StatusChange {
        to,
        holder: Some(holder),
        review_started: false,
        submitted: true,
    };
    let now = ctx.now();
    // A stale version is a storage conflict, which the service reports as `Conflict`.
    articles::change_status(&txn, &permit, &article, &change, expected_version, now).await?;
    articles::add_revision(&txn, &article, article.revision + 1, who.account.id, now).await?;
    let action = if article.status == ArticleStatus::Returned {
        "resubmit"
    } else {
        "submit"
    };
    record(&txn, who, &article, article.status, to, action, now).await?;
    let resubmitted = article.status == ArticleStatus::Returned;
    inbox::notify::article_submitted(&txn, &article, holder, &who.org.name, resubmitted, now)
        .await?;
    let saved = articles::get(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    txn.commit().await?;
    Ok(saved)
}

/// 提交审核 on a new article's first save: checked as a submission before anything is stored,
/// so a refusal leaves no draft behind and the editor shows what was typed with the reasons.
pub async fn start_and_submit(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: i64,
    content: ArticleContent,
) -> ServiceResult<Article> {
    let campaign = draft::campaign_to_start(ctx, who, Some(campaign_id)).await?;
    campaign
        .rules
        .check_window(Phase::Collection, ctx.clock.today_in_china())
        .map_err(ServiceError::WindowClosed)?;
    content.check_raw()?;
    let normalised = content.clone().normalised();
    normalised.check_submission(&campaign.rules)?;
    let article = draft::start_draft(ctx, who, campaign_id, content).await?;
    submit(ctx, who, article.id, article.version).await
}

/// Takes a pending article back to draft, before any federation has acted on it.
pub async fn withdraw(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
    expected_version: i32,
) -> ServiceResult<Article> {
    let txn = ctx.db.begin_write().await?;
    let article = own_article_in(&txn, who, id).await?;
    let permit = permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    if article.version != expected_version {
        return Err(ServiceError::Conflict("stale article version".into()));
    }
    let to = next(
        Position {
            status: article.status,
            review_started: article.review_started,
        },
        Move::Withdraw,
    )
    .map_err(ServiceError::MoveRefused)?;
    let change = StatusChange {
        to,
        holder: None,
        review_started: false,
        submitted: false,
    };
    let now = ctx.now();
    // A stale version is a storage conflict, which the service reports as `Conflict`.
    articles::change_status(&txn, &permit, &article, &change, expected_version, now).await?;
    record(&txn, who, &article, article.status, to, "withdraw", now).await?;
    let saved = articles::get(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    txn.commit().await?;
    Ok(saved)
}

async fn record<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    who: &SignedIn,
    article: &Article,
    from: ArticleStatus,
    to: ArticleStatus,
    action: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    articles::add_event(
        db,
        &NewEvent {
            article_id: article.id,
            actor_id: who.account.id,
            actor_name: &who.account.display_name,
            org_id: who.org.id,
            org_name: &who.org.name,
            from,
            to,
            action,
            comment: "",
        },
        now,
    )
    .await?;
    Ok(())
}
