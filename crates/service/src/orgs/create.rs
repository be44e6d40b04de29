//! Adding an organisation (a federation or a post) under one in my subtree.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use chrono::Datelike;
use jinguo_domain::org::{OrgDraft, OrgFields, OrgStatus};
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_domain::{Action, OrgId};
use jinguo_storage::StorageError;
use jinguo_storage::repo::orgs::{self, Org};

pub async fn create_org(
    ctx: &Ctx,
    who: &SignedIn,
    parent_id: OrgId,
    draft: &OrgDraft,
    meta: &RequestMeta,
) -> ServiceResult<Org> {
    super::check_names(draft)?;
    let fields = OrgFields::parse(draft, ctx.clock.today_in_china().year())?;
    let txn = ctx.db.begin_write().await?;
    let (parent, permit) =
        org_with_permit(&txn, &who.actor, Action::CreateChildOrg, parent_id).await?;
    if parent.status != OrgStatus::Active {
        return Err(FieldErrors::single("parent", FieldIssue::NotAllowedHere).into());
    }
    if !parent.kind.may_contain(fields.kind) {
        return Err(FieldErrors::single(
            "kind",
            FieldIssue::ParentCannotContain {
                parent_kind: parent.kind.label(),
                child_kind: fields.kind.label(),
            },
        )
        .into());
    }
    let org = match orgs::insert(&txn, &permit, &parent, &fields, ctx.now()).await {
        Ok(org) => org,
        Err(StorageError::Conflict(_)) => {
            return Err(FieldErrors::single(
                "code",
                FieldIssue::DuplicateCode {
                    code: fields.code.clone(),
                },
            )
            .into());
        }
        Err(other) => return Err(ServiceError::from(other)),
    };
    audit::record(
        &txn,
        ctx,
        Some(who),
        &org,
        codes::ORG_CREATED,
        &format!("{} {}", org.code, org.name),
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(org)
}
