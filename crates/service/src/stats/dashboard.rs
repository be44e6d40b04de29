//! A federation's dashboard for one campaign, scoped to its subtree: counts by status, its quota
//! meter, each direct subordinate unit's figures and quota state (national: the per-province
//! table), submissions per day and per theme, and the featured articles.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::ServiceResult;
use crate::stats::cache::{self, FigureKey};
use crate::stats::{Scope, authorize_scope, unit_state, units};
use chrono::NaiveDate;
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::clock::china_date;
use jinguo_domain::org::OrgKind;
use jinguo_storage::repo::campaigns::Campaign;
use jinguo_storage::repo::orgs::Org;
use jinguo_storage::repo::queue::{self, QueueFilter};
use jinguo_storage::repo::reviews::IN_PROVINCE_LIST;
use jinguo_storage::repo::stats::{self, Fact};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

pub use crate::stats::QuotaState;

/// How many days the per-day chart shows at most (the most recent ones).
pub const MAX_DAYS: usize = 45;
/// How many featured articles the dashboard lists.
const FEATURED_LIMIT: u64 = 20;

/// The statuses counted, in the order shown.
pub const STATUSES: [ArticleStatus; 8] = [
    ArticleStatus::Pending,
    ArticleStatus::Returned,
    ArticleStatus::Recommended,
    ArticleStatus::Published,
    ArticleStatus::Featured,
    ArticleStatus::Rejected,
    ArticleStatus::Unpublished,
    ArticleStatus::Draft,
];

/// A unit's figures in one campaign.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    /// Articles submitted at least once.
    pub submitted: u64,
    pub pending: u64,
    /// Status 已推荐 now.
    pub recommended: u64,
    /// Published or featured.
    pub published: u64,
    /// Articles taking a place in this province's list (recommended, published, featured).
    pub in_list: u64,
}

#[derive(Debug, Clone)]
pub struct UnitRow {
    pub org: Org,
    pub figures: Figures,
    pub quota: QuotaState,
}

/// The viewer's own meter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Meter {
    /// A province: 已推荐 in its list against min–max.
    Province { used: u64, min: u32, max: u32 },
    /// A district-level federation: submitted against its minimum.
    District { submitted: u64, min: u32 },
    /// National: how many provinces reach their minimum.
    National { met: u64, provinces: u64, min: u32 },
}

#[derive(Debug, Clone)]
pub struct Featured {
    pub id: i64,
    pub title: String,
    pub post_name: String,
}

pub struct Dashboard {
    pub org: Org,
    pub campaign: Campaign,
    /// Campaigns to choose from.
    pub campaigns: Vec<Campaign>,
    pub submitted: u64,
    /// Count per status, in `STATUSES` order.
    pub by_status: Vec<(ArticleStatus, u64)>,
    pub meter: Option<Meter>,
    pub units: Vec<UnitRow>,
    /// First submissions per China date (the most recent `MAX_DAYS` days with gaps filled).
    pub per_day: Vec<(NaiveDate, u64)>,
    /// Articles per theme (an article with two themes counts in both), in the campaign's order.
    pub per_theme: Vec<(String, u64)>,
    pub featured: Vec<Featured>,
}

/// The figures of the facts whose post lies under `path`; `in_list` counts those held by `org`.
fn figures_of<'a>(facts: impl Iterator<Item = &'a Fact>, org: OrgId) -> Figures {
    let mut f = Figures::default();
    for fact in facts {
        let n = fact.articles;
        f.submitted += n;
        match fact.status {
            ArticleStatus::Pending => f.pending += n,
            ArticleStatus::Recommended => f.recommended += n,
            ArticleStatus::Published | ArticleStatus::Featured => f.published += n,
            _ => {}
        }
        if fact.holder == Some(org) && IN_PROVINCE_LIST.contains(&fact.status) {
            f.in_list += n;
        }
    }
    f
}

