//! A federation's direct subordinate units in one campaign and where each stands under the one
//! chase rule (`domain::chase`): the review queue's and the workbench's “需要督促的单位”, and
//! the dashboard's unit table, which must never disagree. A district-level federation's units
//! include its own posts; a post the campaign does not admit is listed apart, never chased.

use crate::context::Ctx;
use crate::error::ServiceResult;
use crate::stats::cache::{self, FigureKey};
use jinguo_domain::OrgId;
use jinguo_domain::campaign::Ineligible;
use jinguo_domain::chase::{QuotaState, unit_state};
use jinguo_domain::org::{OrgKind, OrgStatus};
use jinguo_storage::repo::campaigns::Campaign;
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::reviews;
use std::collections::HashMap;
use std::sync::Arc;

/// Whether a unit takes part in the campaign: every federation does; a post when the
/// campaign's eligibility admits it.
pub fn admitted(campaign: &Campaign, unit: &Org) -> bool {
    why_not(campaign, unit).is_none()
}

/// Why the campaign does not admit a post (None: it does, or the unit is a federation).
pub fn why_not(campaign: &Campaign, unit: &Org) -> Option<Ineligible> {
    (unit.kind == OrgKind::Post)
        .then(|| campaign.rules.check_eligible(unit.post.as_ref()).err())
        .flatten()
}

/// Whether `unit` is one of `parent`'s units: active, and a post only below a district-level
/// federation (a province's posts are its districts' to chase).
pub fn is_tracked(parent: &Org, unit: &Org) -> bool {
    unit.status == OrgStatus::Active
        && (unit.kind != OrgKind::Post || parent.kind == OrgKind::District)
}

/// One unit and its state.
#[derive(Debug, Clone)]
pub struct ChasedUnit {
    pub org: Org,
    pub submitted: u64,
    pub in_list: u64,
    pub state: QuotaState,
    /// For a post the campaign does not admit: why.
    pub why_not: Option<Ineligible>,
}

/// The units of a federation in one campaign, split by the chase rule.
#[derive(Debug, Clone)]
pub struct ChaseList {
    pub campaign_id: i64,
    pub campaign_name: String,
    /// Units taking part (the ineligible ones not counted).
    pub tracked: usize,
    /// Those to chase: nothing submitted, or below their minimum.
    pub to_chase: Vec<ChasedUnit>,
    /// Posts the campaign does not admit: “（非全国级，不参加本次活动）”.
    pub ineligible: Vec<ChasedUnit>,
}

/// The organisations directly under `org`, with their profiles, kept like a figure: every
/// change to one (a rename, a profile, a move, a revocation, an import) moves the organisation
/// mark. A district's queue, dashboard and chase list each list its few hundred posts.
pub async fn children(ctx: &Ctx, org: OrgId) -> ServiceResult<Arc<Vec<Org>>> {
    let key = FigureKey {
        figure: "children",
        org_id: org.0,
        campaign_id: 0,
        variant: 0,
    };
    cache::figure(ctx, key, || async {
        Ok(orgs::children(&ctx.db.conn, org).await?)
    })
    .await
}

/// The chase list of `org` in `campaign`: one query for the children, one for their counts.
pub async fn chase_list(ctx: &Ctx, org: &Org, campaign: &Campaign) -> ServiceResult<ChaseList> {
    let db = &ctx.db.conn;
    let key = FigureKey {
        figure: "submissions_by_child",
        org_id: org.id.0,
        campaign_id: campaign.id,
        variant: 0,
    };
    let counts = cache::figure(ctx, key, || async {
        Ok(
            reviews::submissions_by_child(db, org.id, &org.path, campaign.id)
                .await?
                .into_iter()
                .map(|c| (c.org_id, c))
                .collect::<HashMap<_, _>>(),
        )
    })
    .await?;
    let mut list = ChaseList {
        campaign_id: campaign.id,
        campaign_name: campaign.name.clone(),
        tracked: 0,
        to_chase: Vec::new(),
        ineligible: Vec::new(),
    };
    let children = children(ctx, org.id).await?;
    for child in children.iter().filter(|c| is_tracked(org, c)).cloned() {
        let (submitted, in_list) = counts
            .get(&child.id)
            .map_or((0, 0), |c| (c.submitted, c.in_list));
        let why_not = why_not(campaign, &child);
        let state = unit_state(
            campaign.rules.quotas,
            child.kind,
            why_not.is_none(),
            submitted,
            in_list,
        );
        let unit = ChasedUnit {
            org: child,
            submitted,
            in_list,
            state,
            why_not,
        };
        if state == QuotaState::Ineligible {
            list.ineligible.push(unit);
        } else {
            list.tracked += 1;
            if state.needs_chasing() {
                list.to_chase.push(unit);
            }
        }
    }
    Ok(list)
}
