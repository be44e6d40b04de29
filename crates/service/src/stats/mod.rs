//! Figures for the federations (SPEC §4): the dashboard and the exports. Both are scoped to the
//! viewer's subtree and one campaign, and both authorize once through `authorize_scope`.

pub mod dashboard;
pub mod exports;

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
use jinguo_domain::campaign::Quotas;
use jinguo_domain::org::OrgKind;
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::orgs::Org;

/// What the viewer may count: their own federation's subtree, in one campaign.
pub struct Scope {
    pub org: Org,
    pub campaign: Campaign,
    pub campaigns: Vec<Campaign>,
}

/// Checks the viewer may see figures (a reviewer or admin of a federation) and picks the
/// campaign: the one asked for, else the first open campaign with quotas (the current 网上行).
pub async fn authorize_scope(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: Option<i64>,
) -> ServiceResult<Scope> {
    // The policy refuses posts, whatever their role.
    permit_for(&who.actor, Action::ViewStatistics, &who.org)?;
    let today = ctx.clock.today_in_china();
    let mut all = campaigns::list(&ctx.db.conn).await?;
    all.sort_by_key(|c| (c.sort_order, c.id));
    let campaign = match campaign_id {
        Some(id) => all.iter().find(|c| c.id == id),
        None => all
            .iter()
            .find(|c| c.rules.quotas.is_some() && !c.rules.is_archived(today))
            .or(all.first()),
    }
    .cloned()
    .ok_or(ServiceError::NotFound)?;
    Ok(Scope {
        org: who.org.clone(),
        campaign,
        campaigns: all,
    })
}

/// Where a unit stands against the campaign's quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaState {
    /// No quota applies (a post, or a campaign without quotas).
    None,
    /// Nothing submitted at all.
    Silent,
    /// Below the minimum by `missing`.
    Below {
        missing: u64,
    },
    Met,
    /// A province above its maximum (should not happen: the maximum is enforced).
    Over,
}

impl QuotaState {
    pub fn is_met(self) -> bool {
        matches!(self, QuotaState::Met | QuotaState::Over)
    }

    /// Whether the unit needs chasing.
    pub fn needs_chasing(self) -> bool {
        matches!(self, QuotaState::Silent | QuotaState::Below { .. })
    }
}

/// A unit's quota state: a province by the articles in its list, a district-level federation
/// by what its posts submitted.
pub fn quota_state(
    quotas: Option<Quotas>,
    kind: OrgKind,
    submitted: u64,
    in_list: u64,
) -> QuotaState {
    let Some(q) = quotas else {
        return if submitted == 0 && kind != OrgKind::Post {
            QuotaState::Silent
        } else {
            QuotaState::None
        };
    };
    let (used, min, max) = match kind {
        OrgKind::Provincial => (in_list, q.provincial_min, Some(q.provincial_max)),
        OrgKind::District => (submitted, q.district_min, None),
        OrgKind::National | OrgKind::Post => return QuotaState::None,
    };
    if submitted == 0 {
        QuotaState::Silent
    } else if used < u64::from(min) {
        QuotaState::Below {
            missing: u64::from(min) - used,
        }
    } else if max.is_some_and(|m| used > u64::from(m)) {
        QuotaState::Over
    } else {
        QuotaState::Met
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quota_states_follow_the_notice() {
        let q = Some(Quotas::default());
        use OrgKind::*;
        assert_eq!(quota_state(q, Provincial, 0, 0), QuotaState::Silent);
        assert_eq!(
            quota_state(q, Provincial, 40, 12),
            QuotaState::Below { missing: 18 }
        );
        assert_eq!(quota_state(q, Provincial, 40, 30), QuotaState::Met);
        assert_eq!(quota_state(q, Provincial, 60, 51), QuotaState::Over);
        assert_eq!(quota_state(q, District, 0, 0), QuotaState::Silent);
        assert_eq!(quota_state(q, District, 1, 0), QuotaState::Met);
        assert_eq!(quota_state(q, Post, 0, 0), QuotaState::None);
        assert_eq!(quota_state(None, District, 3, 0), QuotaState::None);
    }
}
