//! Figures for the federations (SPEC §4): the dashboard and the exports. Both are scoped to the
//! viewer's subtree and one campaign, and both authorize once through `authorize_scope`.

pub mod cache;
pub mod dashboard;
pub mod exports;
pub mod units;

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
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

pub use jinguo_domain::chase::{QuotaState, quota_state, unit_state};
