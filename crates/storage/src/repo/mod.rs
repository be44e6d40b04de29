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
pub mod marks;
pub mod media;
pub mod media_objects;
pub mod notices;
pub mod org_bulk;
pub mod orgs;
pub mod press_kits;
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

/// The organisation paths at or below `prefix` (`/1/5/`) as a half-open range of strings,
/// `[/1/5/, /1/50)`: paths end in `/`, and `0` follows `/`. Unlike `LIKE 'prefix%'` (which
/// SQLite cannot serve from an index under its default case-insensitive LIKE), a range reads
/// the path index on both backends. `None` for the root's path (`/1/`): everything is below
/// it, and a condition that holds for every row only misleads the query planner (a national
/// queue then walks all 10,000 posts instead of the 1,600 list rows).
pub(crate) fn path_range(prefix: &str) -> Option<(String, String)> {
    if prefix.matches('/').count() <= 2 {
        return None;
    }
    let upper = match prefix.strip_suffix('/') {
        Some(stem) => format!("{stem}0"),
        // Not a stored path: a range that still holds exactly the strings starting with it.
        None => format!("{prefix}\u{10FFFF}"),
    };
    Some((prefix.to_string(), upper))
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

#[cfg(test)]
mod path_range_tests {
    use super::path_range;

    #[test]
    fn the_range_holds_the_subtree_and_nothing_else() {
        assert_eq!(path_range("/1/"), None, "the root holds everything");
        let (low, high) = path_range("/1/5/").unwrap_or_default();
        let inside = |p: &str| p >= low.as_str() && p < high.as_str();
        assert!(inside("/1/5/"));
        assert!(inside("/1/5/23/"));
        assert!(inside("/1/5/23/99999/"));
        assert!(!inside("/1/50/"), "a sibling whose id starts the same");
        assert!(!inside("/1/51/7/"));
        assert!(!inside("/1/4/"));
        assert!(!inside("/1/"));
        assert!(!inside("/2/5/"));
    }
}
