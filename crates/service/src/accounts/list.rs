//! Listing the accounts of my subtree.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::ServiceResult;
use jinguo_domain::Action;
use jinguo_domain::limits::PageWindow;
use jinguo_storage::repo::accounts::{self, Account};
use jinguo_storage::repo::orgs::{self, Org};
use std::collections::HashMap;

pub struct AccountListing {
    pub accounts: Vec<Account>,
    pub orgs: HashMap<jinguo_domain::OrgId, Org>,
    pub total: u64,
}

pub async fn list_accounts(
    ctx: &Ctx,
    who: &SignedIn,
    query: &str,
    page: u64,
    per_page: u64,
) -> ServiceResult<AccountListing> {
    let window = PageWindow::clamped(page, per_page);
    permit_for(&who.actor, Action::ViewAccounts, &who.org)?;
    let db = &ctx.db.conn;
    let (accounts, total) =
        accounts::list_in_subtree(db, &who.org.path, query, window.per_page, window.offset())
            .await?;
    let ids: Vec<_> = accounts.iter().map(|a| a.org_id).collect();
    let orgs = orgs::by_ids(db, &ids).await?;
    Ok(AccountListing {
        accounts,
        orgs,
        total,
    })
}

/// One account of my subtree (an account elsewhere reads as not found).
pub async fn get_account(
    ctx: &Ctx,
    who: &SignedIn,
    id: jinguo_domain::AccountId,
) -> ServiceResult<Account> {
    let account = accounts::get(&ctx.db.conn, id)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    crate::actor::org_with_permit(
        &ctx.db.conn,
        &who.actor,
        Action::ViewAccounts,
        account.org_id,
    )
    .await?;
    Ok(account)
}

/// One account of my subtree with its organisation (for JSON answers that name the org).
pub async fn get_account_with_org(
    ctx: &Ctx,
    who: &SignedIn,
    id: jinguo_domain::AccountId,
) -> ServiceResult<(Account, Org)> {
    let db = &ctx.db.conn;
    let account = accounts::get(db, id)
        .await?
        .ok_or(crate::error::ServiceError::NotFound)?;
    let (org, _) =
        crate::actor::org_with_permit(db, &who.actor, Action::ViewAccounts, account.org_id).await?;
    Ok((account, org))
}
