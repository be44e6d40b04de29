//! Repositories: one module per aggregate. Functions take any connection or transaction, so the
//! service layer decides where a transaction begins; writes that need authorization take a
//! `Permit` and check that it covers the row they touch.

pub mod accounts;
pub mod articles;
pub mod audit;
pub mod campaigns;
pub mod inbox;
pub mod jobs;
pub mod login_throttles;
pub mod media;
pub mod media_objects;
pub mod notices;
pub mod org_bulk;
pub mod orgs;
pub mod public_changes;
pub mod queue;
pub mod recommendations;
pub mod reviews;
pub mod sensitive_words;
pub mod sessions;
pub mod showcase;
pub mod stats;
pub mod tokens;
pub mod webhooks;

use crate::error::StorageError;
use jinguo_domain::{Action, OrgId, Permit};
use sea_orm::ConnectionTrait;

/// `%`, `_` and the escape character `!` itself are literal in a LIKE pattern built from data
/// (use with `ESCAPE '!'`).
pub(crate) fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '!') {
            out.push('!');
        }
        out.push(c);
    }
    out
}

/// Refuses a write whose permit was issued for another action or organisation.
pub(crate) fn require(permit: &Permit, action: Action, org: OrgId) -> Result<(), StorageError> {
    if permit.action() == action && permit.org() == org {
        Ok(())
    } else {
        Err(StorageError::PermitMismatch(
            "permit does not match the row",
        ))
    }
}

/// Refuses a write whose permit was issued for another action, or for an organisation that is
/// neither `org` nor one of its ancestors (a federation acting on a post in its subtree).
pub(crate) async fn require_over<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    action: Action,
    org: OrgId,
) -> Result<(), StorageError> {
    let mismatch = || StorageError::PermitMismatch("permit does not cover the row's organisation");
    if permit.action() != action {
        return Err(mismatch());
    }
    let (Some(over), Some(row)) = (
        orgs::get(db, permit.org()).await?,
        orgs::get(db, org).await?,
    ) else {
        return Err(mismatch());
    };
    if row.path.is_within(&over.path) {
        Ok(())
    } else {
        Err(mismatch())
    }
}
