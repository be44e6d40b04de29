//! Starting and saving drafts. Drafts are private to the post and may be written any time;
//! revising a returned article counts as revising and needs the collection window.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::campaign::Phase;
use jinguo_domain::content::ArticleContent;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::repo::articles::{self, Article};
use jinguo_storage::repo::campaigns::{self, Campaign};

/// The campaign a post may start an article in (the named one, or else the first open to it):
/// the editor opens on it before anything is stored, so a click on 写稿 leaves no empty draft.
pub async fn campaign_to_start(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: Option<i64>,
) -> ServiceResult<Campaign> {
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let Some(campaign_id) = campaign_id else {
        return crate::campaigns::view::for_post(ctx, who)
            .await?
            .into_iter()
            .find(|c| c.open())
            .map(|c| c.campaign)
            .ok_or(ServiceError::NotFound);
    };
    let campaign = campaigns::get(&ctx.db.conn, campaign_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    campaign
        .rules
        .check_eligible(who.org.post.as_ref())
        .map_err(ServiceError::Ineligible)?;
    Ok(campaign)
}

/// The editor's first save: the draft is created then, and only with something in it.
pub async fn start_draft(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: i64,
    content: ArticleContent,
) -> ServiceResult<Article> {
    campaign_to_start(ctx, who, Some(campaign_id)).await?;
    if content.clone().normalised().is_blank() {
        return Err(FieldErrors::single("title", FieldIssue::EmptyDraft).into());
    }
    create_draft(ctx, who, campaign_id, content).await
}

/// Starts a draft in a campaign the post may take part in.
pub async fn create_draft(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: i64,
    content: ArticleContent,
) -> ServiceResult<Article> {
    let permit = permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    let campaign = campaign_to_start(ctx, who, Some(campaign_id)).await?;
    content.check_raw()?;
    let content = content.normalised();
    content.check_draft()?;
    super::images::check_own_images(&ctx.db.conn, who, &content).await?;
    let txn = ctx.db.begin_write().await?;
    let article = articles::insert_draft(&txn, &permit, campaign.id, &content, ctx.now()).await?;
    txn.commit().await?;
    Ok(article)
}

/// Loads one of the signed-in post's own articles.
pub async fn own_article(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<Article> {
    let article = articles::get(&ctx.db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if article.post_org_id != who.org.id {
        // Someone else's article reads as missing; reviewers see articles elsewhere.
        return Err(ServiceError::NotFound);
    }
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    Ok(article)
}

/// Autosave and save: replaces the text if the article is still at `expected_version`.
/// Returns the saved article (with its new version).
pub async fn save_draft(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
    content: ArticleContent,
    expected_version: i32,
) -> ServiceResult<Article> {
    content.check_raw()?;
    let content = content.normalised();
    content.check_draft()?;
    super::images::check_own_images(&ctx.db.conn, who, &content).await?;
    let txn = ctx.db.begin_write().await?;
    let article = own_article_in(&txn, who, id).await?;
    if !article.status.is_editable_by_post() {
        return Err(ServiceError::MoveRefused(
            jinguo_domain::article::MoveRefused::NotFromHere {
                mv: jinguo_domain::article::Move::Submit,
                from: article.status,
            },
        ));
    }
    if article.status == ArticleStatus::Returned {
        let campaign = campaigns::get(&txn, article.campaign_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        campaign
            .rules
            .check_window(Phase::Collection, ctx.clock.today_in_china())
            .map_err(ServiceError::WindowClosed)?;
    }
    let permit = permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    // A stale version is a storage conflict, which the service reports as `Conflict`.
    articles::save_content(
        &txn,
        &permit,
        &article,
        &content,
        expected_version,
        ctx.now(),
    )
    .await?;
    let saved = articles::get(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    txn.commit().await?;
    Ok(saved)
}

pub(crate) async fn own_article_in<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    who: &SignedIn,
    id: i64,
) -> ServiceResult<Article> {
    let article = articles::get(db, id).await?.ok_or(ServiceError::NotFound)?;
    if article.post_org_id != who.org.id {
        return Err(ServiceError::NotFound);
    }
    permit_for(&who.actor, Action::SubmitArticle, &who.org)?;
    Ok(article)
}
