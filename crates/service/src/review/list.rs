//! A province's recommendation list (推荐名单) as its reviewers see it: the articles in order
//! with their reasons, which are already pushed (报送) and which are new, and the quota meter.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::review::queue::QuotaMeter;
use crate::review::reviewer::reviewer_level;
use jinguo_domain::Permit;
use jinguo_domain::review::ReviewLevel;
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::articles::{self, Article};
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::orgs;
use jinguo_storage::repo::recommendations::{self, Recommendation};
use jinguo_storage::repo::reviews;

pub struct ListItem {
    pub row: Recommendation,
    pub article: Article,
    pub post_name: String,
}

pub struct RecommendationList {
    pub campaign: Campaign,
    /// The campaigns not yet archived, to switch between lists.
    pub campaigns: Vec<Campaign>,
    pub items: Vec<ListItem>,
    /// How many items the next push would send.
    pub unpushed: usize,
    /// The quota meter, for a campaign with quotas.
    pub meter: Option<QuotaMeter>,
}

/// The permit of a provincial reviewer at their province; other levels have no list.
pub(crate) fn provincial_reviewer(who: &SignedIn) -> ServiceResult<Permit> {
    match reviewer_level(who)? {
        (ReviewLevel::Provincial, permit) => Ok(permit),
        _ => Err(ServiceError::Forbidden),
    }
}

/// The campaigns whose lists can be shown (not archived), in their order.
async fn open_campaigns<C: ConnectionTrait>(ctx: &Ctx, db: &C) -> ServiceResult<Vec<Campaign>> {
    let today = ctx.clock.today_in_china();
    let mut list: Vec<Campaign> = campaigns::list(db)
        .await?
        .into_iter()
        .filter(|c| !c.rules.is_archived(today))
        .collect();
    list.sort_by_key(|c| (c.sort_order, c.id));
    Ok(list)
}

/// The list for `campaign_id`, or for the first open campaign with quotas.
pub async fn recommendation_list(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: Option<i64>,
) -> ServiceResult<RecommendationList> {
    provincial_reviewer(who)?;
    let db = &ctx.db.conn;
    let campaigns = open_campaigns(ctx, db).await?;
    let campaign = match campaign_id {
        Some(id) => campaigns::get(db, id).await?,
        None => campaigns
            .iter()
            .find(|c| c.rules.quotas.is_some())
            .or(campaigns.first())
            .cloned(),
    }
    .ok_or(ServiceError::NotFound)?;
    // Four queries whatever the length: the rows, their articles, their posts (with profiles).
    let rows = recommendations::list(db, who.org.id, campaign.id).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.article_id).collect();
    let mut articles = articles::get_many(db, &ids).await?;
    let post_ids: Vec<_> = articles.values().map(|a| a.post_org_id).collect();
    let posts = orgs::by_ids(db, &post_ids).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let article = articles
            .remove(&row.article_id)
            .ok_or(ServiceError::NotFound)?;
        let post_name = posts
            .get(&article.post_org_id)
            .map(|p| p.name.clone())
            .unwrap_or_default();
        items.push(ListItem {
            row,
            article,
            post_name,
        });
    }
    let meter = match campaign.rules.quotas {
        Some(quotas) => Some(QuotaMeter {
            campaign_name: campaign.name.clone(),
            used: reviews::count_in_list(db, campaign.id, who.org.id).await?,
            min: quotas.provincial_min,
            max: quotas.provincial_max,
        }),
        None => None,
    };
    Ok(RecommendationList {
        unpushed: items.iter().filter(|i| i.row.pushed_at.is_none()).count(),
        campaign,
        campaigns,
        items,
        meter,
    })
}
