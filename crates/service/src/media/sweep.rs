//! Removes stored objects that no committed row names. Objects are written before their rows
//! commit, so a crash (or a refused save) in between leaves an object nobody can reach; once it
//! is older than the grace period it cannot belong to a save still in flight, and goes.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::store::{Kind, Listed};
use futures_util::TryStreamExt;
use jinguo_storage::repo::media_objects::named_objects;
use std::collections::HashSet;

/// How old an unnamed object must be before it is removed: longer than any upload takes
/// between storing its files and committing its row.
pub const GRACE: chrono::Duration = chrono::Duration::hours(1);

/// Deletes the unnamed objects older than [`GRACE`]; returns how many went.
pub async fn sweep_orphans(ctx: &Ctx) -> ServiceResult<u64> {
    let store = &ctx.settings.media;
    let cutoff = ctx.now() - GRACE;
    let mut removed = 0;
    for kind in Kind::ALL {
        // Listed first, the names read after: an object stored and named meanwhile is named
        // by the time the names are read, so it is never taken for an orphan.
        let listed: Vec<Listed> = store
            .list(kind)
            .try_filter(|o| std::future::ready(o.last_modified < cutoff))
            .try_collect()
            .await
            .map_err(crate::media::upload::store_failed)?;
        if listed.is_empty() {
            continue;
        }
        let named = named_objects(&ctx.db.conn).await?;
        let keep: HashSet<&str> = match kind {
            // A press photo goes with its image.
            Kind::Image | Kind::Thumbnail | Kind::Press => {
                named.images.iter().map(String::as_str).collect()
            }
            Kind::Original => named.originals.iter().map(String::as_str).collect(),
            Kind::Attachment => named.attachments.iter().map(String::as_str).collect(),
        };
        for object in listed.iter().filter(|o| !keep.contains(o.name.as_str())) {
            // Written again since the listing (an upload of the same bytes, whose row may be
            // committing now): young again, so spared.
            let still_old = store
                .modified(kind, &object.name)
                .await
                .map_err(crate::media::upload::store_failed)?
                .is_some_and(|at| at < cutoff);
            if !still_old {
                continue;
            }
            store
                .delete(kind, &object.name)
                .await
                .map_err(|e| ServiceError::Unavailable(format!("media store: {e}")))?;
            removed += 1;
        }
    }
    Ok(removed)
}
