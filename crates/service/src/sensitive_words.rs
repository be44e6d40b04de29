//! The national sensitive-word list (敏感词): national admins read and replace it on the settings
//! page; reviewers get it with every article they open, to highlight the matches.

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
use jinguo_domain::sensitive::parse_list;
use jinguo_storage::repo::sensitive_words;
pub use jinguo_storage::repo::sensitive_words::WordList;

/// The list for the settings page (`None`: never saved). National admins only.
pub async fn word_list(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Option<WordList>> {
    permit_for(&who.actor, Action::ManageCampaigns, &who.org)?;
    Ok(sensitive_words::get(&ctx.db.conn).await?)
}

/// Replaces the list with the words typed one per line (trimmed, blank lines and repeats
/// dropped). National admins only; recorded in the audit log.
/// An opaque version of the list for the edit form: a hash of the words and the save time.
pub fn version_of(list: Option<&WordList>) -> String {
    use blake2::{Blake2b512, Digest};
    let Some(list) = list else {
        return "never-saved".into();
    };
    let mut hash = Blake2b512::new();
    for word in &list.words {
        hash.update(word.as_bytes());
        hash.update(b"\n");
    }
    hash.update(list.updated_at.timestamp_micros().to_le_bytes());
    hash.finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Replaces the list. `expected_version` is the version the form was opened on: a list saved
/// by someone else since is a conflict, never silently overwritten.
pub async fn save_word_list(
    ctx: &Ctx,
    who: &SignedIn,
    text: &str,
    expected_version: Option<&str>,
    meta: &RequestMeta,
) -> ServiceResult<WordList> {
    let permit = permit_for(&who.actor, Action::ManageCampaigns, &who.org)?;
    let words = parse_list(text)?;
    let txn = ctx.db.begin_write().await?;
    // The national federation's row lock serialises savers on PostgreSQL too (SQLite has one
    // writer), so the version read here is the one the save replaces.
    jinguo_storage::repo::reviews::lock_org(&txn, who.org.id).await?;
    if let Some(expected) = expected_version
        && expected != version_of(sensitive_words::get(&txn).await?.as_ref())
    {
        return Err(ServiceError::Conflict(
            "the sensitive-word list changed meanwhile".into(),
        ));
    }
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
