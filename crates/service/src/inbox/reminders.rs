//! Deadline reminders: on each configured day before a campaign's collection window closes
//! (7 and 1 by default), every unit the one chase rule (`domain::chase`, as the queue and the
//! dashboard apply it) says must be chased gets one message: district-level federations below
//! `district_min` submitted articles, provincial federations below `provincial_min` in their
//! list, and posts the campaign admits that have submitted nothing. Run by a scheduled task in `serve`; safe with several
//! instances: a run first claims its unique key in `job_runs` in the same transaction as its
//! messages, so a second run of the same day finds the key taken and writes nothing.

use crate::context::Ctx;
use crate::error::ServiceResult;
use chrono::NaiveDate;
use jinguo_domain::OrgId;
use jinguo_domain::campaign::{Quotas, chinese_date};
use jinguo_domain::chase::{quota_state, unit_state};
use jinguo_domain::org::OrgKind;
use jinguo_storage::repo::campaigns::{self, Campaign};
use jinguo_storage::repo::inbox::{self, NewMessage};
use jinguo_storage::repo::{jobs, orgs, reviews};
use std::collections::{HashMap, HashSet};

/// The job's name in `job_runs`.
pub const JOB: &str = "deadline_reminder";

/// Sends the reminders due today (China date) that no instance has sent yet; returns how many
/// messages this call wrote.
pub async fn send_due_reminders(ctx: &Ctx) -> ServiceResult<usize> {
    let today = ctx.clock.today_in_china();
    let mut sent = 0;
    for campaign in campaigns::list(&ctx.db.conn).await? {
        for days in campaign.rules.reminders_due(today) {
            sent += remind(ctx, &campaign, today, days).await?;
        }
    }
    if sent > 0 {
        tracing::info!(reminders.sent = sent, "deadline reminders sent");
    }
    Ok(sent)
}

async fn remind(
    ctx: &Ctx,
    campaign: &Campaign,
    today: NaiveDate,
    days: u32,
) -> ServiceResult<usize> {
    let (Some(quotas), Some(window)) = (campaign.rules.quotas, campaign.rules.collection) else {
        return Ok(0);
    };
    let now = ctx.now();
    let txn = ctx.db.begin_write().await?;
    let days_key = i32::try_from(days).unwrap_or(i32::MAX);
    if !jobs::claim(&txn, JOB, campaign.id, today, days_key, now).await? {
        // Done (or being done) by another run; dropping the transaction rolls it back.
        return Ok(0);
    }
    let closes = chinese_date(window.closes);
    let provinces: HashSet<OrgId> = orgs::active_of_kind(&txn, OrgKind::Provincial)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let mut sent = 0;
    for (district, submitted) in districts_below(&txn, campaign.id, &quotas).await? {
        let body = format!(
            "{}征集阶段将于{closes}截止（还有{days}天）。本单位及所属巾帼文明岗已报送{submitted}篇，\
             至少应报送{}篇，请抓紧组织投稿。",
            campaign.name, quotas.district_min
        );
        write(&txn, district, campaign, days, &body, now).await?;
        sent += 1;
    }
    if let Some(root) = orgs::root(&txn).await? {
        for province in
            reviews::submissions_by_child(&txn, root.id, &root.path, campaign.id).await?
        {
            let state = quota_state(
                Some(quotas),
                OrgKind::Provincial,
                province.submitted,
                province.in_list,
            );
            let is_province = provinces.contains(&province.org_id);
            if is_province && state.needs_chasing() {
                let body = format!(
                    "{}征集阶段将于{closes}截止（还有{days}天）。本省已推荐{}篇，\
                     推荐数量应为{}–{}篇，请抓紧审核推荐。",
                    campaign.name, province.in_list, quotas.provincial_min, quotas.provincial_max
                );
                write(&txn, province.org_id, campaign, days, &body, now).await?;
                sent += 1;
            }
        }
    }
    let submitting: HashSet<OrgId> = reviews::submitted_posts(&txn, campaign.id)
        .await?
        .into_iter()
        .collect();
    for post in orgs::active_posts(&txn).await? {
        let state = unit_state(
            Some(quotas),
            OrgKind::Post,
            campaign.rules.check_eligible(post.post.as_ref()).is_ok(),
            u64::from(submitting.contains(&post.id)),
            0,
        );
        if state.needs_chasing() {
            let body = format!(
                "{}征集阶段将于{closes}截止（还有{days}天）。本岗尚未投稿，\
                 请在工作台点击“撰写新稿件”，讲述本岗的巾帼故事。",
                campaign.name
            );
            write(&txn, post.id, campaign, days, &body, now).await?;
            sent += 1;
        }
    }
    txn.commit().await?;
    Ok(sent)
}

/// District-level federations with fewer submitted articles (their posts' and their
/// sub-districts' together) than the minimum, with how many they have.
async fn districts_below<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    campaign_id: i64,
    quotas: &Quotas,
) -> ServiceResult<Vec<(OrgId, u64)>> {
    let posts = reviews::submitted_posts(db, campaign_id).await?;
    let mut distinct = posts.clone();
    distinct.sort_unstable_by_key(|id| id.0);
    distinct.dedup();
    let paths = orgs::by_ids(db, &distinct).await?;
    let mut counts: HashMap<OrgId, u64> = HashMap::new();
    for post in posts {
        if let Some(org) = paths.get(&post) {
            for ancestor in org.path.ids() {
                *counts.entry(ancestor).or_default() += 1;
            }
        }
    }
    Ok(orgs::active_of_kind(db, OrgKind::District)
        .await?
        .into_iter()
        .map(|(id, _)| (id, counts.get(&id).copied().unwrap_or(0)))
        .filter(|&(_, n)| quota_state(Some(*quotas), OrgKind::District, n, 0).needs_chasing())
        .collect())
}

async fn write<C: jinguo_storage::ConnectionTrait>(
    db: &C,
    recipient: OrgId,
    campaign: &Campaign,
    days: u32,
    body: &str,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<()> {
    let title = format!("截止提醒：{}征集还有{days}天截止", campaign.name);
    inbox::insert(
        db,
        &NewMessage {
            recipient,
            kind: "reminder",
            title: &title,
            body,
            article_id: None,
        },
        now,
    )
    .await?;
    Ok(())
}
