//! Setting up a fresh database: the operator names the root organisation (全国) once.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use chrono::Datelike;
use jinguo_domain::org::{OrgDraft, OrgFields, OrgKind};
use jinguo_storage::repo::orgs::{self, Org};

/// Creates the root of the tree. Refused once any organisation exists, so it can never make
/// a second tree.
pub async fn create_root(
    ctx: &Ctx,
    code: &str,
    name: &str,
    federation_name: &str,
) -> ServiceResult<Org> {
    let draft = OrgDraft {
        code: code.into(),
        name: name.into(),
        federation_name: federation_name.into(),
        kind: OrgKind::National.as_str().into(),
        ..Default::default()
    };
    let fields = OrgFields::parse(&draft, ctx.clock.today_in_china().year())?;
    let txn = ctx.db.begin_write().await?;
    if orgs::count(&txn).await? > 0 {
        return Err(ServiceError::Conflict(
            "the organisation tree already has a root".into(),
        ));
    }
    let root = orgs::insert_root(&txn, &fields, ctx.now()).await?;
    txn.commit().await?;
    Ok(root)
}
