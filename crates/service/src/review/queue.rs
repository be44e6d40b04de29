//! A federation's review queue: the articles it holds (national: what the provinces recommended
//! and pushed, and what it published), filtered by status, theme, subordinate unit and title, with the
//! province's quota meter.

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::review::reviewer::reviewer_level;
use crate::stats::cache::{self, FigureKey};
use crate::stats::units::{ChaseList, chase_list};
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::limits::PageWindow;
use jinguo_domain::review::ReviewLevel;
use jinguo_domain::{Action, OrgId};
use jinguo_storage::repo::articles::Article;
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::queue::{self, ListPlace, QueueFilter, QueueOrder, QueueRow};
use jinguo_storage::repo::reviews;
use std::collections::HashMap;
use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};

#[derive(Debug, Clone, Default)]
pub struct QueueFilters {
    pub tab: QueueTab,
    /// Narrows the tab to one of its statuses (any status of the level on 已处理).
    pub status: Option<ArticleStatus>,
    /// A theme key.
    pub theme: Option<String>,
    /// A subordinate unit: only articles of posts at or below it (national: a province).
    pub unit: Option<OrgId>,
    pub title: String,
}

/// The tabs of a queue: what waits for this level, (national) what it has published, and what
/// the federation has already acted on, wherever it is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum QueueTab {
    #[default]
    Waiting,
    Published,
    Processed,
}

impl QueueTab {
    pub fn parse(s: &str) -> Option<QueueTab> {
        match s {
            "waiting" => Some(QueueTab::Waiting),
            "published" => Some(QueueTab::Published),
            "processed" => Some(QueueTab::Processed),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            QueueTab::Waiting => "waiting",
            QueueTab::Published => "published",
            QueueTab::Processed => "processed",
        }
    }

    pub fn label(self, level: ReviewLevel) -> &'static str {
        match (self, level) {
            (QueueTab::Waiting, ReviewLevel::National) => "待发布",
            (QueueTab::Waiting, _) => "待审核",
            (QueueTab::Published, _) => "已发布",
            (QueueTab::Processed, ReviewLevel::BelowProvincial) => "已处理（已上报、已退回）",
            (QueueTab::Processed, _) => "已处理",
        }
    }
}

/// The tabs a level's queue has.
pub fn queue_tabs(level: ReviewLevel) -> Vec<QueueTab> {
    match level {
        ReviewLevel::National => vec![QueueTab::Waiting, QueueTab::Published, QueueTab::Processed],
        _ => vec![QueueTab::Waiting, QueueTab::Processed],
    }
}

/// The statuses a tab holds (empty: any).
fn tab_statuses(level: ReviewLevel, tab: QueueTab) -> Vec<ArticleStatus> {
    use ArticleStatus::*;
    match (tab, level) {
        (QueueTab::Waiting, ReviewLevel::National) => vec![Recommended],
        (QueueTab::Waiting, _) => vec![Pending],
        (QueueTab::Published, _) => vec![Published, Featured],
        (QueueTab::Processed, _) => Vec::new(),
    }
}

pub struct QueueItem {
    pub article: Article,
    pub post_name: String,
    pub campaign_name: String,
    pub theme_names: Vec<String>,
    /// The province list that holds it, with its place and the province's reason.
    pub list_place: Option<ListPlace>,
    /// Who holds it now (None: with the post, or public).
    pub holder_name: Option<String>,
}

/// A province's progress in one campaign: 已推荐 used / min–max.
pub struct QuotaMeter {
    pub campaign_name: String,
    pub used: u64,
    pub min: u32,
    pub max: u32,
}

pub struct ReviewQueue {
    pub level: ReviewLevel,
    pub tab: QueueTab,
    pub tabs: Vec<QueueTab>,
    /// The statuses the status filter offers on this tab.
    pub statuses: Vec<ArticleStatus>,
    pub items: Vec<QueueItem>,
    pub total: u64,
    /// The units directly below the reviewer's federation, for the filter.
    pub units: Vec<Org>,
    /// Every theme of the campaigns (key, name), for the filter.
    pub themes: Vec<(String, String)>,
    pub meters: Vec<QuotaMeter>,
    /// Per running campaign with quotas: the units to chase (the one rule the dashboard and
    /// the reminders follow), and those the campaign does not admit.
    pub silent: Vec<ChaseList>,
}

