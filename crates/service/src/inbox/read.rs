//! The signed-in user's inbox: the organisation's messages with this account's read marks.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_storage::repo::inbox;
pub use jinguo_storage::repo::inbox::Message;

/// How many messages the inbox page shows.
pub const INBOX_LIMIT: u64 = 200;

pub struct InboxItem {
    pub message: Message,
    pub read: bool,
}

/// Messages of the user's organisation this account has not opened (the header's badge).
pub async fn unread_count(ctx: &Ctx, who: &SignedIn) -> ServiceResult<u64> {
    Ok(inbox::unread_count(&ctx.db.conn, who.org.id, who.account.id).await?)
}

/// The organisation's messages, newest first.
pub async fn list(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<InboxItem>> {
    Ok(
        inbox::list(&ctx.db.conn, who.org.id, who.account.id, INBOX_LIMIT)
            .await?
            .into_iter()
            .map(|(message, read)| InboxItem { message, read })
            .collect(),
    )
}

/// One message of the user's organisation, read-only. Another organisation's message reads as
/// missing.
pub async fn get(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<Message> {
    inbox::get(&ctx.db.conn, id)
        .await?
        .filter(|m| m.recipient_org_id == who.org.id.0)
        .ok_or(ServiceError::NotFound)
}

/// Marks one message read for this account (the list opens messages through this POST).
pub async fn mark_read(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<Message> {
    let message = get(ctx, who, id).await?;
    let txn = ctx.db.begin_write().await?;
    inbox::mark_read(&txn, &[id], who.account.id, ctx.now()).await?;
    txn.commit().await?;
    Ok(message)
}

/// Marks every message of the organisation read for this account; returns how many were unread.
pub async fn mark_all_read(ctx: &Ctx, who: &SignedIn) -> ServiceResult<usize> {
    let txn = ctx.db.begin_write().await?;
    let ids = inbox::unread_ids(&txn, who.org.id, who.account.id).await?;
    inbox::mark_read(&txn, &ids, who.account.id, ctx.now()).await?;
    txn.commit().await?;
    Ok(ids.len())
}