pub async fn dashboard(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: Option<i64>,
) -> ServiceResult<Dashboard> {
    let Scope {
        org,
        campaign,
        campaigns,
    } = authorize_scope(ctx, who, campaign_id).await?;
    let subtree = subtree_figures(ctx, &org, &campaign).await?;
    let by_status = STATUSES
        .iter()
        .map(|s| (*s, subtree.by_status.get(s).copied().unwrap_or(0)))
        .collect();
    let quotas = campaign.rules.quotas;
    let mut units = Vec::new();
    for child in units::children(ctx, org.id).await?.iter().cloned() {
        if !units::is_tracked(&org, &child) {
            continue;
        }
        let figures = subtree.by_child.get(&child.id).cloned().unwrap_or_default();
        // The one chase rule, as the queue and the reminders apply it.
        let quota = unit_state(
            quotas,
            child.kind,
            units::admitted(&campaign, &child),
            figures.submitted,
            figures.in_list,
        );
        units.push(UnitRow {
            org: child,
            figures,
            quota,
        });
    }

    let own = &subtree.own;
    let meter = quotas.and_then(|q| match org.kind {
        OrgKind::Provincial => Some(Meter::Province {
            used: own.in_list,
            min: q.provincial_min,
            max: q.provincial_max,
        }),
        OrgKind::District => Some(Meter::District {
            submitted: own.submitted,
            min: q.district_min,
        }),
        OrgKind::National => Some(Meter::National {
            met: units
                .iter()
                .filter(|u| u.org.kind == OrgKind::Provincial && u.quota.is_met())
                .count() as u64,
            provinces: units
                .iter()
                .filter(|u| u.org.kind == OrgKind::Provincial)
                .count() as u64,
            min: q.provincial_min,
        }),
        OrgKind::Post => None,
    });

    let per_day = per_day_counts(&subtree.first_days, ctx.clock.today_in_china());
    let per_theme = campaign
        .rules
        .themes
        .iter()
        .map(|t| {
            (
                t.name.clone(),
                subtree.themes.get(&t.key).copied().unwrap_or(0),
            )
        })
        .collect();

    let featured = subtree.featured.clone();

    Ok(Dashboard {
        submitted: subtree.own.submitted,
        org,
        campaign,
        campaigns,
        by_status,
        meter,
        units,
        per_day,
        per_theme,
        featured,
    })
}

/// Counts per China date, gaps filled with zero, the most recent `MAX_DAYS` days up to the last
/// submission (or today, if earlier).
pub fn per_day(dates: impl Iterator<Item = NaiveDate>, today: NaiveDate) -> Vec<(NaiveDate, u64)> {
    per_day_counts(&day_counts(dates), today)
}

fn day_counts(dates: impl Iterator<Item = NaiveDate>) -> BTreeMap<NaiveDate, u64> {
    let mut counts: BTreeMap<NaiveDate, u64> = BTreeMap::new();
    for d in dates {
        *counts.entry(d).or_default() += 1;
    }
    counts
}

/// [`per_day`] of dates already counted.
fn per_day_counts(counts: &BTreeMap<NaiveDate, u64>, today: NaiveDate) -> Vec<(NaiveDate, u64)> {
    let (Some(first), Some(last)) = (
        counts.keys().next().copied(),
        counts.keys().next_back().copied(),
    ) else {
        return Vec::new();
    };
    let last = last.max(first).min(today.max(first));
    let span = MAX_DAYS as i64 - 1;
    let start = first.max(last - chrono::Duration::days(span));
    let mut out = Vec::new();
    let mut day = start;
    while day <= last {
        out.push((day, counts.get(&day).copied().unwrap_or(0)));
        day += chrono::Duration::days(1);
    }
    out
}

