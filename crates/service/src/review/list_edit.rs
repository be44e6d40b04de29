//! Changes to a province's recommendation list (推荐名单): move an item up or down, write its
//! reason, push (报送) what is new to national. Each is one transaction that first locks the
//! province's row, like a review move, so the list and its quota count never interleave with
//! another reviewer's click. Recall is the review move `Unrecommend` (`review::act::act`).

use crate::actor::SignedIn;
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::review::list::provincial_reviewer;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::campaign::Phase;
use jinguo_domain::recommendation::{Direction, PushCheck, check_push, neighbour, parse_reason};
use jinguo_domain::review::ReviewRefused;
use jinguo_domain::validation::FieldErrors;
use jinguo_storage::WriteTxn;
use jinguo_storage::repo::articles::{self, NewEvent};
use jinguo_storage::repo::inbox::{self, NewMessage};
use jinguo_storage::repo::recommendations::{self, Recommendation};
use jinguo_storage::repo::{campaigns, reviews};

/// The row of `article_id` in the reviewer's own list; anything else reads as missing.
async fn own_row(txn: &WriteTxn, who: &SignedIn, article_id: i64) -> ServiceResult<Recommendation> {
    recommendations::for_article(txn, article_id)
        .await?
        .filter(|r| r.province_org_id == who.org.id.0)
        .ok_or(ServiceError::NotFound)
}

/// Moves an item one place up or down (nothing happens at either end); returns its campaign.
pub async fn move_item(
    ctx: &Ctx,
    who: &SignedIn,
    article_id: i64,
    direction: Direction,
) -> ServiceResult<i64> {
    let permit = provincial_reviewer(who)?;
    let txn = ctx.db.begin_write().await?;
    reviews::lock_org(&txn, who.org.id).await?;
    let row = own_row(&txn, who, article_id).await?;
    let mut list = recommendations::list(&txn, who.org.id, row.campaign_id).await?;
    let index = list
        .iter()
        .position(|r| r.id == row.id)
        .ok_or(ServiceError::NotFound)?;
    if let Some(other) = neighbour(index, list.len(), direction) {
        list.swap(index, other);
        recommendations::renumber(&txn, &permit, &list).await?;
    }
    txn.commit().await?;
    Ok(row.campaign_id)
}

/// Writes an item's reason (推荐理由, at most 200 字); returns its campaign.
pub async fn set_reason(
    ctx: &Ctx,
    who: &SignedIn,
    article_id: i64,
    reason: &str,
) -> ServiceResult<i64> {
    let permit = provincial_reviewer(who)?;
    let reason = parse_reason(reason).map_err(|issue| FieldErrors::single("reason", issue))?;
    let txn = ctx.db.begin_write().await?;
    reviews::lock_org(&txn, who.org.id).await?;
    let row = own_row(&txn, who, article_id).await?;
    recommendations::set_reason(&txn, &permit, &row, &reason).await?;
    txn.commit().await?;
    Ok(row.campaign_id)
}

/// One row of a list as the reviewer arranged it: the article and its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arranged {
    pub article_id: i64,
    pub reason: String,
}

/// Saves the whole list at once (“保存排序和理由”): the order given and every reason, in one
/// transaction. The rows must be exactly the list's current articles: one recommended or
/// recalled meanwhile by a colleague is a conflict, so nobody's click is lost silently.
/// Reasons are checked first, all of them (`items[3].reason`), and nothing is saved if any is
/// refused.
pub async fn arrange(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: i64,
    rows: &[Arranged],
) -> ServiceResult<()> {
    let permit = provincial_reviewer(who)?;
    let mut errors = FieldErrors::default();
    let mut reasons = Vec::with_capacity(rows.len());
    for (index, row) in rows.iter().enumerate() {
        match parse_reason(&row.reason) {
            Ok(reason) => reasons.push(reason),
            Err(issue) => {
                errors.add(&format!("items[{index}].reason"), issue);
                reasons.push(String::new());
            }
        }
    }
    errors.into_result(())?;
    let txn = ctx.db.begin_write().await?;
    reviews::lock_org(&txn, who.org.id).await?;
    campaigns::get(&txn, campaign_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let current = recommendations::list(&txn, who.org.id, campaign_id).await?;
    let mut ordered = Vec::with_capacity(rows.len());
    for row in rows {
        let found = current
            .iter()
            .find(|r| r.article_id == row.article_id)
            .ok_or_else(|| ServiceError::Conflict("the list changed meanwhile".into()))?;
        if ordered.iter().any(|r: &Recommendation| r.id == found.id) {
            return Err(ServiceError::Conflict("an article is listed twice".into()));
        }
        ordered.push(found.clone());
    }
    if ordered.len() != current.len() {
        return Err(ServiceError::Conflict("the list changed meanwhile".into()));
    }
    recommendations::renumber(&txn, &permit, &ordered).await?;
    for (row, reason) in ordered.iter().zip(&reasons) {
        if row.reason != *reason {
            recommendations::set_reason(&txn, &permit, row, reason).await?;
        }
    }
    txn.commit().await?;
    Ok(())
}

/// What a push did, or that it needs confirming first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushOutcome {
    /// Below the campaign's minimum: nothing was pushed; ask the reviewer to confirm.
    NeedsConfirmation { count: u64, min: u32 },
    /// `pushed` items went to national; the list now holds `count`, below `below_min` if set.
    Pushed {
        pushed: u64,
        count: u64,
        below_min: Option<u32>,
    },
}