/// The statuses a level's queue holds, in any of its tabs.
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
    let tab = if queue_tabs(level).contains(&filters.tab) {
        filters.tab
    } else {
        QueueTab::Waiting
    };
    let in_tab = tab_statuses(level, tab);
    let offered = if in_tab.is_empty() {
        queue_statuses(level)
    } else {
        in_tab.clone()
    };
    // A status asked for by name narrows any tab to it, as long as the level's queue holds it.
    let statuses: Vec<ArticleStatus> = match filters.status {
        Some(s) if queue_statuses(level).contains(&s) => vec![s],
        _ => in_tab,
    };
    let unit = match filters.unit {
        Some(id) => {
            let unit = orgs::get(db, id).await?.ok_or(ServiceError::NotFound)?;
            permit_for(&who.actor, Action::ViewOrg, &unit)?;
            Some(unit)
        }
        None => None,
    };
    let holder = (tab == QueueTab::Waiting && level != ReviewLevel::National).then_some(who.org.id);
    let filter = QueueFilter {
        holder,
        statuses: &statuses,
        under_path: match &unit {
            Some(unit) => Some(unit.path.as_str()),
            None => own_subtree(who, holder),
        },
        title_contains: Some(filters.title.as_str()),
        theme: filters.theme.as_deref(),
        pushed_only: level == ReviewLevel::National && tab != QueueTab::Processed,
        acted_on_by: (tab == QueueTab::Processed).then_some(who.org.id),
        order: match (tab, level) {
            (QueueTab::Waiting, ReviewLevel::National) => QueueOrder::ProvinceList,
            (QueueTab::Published, _) => QueueOrder::RecentlyPublished,
            _ => QueueOrder::RecentlyChanged,
        },
    };
    let campaigns: HashMap<i64, Campaign> = campaigns::list(db)
        .await?
        .into_iter()
        .map(|c| (c.id, c))
        .collect();
    let window = PageWindow::clamped(page, per_page);
    let total = kept_count(ctx, who, &filter).await?;
    let rows = kept_page(ctx, who, &filter, window.offset(), window.per_page).await?;
    let items = rows
        .into_iter()
        .map(|row| {
            let campaign = campaigns.get(&row.article.campaign_id);
            QueueItem {
                post_name: row.post_name,
                campaign_name: campaign.map(|c| c.name.clone()).unwrap_or_default(),
                theme_names: row
                    .article
                    .content
                    .themes
                    .iter()
                    .filter_map(|k| {
                        campaign
                            .and_then(|c| c.rules.theme(k))
                            .map(|t| t.name.clone())
                    })
                    .collect(),
                list_place: row.province,
                holder_name: row.holder_name,
                article: row.article,
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
        silent.push(chase_list(ctx, &who.org, campaign).await?);
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
        tab,
        tabs: queue_tabs(level),
        statuses: offered,
        items,
        total,
        units: crate::stats::units::children(ctx, who.org.id)
            .await?
            .as_ref()
            .clone(),
        themes,
        meters,
        silent,
    })
}

/// The reviewer's own subtree as a filter, unless the queue is already what the reviewer's
/// organisation holds: an article waits with a federation only inside its subtree, and leaving
/// the redundant range out lets the count read the holder's index entries alone.
fn own_subtree(who: &SignedIn, holder: Option<OrgId>) -> Option<&str> {
    (holder != Some(who.org.id)).then_some(who.org.path.as_str())
}

