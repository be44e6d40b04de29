//! What the signed-in workbench (工作台) says to do next, per role, and the counts behind the
//! navigation's badges: a post's drafts, articles under review and returned ones with the
//! latest reason; a reviewer's waiting articles, quota meter and units to chase (the one chase
//! rule); an admin's locked accounts; and the open campaigns' phases with the days left.

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::ServiceResult;
use crate::review::queue::{QueueTab, waiting_count};
use crate::review::reviewer::reviewer_level;
use crate::stats::units::{ChaseList, chase_list};
use chrono::NaiveDate;
use jinguo_domain::account::Role;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::campaign::Phase;
use jinguo_domain::org::OrgKind;
use jinguo_domain::review::ReviewLevel;
use jinguo_storage::repo::articles::{self, ArticleEvent};
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::{accounts, login_throttles, orgs, reviews};

/// The navigation's badges: 审核 (what waits for my level) and 我的稿件 (what came back to me).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Badges {
    pub waiting: u64,
    pub returned: u64,
}

pub async fn badges(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Badges> {
    let mut badges = Badges::default();
    match (who.org.kind, who.account.role) {
        (OrgKind::Post, Role::Submitter) => {
            badges.returned = count_of(ctx, who, &[ArticleStatus::Returned]).await?;
        }
        (OrgKind::Post, _) => {}
        (_, Role::Reviewer) => badges.waiting = waiting_count(ctx, who).await?,
        _ => {}
    }
    Ok(badges)
}

async fn count_of(ctx: &Ctx, who: &SignedIn, statuses: &[ArticleStatus]) -> ServiceResult<u64> {
    let counts = articles::status_counts(&ctx.db.conn, who.org.id).await?;
    Ok(counts
        .into_iter()
        .filter(|(s, _)| statuses.contains(s))
        .map(|(_, n)| n)
        .sum())
}

/// One phase of an open campaign, as the workbench shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhaseDeadline {
    pub phase: Phase,
    pub opens: NaiveDate,
    pub closes: NaiveDate,
    /// Days until it closes (0: closes today); None when the phase is over or not begun.
    pub days_left: Option<i64>,
    pub current: bool,
}

#[derive(Debug, Clone)]
pub struct CampaignDeadlines {
    pub campaign_id: i64,
    pub name: String,
    pub phases: Vec<PhaseDeadline>,
}

/// A post's desk.
#[derive(Debug, Clone, Default)]
pub struct PostDesk {
    pub drafts: u64,
    /// Pending or recommended: with the federations.
    pub in_review: u64,
    pub returned: u64,
    pub published: u64,
    /// The latest reason a returned article came back with, and which article.
    pub latest_return: Option<(i64, String, ArticleEvent)>,
}

/// A reviewer's desk.
#[derive(Debug, Clone)]
pub struct ReviewDesk {
    pub level: ReviewLevel,
    pub waiting: u64,
    pub waiting_label: &'static str,
    /// A province: 已推荐 used / min–max per campaign with quotas.
    pub meters: Vec<(String, u64, u32, u32)>,
    pub chase: Vec<ChaseList>,
}

