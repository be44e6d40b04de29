//! Renaming and editing an organisation below mine. Old names stay in the history.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::ServiceResult;
use chrono::Datelike;
use jinguo_domain::org::{OrgDraft, OrgFields};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_domain::{Action, OrgId};
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::public_changes::{self, ChangeKind};

/// Applies an edit. The code and the kind are identity and stay as they are; `expected_updated_at`
/// guards against overwriting someone else's edit made in the meantime.
pub async fn edit_org(
    ctx: &Ctx,
    who: &SignedIn,
    id: OrgId,
    draft: &OrgDraft,
    expected_version: Option<&str>,
    meta: &RequestMeta,
) -> ServiceResult<Org> {
    let txn = ctx.db.begin_write().await?;
    let (org, permit) = org_with_permit(&txn, &who.actor, Action::EditOrg, id).await?;
    if let Some(expected) = expected_version
        && expected != version_of(&org)
    {
        return Err(crate::error::ServiceError::Conflict(
            "the organisation changed meanwhile".into(),
        ));
    }
    let mut draft = draft.clone();
    draft.code = org.code.clone();
    draft.kind = org.kind.as_str().to_string();
    super::check_names(&draft)?;
    let fields = OrgFields::parse(&draft, ctx.clock.today_in_china().year())?;
    if fields.code != org.code {
        return Err(FieldErrors::single("code", FieldIssue::NotAllowedHere).into());
    }
    orgs::update(&txn, &permit, &org, &fields, ctx.now()).await?;
    let detail = if fields.name != org.name {
        format!("{} → {}", org.name, fields.name)
    } else {
        String::new()
    };
    audit::record(
        &txn,
        ctx,
        Some(who),
        &org,
        codes::ORG_UPDATED,
        &format!("{} {}", org.code, fields.name),
        &detail,
        meta,
    )
    .await?;
    let updated = orgs::get(&txn, id)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    // Public pages name organisations: tell every instance's page cache, unless the edit
    // touched only what no public page shows (the contact person and phone).
    if jinguo_domain::org::changes_public_view(
        (&org.name, &org.federation_name, org.post.as_ref()),
        (&fields.name, &fields.federation_name, fields.post.as_ref()),
    ) {
        public_changes::record_change(&txn, ChangeKind::Organisation, None, ctx.now()).await?;
    }
    txn.commit().await?;
    Ok(updated)
}

/// An opaque version string for optimistic concurrency on edit forms.
pub fn version_of(org: &Org) -> String {
    org.updated_at.timestamp_micros().to_string()
}
