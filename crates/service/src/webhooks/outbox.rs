//! The outbox: the events a review move causes, written inside the move's transaction with one
//! pending delivery per subscriber, so a crash either keeps the move and its events or neither.
//! The body's `data` is fixed here, from the article as the move left it.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::webhooks::article_url;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::content::{ArticleContent, Block};
use jinguo_domain::webhook::events_for_change;
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::{showcase, webhooks};
use serde_json::json;

/// Writes the events of `article_id` moving `from` → `to` (none for most moves). Call inside
/// the move's transaction, after the status change.
pub async fn record_move<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    article_id: i64,
    from: ArticleStatus,
    to: ArticleStatus,
) -> ServiceResult<u64> {
    let events = events_for_change(from, to);
    if events.is_empty() {
        return Ok(0);
    }
    let settings = &ctx.settings.webhooks;
    let data = if to.is_public() {
        let row = showcase::get(db, article_id)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let content: ArticleContent = serde_json::from_str(&row.content)
            .map_err(|e| ServiceError::Unavailable(format!("article {article_id} content: {e}")))?;
        let media =
            |name: &str| format!("{}/media/{name}", settings.public_url.trim_end_matches('/'));
        let blocks: Vec<serde_json::Value> = content
            .blocks
            .iter()
            .map(|b| match b {
                Block::Paragraph { text } => json!({"type": "paragraph", "text": text}),
                Block::Subheading { text } => json!({"type": "subheading", "text": text}),
                Block::Image {
                    media: name,
                    caption,
                } => {
                    json!({"type": "image", "url": media(name), "caption": caption})
                }
            })
            .collect();
        json!({
            "id": row.id,
            "url": article_url(settings, row.id),
            "title": row.title,
            "themes": content.themes,
            "campaign_id": row.campaign_id,
            "post_name": row.post_name,
            "work_unit": row.work_unit,
            "industry": row.industry,
            "word_count": row.word_count,
            "featured": row.featured,
            "published_at": row.published_at.to_rfc3339(),
            "featured_at": row.featured_at.map(|t| t.to_rfc3339()),
            "cover_url": row.cover_media.as_deref().map(media),
            "blocks": blocks,
        })
    } else {
        json!({"id": article_id, "url": article_url(settings, article_id)})
    };
    let payload = data.to_string();
    let now = ctx.now();
    let give_up_at = now + chrono::Duration::seconds(settings.backoff.give_up_seconds);
    let mut queued = 0;
    for &event in events {
        let nonce = delivery_nonce()?;
        queued += webhooks::record_event(db, event, article_id, &payload, &nonce, now, give_up_at)
            .await?;
    }
    Ok(queued)
}

/// `whd_` and 24 random hex digits: the first part of every delivery key of one event.
fn delivery_nonce() -> ServiceResult<String> {
    let token = crate::secrets::random_token()
        .map_err(|e| ServiceError::Unavailable(format!("random: {e}")))?;
    Ok(format!("whd_{}", &token[..24]))
}