#[derive(Debug, Clone, Default)]
pub struct AdminDesk {
    /// Accounts of my subtree locked after failed sign-ins.
    pub locked_accounts: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Desk {
    pub campaigns: Vec<CampaignDeadlines>,
    pub post: Option<PostDesk>,
    pub review: Option<ReviewDesk>,
    pub admin: Option<AdminDesk>,
}

pub async fn desk(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Desk> {
    let today = ctx.clock.today_in_china();
    let mut open: Vec<Campaign> = campaigns::list(&ctx.db.conn)
        .await?
        .into_iter()
        .filter(|c| !c.rules.is_archived(today))
        .collect();
    open.sort_by_key(|c| (c.sort_order, c.id));
    let mut desk = Desk {
        campaigns: open
            .iter()
            .filter(|c| c.rules.quotas.is_some())
            .map(|c| deadlines(c, today))
            .collect(),
        ..Desk::default()
    };
    if who.org.kind == OrgKind::Post {
        desk.post = Some(post_desk(ctx, who).await?);
    } else if who.account.role == Role::Reviewer {
        desk.review = Some(review_desk(ctx, who, &open).await?);
    }
    if who.account.role == Role::Admin {
        desk.admin = Some(admin_desk(ctx, who).await?);
    }
    Ok(desk)
}

fn deadlines(campaign: &Campaign, today: NaiveDate) -> CampaignDeadlines {
    let phases = [Phase::Collection, Phase::Recommendation, Phase::Display]
        .into_iter()
        .filter_map(|phase| {
            let window = campaign.rules.window(phase)?;
            let current = window.contains(today);
            Some(PhaseDeadline {
                phase,
                opens: window.opens,
                closes: window.closes,
                days_left: current.then(|| (window.closes - today).num_days()),
                current,
            })
        })
        .collect();
    CampaignDeadlines {
        campaign_id: campaign.id,
        name: campaign.name.clone(),
        phases,
    }
}

async fn post_desk(ctx: &Ctx, who: &SignedIn) -> ServiceResult<PostDesk> {
    let db = &ctx.db.conn;
    let mut desk = PostDesk::default();
    for (status, n) in articles::status_counts(db, who.org.id).await? {
        match status {
            ArticleStatus::Draft => desk.drafts += n,
            ArticleStatus::Pending | ArticleStatus::Recommended => desk.in_review += n,
            ArticleStatus::Returned => desk.returned += n,
            ArticleStatus::Published | ArticleStatus::Featured => desk.published += n,
            _ => {}
        }
    }
    if desk.returned > 0 {
        let (returned, _) =
            articles::list_for_post(db, who.org.id, &[ArticleStatus::Returned], 20, 0).await?;
        let ids: Vec<i64> = returned.iter().map(|a| a.id).collect();
        let comments = articles::latest_comments(db, &ids).await?;
        desk.latest_return = returned
            .into_iter()
            .filter_map(|a| {
                comments
                    .get(&a.id)
                    .map(|e| (a.id, a.content.title.clone(), e.clone()))
            })
            .max_by_key(|(_, _, e)| (e.at, e.id));
    }
    Ok(desk)
}

async fn review_desk(ctx: &Ctx, who: &SignedIn, open: &[Campaign]) -> ServiceResult<ReviewDesk> {
    let db = &ctx.db.conn;
    let (level, _) = reviewer_level(who)?;
    let mut meters = Vec::new();
    let mut chase = Vec::new();
    for campaign in open {
        let Some(quotas) = campaign.rules.quotas else {
            continue;
        };
        if level == ReviewLevel::Provincial {
            meters.push((
                campaign.name.clone(),
                reviews::count_in_list(db, campaign.id, who.org.id).await?,
                quotas.provincial_min,
                quotas.provincial_max,
            ));
        }
        chase.push(chase_list(ctx, &who.org, campaign).await?);
    }
    Ok(ReviewDesk {
        level,
        waiting: waiting_count(ctx, who).await?,
        waiting_label: QueueTab::Waiting.label(level),
        meters,
        chase,
    })
}

async fn admin_desk(ctx: &Ctx, who: &SignedIn) -> ServiceResult<AdminDesk> {
    let db = &ctx.db.conn;
    // A short delay is not a lock; only a lock outlasts the longest delay.
    let after = ctx.now()
        + chrono::Duration::seconds(jinguo_domain::login_throttle::ACCOUNT.max_delay_secs);
    let mut locked = Vec::new();
    for username in login_throttles::locked_usernames(db, after).await? {
        let Some(account) = accounts::get_by_username(db, &username).await? else {
            continue;
        };
        let within = orgs::get(db, account.org_id)
            .await?
            .is_some_and(|org| org.path.is_within(&who.org.path));
        if within {
            locked.push(account.username);
        }
    }
    Ok(AdminDesk {
        locked_accounts: locked,
    })
}
