//! The national sensitive-word list (敏感词): national admins read and replace it on the settings
//! page; reviewers get it with every article they open, to highlight the matches.

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta};
use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_domain::Action;
use jinguo_domain::sensitive::parse_list;
use jinguo_storage::repo::sensitive_words::{self, WordList};

/// The list for the settings page (`None`: never saved). National admins only.
pub async fn word_list(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Option<WordList>> {
    permit_for(&who.actor, Action::ManageCampaigns, &who.org)?;
    Ok(sensitive_words::get(&ctx.db.conn).await?)
}

/// Replaces the list with the words typed one per line (trimmed, blank lines and repeats
/// dropped). National admins only; recorded in the audit log.
pub async fn save_word_list(
    ctx: &Ctx,
    who: &SignedIn,
    text: &str,
    meta: &RequestMeta,
) -> ServiceResult<WordList> {
    let permit = permit_for(&who.actor, Action::ManageCampaigns, &who.org)?;
    let words = parse_list(text)?;
    let txn = ctx.db.begin_write().await?;
    sensitive_words::save(
        &txn,
        &permit,
        who.org.id,
        &words,
        who.account.id,
        &who.account.display_name,
        ctx.now(),
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        audit::codes::SENSITIVE_WORDS_SAVED,
        "敏感词",
        &format!("{} 个词", words.len()),
        meta,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(words = words.len(), "sensitive words saved");
    Ok(WordList {
        words,
        updated_by_name: who.account.display_name.clone(),
        updated_at: ctx.now(),
    })
}
