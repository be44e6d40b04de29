//! A federation's review queue: the articles it holds (national: what the provinces recommended
//! and pushed, and what it published), filtered by status, theme, subordinate unit and title, with the
//! province's quota meter.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::review::reviewer::reviewer_level;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::limits::PageWindow;
use jinguo_domain::review::ReviewLevel;
use jinguo_domain::{Action, OrgId};
use jinguo_storage::repo::articles::Article;
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::reviews::{self, QueueFilter, UnitSubmissions};
use std::collections::HashMap;

/// At most this many rows are read before themes are filtered and the page is cut.
const QUEUE_LIMIT: u64 = 2000;

#[derive(Debug, Clone, Default)]
pub struct QueueFilters {
    pub status: Option<ArticleStatus>,
    /// A theme key.
    pub theme: Option<String>,
    /// A subordinate unit: only articles of posts at or below it.
    pub unit: Option<OrgId>,
    pub title: String,
}

pub struct QueueItem {
    pub article: Article,
    pub post_name: String,
    pub campaign_name: String,
    pub theme_names: Vec<String>,
}

/// A province's progress in one campaign: 已推荐 used / min–max.
pub struct QuotaMeter {
    pub campaign_name: String,
    pub used: u64,
    pub min: u32,
    pub max: u32,
}

/// The units directly below the reviewer's federation that have submitted nothing to a
/// campaign yet (SPEC §4: to chase). Federations only, except below provincial level, where a
/// district's own posts count as its units.
pub struct SilentUnits {
    pub campaign_id: i64,
    pub campaign_name: String,
    /// How many units are tracked.
    pub tracked: usize,
    /// Those with zero submissions, by code.
    pub units: Vec<UnitSubmissions>,
}

pub struct ReviewQueue {
    pub level: ReviewLevel,
    /// The statuses this level's queue shows.
    pub statuses: Vec<ArticleStatus>,
    pub items: Vec<QueueItem>,
    pub total: usize,
    /// The units directly below the reviewer's federation, for the filter.
    pub units: Vec<Org>,
    /// Every theme of the campaigns (key, name), for the filter.
    pub themes: Vec<(String, String)>,
    pub meters: Vec<QuotaMeter>,
    /// Per running campaign with quotas.
    pub silent: Vec<SilentUnits>,
}

/// The statuses a level's queue holds.
pub fn queue_statuses(level: ReviewLevel) -> Vec<ArticleStatus> {
    use ArticleStatus::*;
    match level {
        ReviewLevel::BelowProvincial => vec![Pending],
        ReviewLevel::Provincial => vec![Pending, Recommended],
        ReviewLevel::National => vec![Recommended, Published, Featured],
    }
}

pub async fn review_queue(
    ctx: &Ctx,
    who: &SignedIn,
    filters: &QueueFilters,
    page: u64,
    per_page: u64,
) -> ServiceResult<ReviewQueue> {
    let (level, _) = reviewer_level(who)?;
    let db = &ctx.db.conn;
    let offered = queue_statuses(level);
    let statuses: Vec<ArticleStatus> = match filters.status {
        Some(s) if offered.contains(&s) => vec![s],
        _ => offered.clone(),
    };
    let unit = match filters.unit {
        Some(id) => {
            let unit = orgs::get(db, id).await?.ok_or(ServiceError::NotFound)?;
            permit_for(&who.actor, Action::ViewOrg, &unit)?;
            Some(unit)
        }
        None => None,
    };
    let filter = QueueFilter {
        holder: (level != ReviewLevel::National).then_some(who.org.id),
        statuses: &statuses,
        under_path: Some(
            unit.as_ref()
                .map_or(who.org.path.as_str(), |u| u.path.as_str()),
        ),
        title_contains: Some(filters.title.as_str()),
        pushed_only: level == ReviewLevel::National,
    };
    let campaigns: HashMap<i64, Campaign> = campaigns::list(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let matching: Vec<Article> = reviews::queue(db, &filter, QUEUE_LIMIT)
        .await?
        .into_iter()
        .filter(|a| {
            filters
                .theme
                .as_ref()
                .is_none_or(|t| a.content.themes.contains(t))
        })
        .collect();
    let total = matching.len();
    let window = PageWindow::clamped(page, per_page);
    let shown: Vec<Article> = matching
        .into_iter()
        .skip(window.offset_usize())
        .take(window.per_page_usize())
        .collect();
    let post_ids: Vec<OrgId> = shown.iter().map(|a| a.post_org_id).collect();
    let posts = orgs::by_ids(db, &post_ids).await?;
    let items = shown
        .into_iter()
        .map(|article| {
            let campaign = campaigns.get(&article.campaign_id);
            QueueItem {
                post_name: posts
                    .get(&article.post_org_id)
                    .map(|p| p.name.clone())
                    .unwrap_or_default(),
                campaign_name: campaign.map(|c| c.name.clone()).unwrap_or_default(),
                theme_names: article
                    .content
                    .themes
                    .iter()
                    .filter_map(|k| {
                        campaign
                            .and_then(|c| c.rules.theme(k))
                            .map(|t| t.name.clone())
                    })
                    .collect(),
                article,
            }
        })
        .collect();
    let mut themes: Vec<(String, String)> = Vec::new();
    let mut ordered: Vec<&Campaign> = campaigns.values().collect();
    ordered.sort_by_key(|c| (c.sort_order, c.id));
    for campaign in &ordered {
        for theme in &campaign.rules.themes {
            if !themes.iter().any(|(k, _)| k == &theme.key) {
                themes.push((theme.key.clone(), theme.name.clone()));
            }
        }
    }
    let mut meters = Vec::new();
    let mut silent = Vec::new();
    let today = ctx.clock.today_in_china();
    for campaign in ordered {
        let Some(quotas) = campaign.rules.quotas else {
            continue;
        };
        if campaign.rules.is_archived(today) {
            continue;
        }
        silent.push(silent_units(db, who, level, campaign).await?);
        if level == ReviewLevel::Provincial {
            meters.push(QuotaMeter {
                campaign_name: campaign.name.clone(),
                used: reviews::count_in_list(db, campaign.id, who.org.id).await?,
                min: quotas.provincial_min,
                max: quotas.provincial_max,
            });
        }
    }
    Ok(ReviewQueue {
        level,
        statuses: offered,
        items,
        total,
        units: orgs::children(db, who.org.id).await?,
        themes,
        meters,
        silent,
    })
}

async fn silent_units<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    who: &SignedIn,
    level: ReviewLevel,
    campaign: &Campaign,
) -> ServiceResult<SilentUnits> {
    let include_posts = level == ReviewLevel::BelowProvincial;
    let counts = reviews::submissions_by_child(db, who.org.id, campaign.id, include_posts).await?;
    let tracked = counts.len();
    Ok(SilentUnits {
        campaign_id: campaign.id,
        campaign_name: campaign.name.clone(),
        tracked,
        units: counts.into_iter().filter(|u| u.submitted == 0).collect(),
    })
}
