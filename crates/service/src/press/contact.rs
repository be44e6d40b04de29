//! A federation's press contact (宣传联络人): set by its admins, printed in press kits beside
//! the post's own contact.

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_domain::Action;
use jinguo_domain::press::check_contact;
use jinguo_storage::repo::press_kits;

/// The signed-in federation's contact: (person, phone), both empty when none is recorded.
pub async fn own_contact(ctx: &Ctx, who: &SignedIn) -> ServiceResult<(String, String)> {
    permit_for(&who.actor, Action::EditPressContact, &who.org)?;
    let found = press_kits::contacts(&ctx.db.conn, &[who.org.id]).await?;
    Ok(found
        .into_iter()
        .next()
        .map(|c| (c.person, c.phone))
        .unwrap_or_default())
}

/// Records the signed-in federation's contact (both empty: none). Audited.
pub async fn set_own_contact(
    ctx: &Ctx,
    who: &SignedIn,
    person: &str,
    phone: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    let permit = permit_for(&who.actor, Action::EditPressContact, &who.org)?;
    let (person, phone) = check_contact(person, phone)?;
    let txn = ctx.db.begin_write().await?;
    press_kits::set_contact(&txn, &permit, &person, &phone, who.account.id, ctx.now()).await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::PRESS_CONTACT_SAVED,
        &who.org.name,
        format!("{person} {phone}").trim(),
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
