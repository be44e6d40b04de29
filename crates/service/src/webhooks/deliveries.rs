//! The deliveries national admins see: the latest ones with their state, one delivery's every
//! attempt, and 重新发送 (the same delivery — same key and body — queued for a new attempt now).

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
use jinguo_storage::repo::webhooks::{self, Attempt, DeliveryView};

/// How many deliveries the page lists.
pub const RECENT: u64 = 50;

pub async fn recent(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<DeliveryView>> {
    permit_for(&who.actor, Action::ManageWebhooks, &who.org)?;
    Ok(webhooks::recent_deliveries(&ctx.db.conn, RECENT).await?)
}

pub async fn detail(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
) -> ServiceResult<(DeliveryView, Vec<Attempt>)> {
    permit_for(&who.actor, Action::ManageWebhooks, &who.org)?;
    let view = webhooks::delivery(&ctx.db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let attempts = webhooks::attempts(&ctx.db.conn, id).await?;
    Ok((view, attempts))
}

/// Queues delivery `id` again, due now, with a fresh 24-hour retry window. Audited.
pub async fn resend(ctx: &Ctx, who: &SignedIn, id: i64, meta: &RequestMeta) -> ServiceResult<()> {
    let permit = permit_for(&who.actor, Action::ManageWebhooks, &who.org)?;
    let now = ctx.now();
    let give_up_at = now + chrono::Duration::seconds(ctx.settings.webhooks.backoff.give_up_seconds);
    let txn = ctx.db.begin_write().await?;
    let view = webhooks::delivery(&txn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    webhooks::requeue(&txn, &permit, id, now, give_up_at).await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        audit::codes::WEBHOOK_REDELIVERED,
        &view.delivery.delivery_key,
        &view.url,
        meta,
    )
    .await?;
    txn.commit().await?;
    ctx.webhook_wake.notify_one();
    Ok(())
}
