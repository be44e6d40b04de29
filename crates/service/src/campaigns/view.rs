//! Which campaigns exist, which are open to a post today, and one campaign by id.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::campaign::{Ineligible, Phase, WindowClosed};
use jinguo_storage::repo::campaigns::{self, Campaign};

/// A campaign as a post sees it today: can it write for it, and if not, why.
#[derive(Debug, Clone)]
pub struct CampaignForPost {
    pub campaign: Campaign,
    pub ineligible: Option<Ineligible>,
    pub window: Option<WindowClosed>,
    pub archived: bool,
}

impl CampaignForPost {
    pub fn open(&self) -> bool {
        self.ineligible.is_none() && self.window.is_none()
    }
}

/// Every campaign, for anyone signed in (campaign rules are not secret).
pub async fn list(ctx: &Ctx) -> ServiceResult<Vec<Campaign>> {
    Ok(campaigns::list(&ctx.db.conn).await?)
}

pub async fn get(ctx: &Ctx, id: i64) -> ServiceResult<Campaign> {
    campaigns::get(&ctx.db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Campaigns with the post's standing in each, current ones first, archives last.
pub async fn for_post(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<CampaignForPost>> {
    let today = ctx.clock.today_in_china();
    let mut list: Vec<CampaignForPost> = campaigns::list(&ctx.db.conn)
        .await?
        .into_iter()
        .map(|campaign| CampaignForPost {
            ineligible: campaign.rules.check_eligible(who.org.post.as_ref()).err(),
            window: campaign.rules.check_window(Phase::Collection, today).err(),
            archived: campaign.rules.is_archived(today),
            campaign,
        })
        .collect();
    list.sort_by_key(|c| (c.archived, !c.open(), c.campaign.sort_order, -c.campaign.id));
    Ok(list)
}