/// The waiting tab's filter with no narrowing: what waits for the reviewer's level.
fn waiting_filter<'a>(
    level: ReviewLevel,
    who: &'a SignedIn,
    statuses: &'a [ArticleStatus],
) -> QueueFilter<'a> {
    QueueFilter {
        holder: (level != ReviewLevel::National).then_some(who.org.id),
        statuses,
        under_path: own_subtree(who, (level != ReviewLevel::National).then_some(who.org.id)),
        pushed_only: level == ReviewLevel::National,
        order: if level == ReviewLevel::National {
            QueueOrder::ProvinceList
        } else {
            QueueOrder::RecentlyChanged
        },
        ..QueueFilter::default()
    }
}

/// How many articles wait for the reviewer's level (the 审核 badge, the workbench).
pub async fn waiting_count(ctx: &Ctx, who: &SignedIn) -> ServiceResult<u64> {
    let (level, _) = reviewer_level(who)?;
    let statuses = tab_statuses(level, QueueTab::Waiting);
    kept_count(ctx, who, &waiting_filter(level, who, &statuses)).await
}

/// Whether a queue's counts and page facts may be kept in the figure cache: every change to
/// which articles it holds moves a mark (a move records an event, a list write moves `lists`,
/// a merge or a rename an organisation's stamp), and the articles themselves are read fresh.
/// Only a post's edit moves no mark: it may change a title or the themes, so a queue narrowed
/// by either is kept only when no post can edit what it holds; unnarrowed, an edit may only
/// move a returned article up the 已处理 tab, which shows within the cache's minute.
fn keepable(filter: &QueueFilter<'_>) -> bool {
    let none_editable =
        !filter.statuses.is_empty() && !filter.statuses.iter().any(|s| s.is_editable_by_post());
    let by_title = filter.title_contains.is_some_and(|t| !t.trim().is_empty());
    let by_theme = filter.theme.is_some_and(|t| !t.is_empty());
    none_editable || !(by_title || by_theme)
}

fn variant(of: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    of.hash(&mut hasher);
    hasher.finish()
}

/// How many articles a queue holds: at national scale a count joins the pushed lists or a
/// subtree's posts, and the badge, the workbench and the tab ask it on every page.
async fn kept_count(ctx: &Ctx, who: &SignedIn, filter: &QueueFilter<'_>) -> ServiceResult<u64> {
    let db = &ctx.db.conn;
    if !keepable(filter) {
        return Ok(queue::count(db, filter).await?);
    }
    let key = FigureKey {
        figure: "queue_count",
        org_id: who.org.id.0,
        campaign_id: 0,
        variant: variant(filter),
    };
    let n = cache::figure(ctx, key, || async { Ok(queue::count(db, filter).await?) }).await?;
    Ok(*n)
}

/// One page of a queue; its facts kept like [`kept_count`], its articles read fresh.
async fn kept_page(
    ctx: &Ctx,
    who: &SignedIn,
    filter: &QueueFilter<'_>,
    offset: u64,
    limit: u64,
) -> ServiceResult<Vec<QueueRow>> {
    let db = &ctx.db.conn;
    if !keepable(filter) {
        return Ok(queue::page(db, filter, offset, limit).await?);
    }
    let key = FigureKey {
        figure: "queue_page",
        org_id: who.org.id.0,
        campaign_id: 0,
        variant: variant((filter, offset, limit)),
    };
    let facts = cache::figure(ctx, key, || async {
        Ok(queue::page_facts(db, filter, offset, limit).await?)
    })
    .await?;
    Ok(queue::rows(db, &facts).await?)
}

/// The first article waiting for the reviewer's level other than `except`, in the waiting tab's
/// order: where “下一篇待审” leads after a move.
pub async fn next_waiting(ctx: &Ctx, who: &SignedIn, except: i64) -> ServiceResult<Option<i64>> {
    let (level, _) = reviewer_level(who)?;
    let statuses = tab_statuses(level, QueueTab::Waiting);
    let filter = waiting_filter(level, who, &statuses);
    Ok(queue::page(&ctx.db.conn, &filter, 0, 2)
        .await?
        .into_iter()
        .map(|row| row.article.id)
        .find(|&id| id != except))
}
