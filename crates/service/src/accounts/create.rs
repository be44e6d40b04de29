//! Adding an account to an organisation in my subtree.

use crate::actor::{SignedIn, org_with_permit};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::account::{Role, check_password_strength, parse_username};
use jinguo_domain::org::{OrgKind, OrgStatus};
use jinguo_domain::validation::{FieldErrors, FieldIssue, check_one_line};
use jinguo_domain::{Action, OrgId};
use jinguo_storage::StorageError;
use jinguo_storage::repo::accounts::{self, Account, NewAccount};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct AccountDraft {
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: String,
    pub password: String,
}

/// Checks a draft against the organisation it goes to: posts have submitters, federations
/// have reviewers and admins.
pub fn validate_draft(
    draft: &AccountDraft,
    org_kind: OrgKind,
) -> Result<(String, Role), FieldErrors> {
    let mut errors = FieldErrors::default();
    let username = parse_username(&draft.username)
        .map_err(|issue| errors.add("username", issue))
        .ok();
    let role = Role::parse(&draft.role);
    match role {
        None => errors.add("role", FieldIssue::UnknownRole),
        Some(role) if !role_fits(role, org_kind) => errors.add("role", FieldIssue::NotAllowedHere),
        Some(_) => {}
    }
    if let Err(issue) = check_password_strength(&draft.password) {
        errors.add("password", issue);
    }
    if draft.display_name.chars().count() > 80 {
        errors.add("display_name", FieldIssue::TooLong { max: 80 });
    } else if let Err(issue) = check_one_line(draft.display_name.trim()) {
        errors.add("display_name", issue);
    }
    match (errors.is_empty(), username, role) {
        (true, Some(username), Some(role)) => Ok((username, role)),
        _ => Err(errors),
    }
}

pub fn role_fits(role: Role, kind: OrgKind) -> bool {
    match kind {
        OrgKind::Post => matches!(role, Role::Submitter | Role::Admin),
        _ => matches!(role, Role::Reviewer | Role::Admin),
    }
}

pub async fn create_account(
    ctx: &Ctx,
    who: &SignedIn,
    org_id: OrgId,
    draft: &AccountDraft,
    meta: &RequestMeta,
) -> ServiceResult<Account> {
    let db = &ctx.db.conn;
    let (org, _) = org_with_permit(db, &who.actor, Action::ManageAccounts, org_id).await?;
    let (username, role) = validate_draft(draft, org.kind)?;
    if org.status != OrgStatus::Active {
        return Err(FieldErrors::single("org", FieldIssue::NotAllowedHere).into());
    }
    let owner = jinguo_domain::password_policy::PasswordOwner {
        username: &username,
        org_code: &org.code,
    };
    crate::auth::new_password::check(ctx, "password", &draft.password, owner, None).await?;
    let hash = crate::auth::new_password::hash(ctx, &draft.password).await?;
    let txn = ctx.db.begin_write().await?;
    let (org, permit) = org_with_permit(&txn, &who.actor, Action::ManageAccounts, org_id).await?;
    let display_name = if draft.display_name.trim().is_empty() {
        org.name.clone()
    } else {
        draft.display_name.trim().to_string()
    };
    let new = NewAccount {
        org_id: org.id,
        username: &username,
        display_name: &display_name,
        role,
        password_hash: &hash,
        must_change_password: true,
    };
    let account = match accounts::insert(&txn, &permit, &new, ctx.now()).await {
        Ok(account) => account,
        Err(StorageError::Conflict(_)) => {
            return Err(FieldErrors::single(
                "username",
                FieldIssue::DuplicateUsername { username },
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
        codes::ACCOUNT_CREATED,
        &account.username,
        role.as_str(),
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(account)
}