/// Pushes (报送) the items of the campaign's list not pushed yet. Below the campaign's minimum
/// it only pushes when `confirmed`, and the audit log records the count and that it was below.
pub async fn push_list(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: i64,
    confirmed: bool,
    meta: &RequestMeta,
) -> ServiceResult<PushOutcome> {
    let permit = provincial_reviewer(who)?;
    let txn = ctx.db.begin_write().await?;
    reviews::lock_org(&txn, who.org.id).await?;
    let campaign = campaigns::get(&txn, campaign_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    campaign
        .rules
        .check_window(Phase::Recommendation, ctx.clock.today_in_china())
        .map_err(ServiceError::WindowClosed)?;
    let fresh: Vec<Recommendation> = recommendations::list(&txn, who.org.id, campaign.id)
        .await?
        .into_iter()
        .filter(|r| r.pushed_at.is_none())
        .collect();
    if fresh.is_empty() {
        return Err(ServiceError::Review(ReviewRefused::NothingToPush));
    }
    let count = reviews::count_in_list(&txn, campaign.id, who.org.id).await?;
    let min = campaign.rules.quotas.map(|q| q.provincial_min);
    let below_min = match check_push(count, min, confirmed) {
        PushCheck::Confirm { count, min } => {
            return Ok(PushOutcome::NeedsConfirmation { count, min });
        }
        PushCheck::GoBelowMinimum { min, .. } => Some(min),
        PushCheck::Go => None,
    };
    let now = ctx.now();
    let ids: Vec<i64> = fresh.iter().map(|r| r.id).collect();
    let pushed = recommendations::push(&txn, &permit, &ids, who.account.id, now).await?;
    for row in &fresh {
        articles::add_event(
            &txn,
            &NewEvent {
                article_id: row.article_id,
                actor_id: who.account.id,
                actor_name: &who.account.display_name,
                org_id: who.org.id,
                org_name: &who.org.name,
                from: ArticleStatus::Recommended,
                to: ArticleStatus::Recommended,
                action: "push",
                comment: &row.reason,
            },
            now,
        )
        .await?;
    }
    let detail = format!(
        "pushed={pushed} listed={count} min={} below_minimum={}",
        min.unwrap_or(0),
        below_min.is_some()
    );
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::RECOMMENDATIONS_PUSHED,
        &format!("campaign:{}", campaign.id),
        &detail,
        meta,
    )
    .await?;
    // National learns of it in its inbox, with what the list now holds.
    if let Some(national) = who.org.parent_id {
        let body = match below_min {
            Some(min) => format!(
                "{}报送了{}推荐名单：新增 {pushed} 篇，名单共 {count} 篇（低于最低 {min} 篇，已确认报送）。",
                who.org.name, campaign.name
            ),
            None => format!(
                "{}报送了{}推荐名单：新增 {pushed} 篇，名单共 {count} 篇。",
                who.org.name, campaign.name
            ),
        };
        inbox::insert(
            &txn,
            &NewMessage {
                recipient: national,
                kind: "list_pushed",
                title: &format!("{}报送推荐名单（新增 {pushed} 篇）", who.org.name),
                body: &body,
                article_id: None,
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    tracing::info!(
        org.id = who.org.id.0,
        campaign.id = campaign.id,
        pushed,
        below_minimum = below_min.is_some(),
        "recommendations pushed"
    );
    Ok(PushOutcome::Pushed {
        pushed,
        count,
        below_min,
    })
}
