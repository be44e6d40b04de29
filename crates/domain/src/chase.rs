//! The one rule for who must be chased in a campaign (催报): the review queue, the dashboard,
//! the exports and the deadline reminders all ask it. A province is measured by the articles in
//! its list, a district-level federation by what its posts submitted, a post by whether it has
//! submitted at all; a post the campaign does not admit (not national-level, revoked, military
//! or classified) is never chased and is listed apart.

use crate::campaign::Quotas;
use crate::org::OrgKind;

/// Where a unit stands in a campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuotaState {
    /// No quota applies and nothing is missing (a post that has submitted, national, or a
    /// campaign without quotas where the unit has submitted).
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
    /// A post the campaign does not admit: not chased, listed apart.
    Ineligible,
}

impl QuotaState {
    pub fn is_met(self) -> bool {
        matches!(self, QuotaState::Met | QuotaState::Over)
    }

    /// Whether the unit must be chased: the queue's and the dashboard's “需要督促”, and who
    /// gets a deadline reminder.
    pub fn needs_chasing(self) -> bool {
        matches!(self, QuotaState::Silent | QuotaState::Below { .. })
    }
}

/// A federation's state: a province by the articles in its list, a district-level federation
/// by what its posts submitted. Without quotas, only silence counts.
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

/// Any unit's state: a post is chased while it has submitted nothing, unless the campaign does
/// not admit it (`admitted` is false only for such posts).
pub fn unit_state(
    quotas: Option<Quotas>,
    kind: OrgKind,
    admitted: bool,
    submitted: u64,
    in_list: u64,
) -> QuotaState {
    match kind {
        OrgKind::Post if !admitted => QuotaState::Ineligible,
        OrgKind::Post if submitted == 0 => QuotaState::Silent,
        OrgKind::Post => QuotaState::None,
        _ => quota_state(quotas, kind, submitted, in_list),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OrgKind::*;

    #[test]
    fn quota_states_follow_the_notice() {
        let q = Some(Quotas::default());
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

    #[test]
    fn posts_are_chased_while_silent_unless_the_campaign_does_not_admit_them() {
        let q = Some(Quotas::default());
        let cases = [
            // (kind, admitted, submitted, in_list, state, chased)
            (Post, true, 0, 0, QuotaState::Silent, true),
            (Post, true, 2, 0, QuotaState::None, false),
            (Post, false, 0, 0, QuotaState::Ineligible, false),
            (Post, false, 3, 0, QuotaState::Ineligible, false),
            (District, true, 0, 0, QuotaState::Silent, true),
            (
                Provincial,
                true,
                40,
                12,
                QuotaState::Below { missing: 18 },
                true,
            ),
            (Provincial, true, 40, 30, QuotaState::Met, false),
            (National, true, 0, 0, QuotaState::None, false),
        ];
        for (kind, admitted, submitted, in_list, state, chased) in cases {
            let got = unit_state(q, kind, admitted, submitted, in_list);
            assert_eq!(got, state, "{kind:?} {admitted} {submitted} {in_list}");
            assert_eq!(
                got.needs_chasing(),
                chased,
                "{kind:?} {admitted} {submitted}"
            );
        }
    }
}
