//! Loading the signed-in actor and checking permits against stored organisations.

use crate::error::{ServiceError, ServiceResult};
use chrono::{DateTime, Utc};
use jinguo_domain::access::Target;
use jinguo_domain::account::{LoginGuard, Role};
use jinguo_domain::org::OrgStatus;
use jinguo_domain::{AccountId, Action, Actor, OrgId, Permit, authorize};
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::accounts::{self, Account};
use jinguo_storage::repo::orgs::{self, Org};

/// The account behind a request and its organisation.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub account: Account,
    pub org: Org,
}

/// Loads a signed-in account; disabled accounts and accounts of retired organisations are out.
pub async fn load<C: ConnectionTrait>(db: &C, id: AccountId) -> ServiceResult<SignedIn> {
    let account = accounts::get(db, id)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    if account.disabled {
        return Err(ServiceError::AccountDisabled);
    }
    let org = orgs::get(db, account.org_id)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    if org.status != OrgStatus::Active {
        return Err(ServiceError::AccountDisabled);
    }
    let actor = Actor {
        account_id: account.id,
        org_id: org.id,
        org_path: org.path.clone(),
        org_kind: org.kind,
        role: account.role,
    };
    Ok(SignedIn {
        actor,
        account,
        org,
    })
}

/// Loads an organisation and authorizes `action` on it. Out-of-subtree reads as not found.
pub async fn org_with_permit<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    action: Action,
    id: OrgId,
) -> ServiceResult<(Org, Permit)> {
    let org = orgs::get(db, id).await?.ok_or(ServiceError::NotFound)?;
    let permit = permit_for(actor, action, &org)?;
    Ok((org, permit))
}

pub fn permit_for(actor: &Actor, action: Action, org: &Org) -> ServiceResult<Permit> {
    Ok(authorize(
        actor,
        action,
        Target {
            id: org.id,
            path: &org.path,
        },
    )?)
}

/// The operator at the command line (`jinguo import`): acts as an admin of the root organisation
/// under a synthetic account (id 0, username `operator`) that exists in no table. Audit records
/// show it by that name.
pub async fn operator<C: ConnectionTrait>(db: &C) -> ServiceResult<SignedIn> {
    let org = orgs::root(db).await?.ok_or(ServiceError::NotFound)?;
    let account = Account {
        id: AccountId(0),
        org_id: org.id,
        username: "operator".to_string(),
        display_name: "operator".to_string(),
        role: Role::Admin,
        password_hash: String::new(),
        must_change_password: false,
        disabled: false,
        guard: LoginGuard {
            failed_logins: 0,
            locked_until: None,
        },
        created_at: DateTime::<Utc>::UNIX_EPOCH,
        last_login_at: None,
        password_changed_at: DateTime::<Utc>::UNIX_EPOCH,
    };
    let actor = Actor {
        account_id: account.id,
        org_id: org.id,
        org_path: org.path.clone(),
        org_kind: org.kind,
        role: account.role,
    };
    Ok(SignedIn {
        actor,
        account,
        org,
    })
}