/// What the dashboard counts over the whole subtree, kept while nothing it counts changed
/// (`cache`): at the national level it reads every submitted article's facts, so it keeps
/// their sums, not the facts (summing 100,000 facts on every view cost 13 ms).
struct SubtreeFigures {
    /// The viewer's own figures (its subtree; `in_list` what it holds).
    own: Figures,
    by_status: HashMap<ArticleStatus, u64>,
    /// Each direct child's figures (`in_list` what the child holds).
    by_child: HashMap<OrgId, Figures>,
    /// First submissions per China date.
    first_days: BTreeMap<NaiveDate, u64>,
    /// Articles per theme key.
    themes: HashMap<String, u64>,
    featured: Vec<Featured>,
}

impl SubtreeFigures {
    /// The sums of `facts` for `org`'s dashboard.
    fn sums(
        org: &Org,
        facts: &[Fact],
    ) -> (
        Figures,
        HashMap<ArticleStatus, u64>,
        HashMap<OrgId, Figures>,
    ) {
        let mut by_status: HashMap<ArticleStatus, u64> = HashMap::new();
        for fact in facts {
            *by_status.entry(fact.status).or_default() += fact.articles;
        }
        // Each fact belongs to the direct child whose id follows the viewer's in its path.
        let depth = org.path.ids().len();
        let mut grouped: HashMap<OrgId, Vec<&Fact>> = HashMap::new();
        for fact in facts {
            if let Some(child) = fact.post_path.ids().get(depth) {
                grouped.entry(*child).or_default().push(fact);
            }
        }
        let by_child = grouped
            .into_iter()
            .map(|(child, facts)| (child, figures_of(facts.into_iter(), child)))
            .collect();
        (figures_of(facts.iter(), org.id), by_status, by_child)
    }
}

async fn subtree_figures(
    ctx: &Ctx,
    org: &Org,
    campaign: &Campaign,
) -> ServiceResult<Arc<SubtreeFigures>> {
    let key = FigureKey {
        figure: "dashboard",
        org_id: org.id.0,
        campaign_id: campaign.id,
        variant: 0,
    };
    let db = &ctx.db.conn;
    cache::figure(ctx, key, || async {
        let mut themes: HashMap<String, u64> = HashMap::new();
        for (keys, n) in stats::theme_key_counts(db, campaign.id, &org.path).await? {
            for key in keys.split(',').filter(|k| !k.is_empty()) {
                *themes.entry(key.to_string()).or_default() += n;
            }
        }
        let featured_statuses = [ArticleStatus::Featured];
        let featured = queue::page(
            db,
            &QueueFilter {
                statuses: &featured_statuses,
                under_path: Some(org.path.as_str()),
                ..QueueFilter::default()
            },
            0,
            FEATURED_LIMIT,
        )
        .await?
        .into_iter()
        .filter(|row| row.article.campaign_id == campaign.id)
        .map(|row| Featured {
            id: row.article.id,
            post_name: row.post_name,
            title: row.article.content.title,
        })
        .collect();
        let facts = stats::facts(db, campaign.id, &org.path).await?;
        let (own, by_status, by_child) = SubtreeFigures::sums(org, &facts);
        let first_days = day_counts(
            stats::first_submissions(db, campaign.id, &org.path)
                .await?
                .into_iter()
                .map(china_date),
        );
        Ok(SubtreeFigures {
            own,
            by_status,
            by_child,
            first_days,
            featured,
            themes,
        })
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, day).unwrap()
    }

    #[test]
    fn days_without_submissions_are_filled_with_zero() {
        let got = per_day([d(5, 3), d(5, 1), d(5, 3)].into_iter(), d(6, 1));
        assert_eq!(got, vec![(d(5, 1), 1), (d(5, 2), 0), (d(5, 3), 2)]);
    }

    #[test]
    fn only_the_most_recent_days_are_kept() {
        let got = per_day([d(3, 1), d(5, 30)].into_iter(), d(6, 1));
        assert_eq!(got.len(), MAX_DAYS);
        assert_eq!(got.last(), Some(&(d(5, 30), 1)));
        assert_eq!(got.iter().map(|(_, n)| n).sum::<u64>(), 1);
    }

    #[test]
    fn no_submissions_no_days() {
        assert!(per_day(std::iter::empty(), d(6, 1)).is_empty());
    }
}
