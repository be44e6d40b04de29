//! The rows of the exports, scoped like the dashboard: the campaign's submissions in the
//! viewer's subtree (a page at a time, by article id), the quota report of every federation in
//! it, and the review history (a page at a time, by event id). The web layer words and writes
//! them (CSV streamed, xlsx in constant memory).

use crate::actor::SignedIn;
use crate::context::Ctx;
use crate::error::ServiceResult;
use crate::stats::dashboard::Figures;
use crate::stats::{QuotaState, Scope, authorize_scope, quota_state};
use chrono::{DateTime, Utc};
use jinguo_domain::OrgId;
use jinguo_domain::article::ArticleStatus;
use jinguo_domain::org::OrgKind;
use jinguo_storage::repo::articles;
use jinguo_storage::repo::campaigns::Campaign;
use jinguo_storage::repo::orgs::{self, Org};
use jinguo_storage::repo::reviews::IN_PROVINCE_LIST;
use jinguo_storage::repo::stats;
use std::collections::HashMap;

/// Rows read from the database per page.
pub const PAGE: u64 = 1000;

/// An export's scope, authorized once: the viewer's federation, the campaign, an optional
/// status filter, and the organisations needed to label rows.
pub struct Export {
    pub org: Org,
    pub campaign: Campaign,
    pub status: Option<ArticleStatus>,
    orgs: HashMap<OrgId, Org>,
}

pub async fn prepare(
    ctx: &Ctx,
    who: &SignedIn,
    campaign_id: Option<i64>,
    status: Option<ArticleStatus>,
) -> ServiceResult<Export> {
    let Scope { org, campaign, .. } = authorize_scope(ctx, who, campaign_id).await?;
    let db = &ctx.db.conn;
    let (subtree, _) = orgs::search_subtree(db, &org.path, "", None, 10_000_000, 0).await?;
    let mut map: HashMap<OrgId, Org> = subtree.into_iter().map(|o| (o.id, o)).collect();
    // The viewer's ancestors name the province of a district viewer's rows.
    map.extend(orgs::by_ids(db, &org.path.ids()).await?);
    Ok(Export {
        org,
        campaign,
        status,
        orgs: map,
    })
}

pub struct SubmissionRow {
    pub id: i64,
    pub title: String,
    pub post: String,
    pub work_unit: String,
    pub district: String,
    pub province: String,
    pub themes: Vec<String>,
    pub words: i32,
    pub status: ArticleStatus,
    pub first_submitted: Option<DateTime<Utc>>,
    pub last_submitted: Option<DateTime<Utc>>,
    pub updated: DateTime<Utc>,
    pub latest_comment: String,
}

pub struct QuotaRow {
    pub name: String,
    pub kind: OrgKind,
    pub parent: String,
    pub figures: Figures,
    /// The minimum and maximum that apply (max only for provinces).
    pub min: Option<u32>,
    pub max: Option<u32>,
    pub quota: QuotaState,
}

pub struct HistoryRow {
    pub at: DateTime<Utc>,
    pub article_id: i64,
    pub title: String,
    pub post: String,
    /// The stable action code (`submit`, `forward`, `recommend` …).
    pub action: String,
    pub from: Option<ArticleStatus>,
    pub to: Option<ArticleStatus>,
    pub actor: String,
    pub org: String,
    pub comment: String,
}

impl Export {
    fn name(&self, id: OrgId) -> String {
        self.orgs
            .get(&id)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    }

    /// The nearest ancestor of a post of the given kind.
    fn ancestor(&self, post: &Org, kind: OrgKind) -> String {
        post.path
            .ids()
            .iter()
            .rev()
            .filter_map(|id| self.orgs.get(id))
            .find(|o| o.kind == kind)
            .map(|o| o.name.clone())
            .unwrap_or_default()
    }

    /// Submissions with id above `after`; an empty page means the end.
    pub async fn submissions(&self, ctx: &Ctx, after: i64) -> ServiceResult<Vec<SubmissionRow>> {
        let db = &ctx.db.conn;
        let articles = stats::articles_page(
            db,
            self.campaign.id,
            &self.org.path,
            self.status,
            after,
            PAGE,
        )
        .await?;
        let ids: Vec<i64> = articles.iter().map(|a| a.id).collect();
        let mut notes = stats::submission_notes(db, &ids).await?;
        // While a post edits a returned or withdrawn article, federations see what was last
        // submitted, never the working draft (`access::article_sight`).
        let being_edited: Vec<(i64, i32)> = articles
            .iter()
            .filter(|a| a.status.is_editable_by_post())
            .map(|a| (a.id, a.revision))
            .collect();
        let mut submitted = articles::last_submitted(db, &being_edited).await?;
        Ok(articles
            .into_iter()
            .map(|mut a| {
                if let Some(revision) = submitted.remove(&a.id) {
                    a.content = revision.content;
                    a.word_count = revision.word_count;
                }
                let (first, comment) = notes.remove(&a.id).unwrap_or_default();
                let post = self.orgs.get(&a.post_org_id);
                SubmissionRow {
                    id: a.id,
                    post: post.map(|p| p.name.clone()).unwrap_or_default(),
                    work_unit: post
                        .and_then(|p| p.post.as_ref())
                        .map(|p| p.work_unit.clone())
                        .unwrap_or_default(),
                    district: post
                        .map(|p| self.ancestor(p, OrgKind::District))
                        .unwrap_or_default(),
                    province: post
                        .map(|p| self.ancestor(p, OrgKind::Provincial))
                        .unwrap_or_default(),
                    themes: a
                        .content
                        .themes
                        .iter()
                        .map(|k| {
                            self.campaign
                                .rules
                                .theme(k)
                                .map_or_else(|| k.clone(), |t| t.name.clone())
                        })
                        .collect(),
                    words: a.word_count,
                    status: a.status,
                    first_submitted: first,
                    last_submitted: a.submitted_at,
                    updated: a.updated_at,
                    latest_comment: comment,
                    title: a.content.title,
                }
            })
            .collect())
    }

    /// Every federation of the subtree (the viewer first, then by path) with its figures.
    pub async fn quota(&self, ctx: &Ctx) -> ServiceResult<Vec<QuotaRow>> {
        let facts = stats::facts(&ctx.db.conn, self.campaign.id, &self.org.path).await?;
        let mut figures: HashMap<OrgId, Figures> = HashMap::new();
        for fact in &facts {
            for id in fact.post_path.ids() {
                let f = figures.entry(id).or_default();
                let n = fact.articles;
                f.submitted += n;
                match fact.status {
                    ArticleStatus::Pending => f.pending += n,
                    ArticleStatus::Recommended => f.recommended += n,
                    ArticleStatus::Published | ArticleStatus::Featured => f.published += n,
                    _ => {}
                }
            }
            if let Some(holder) = fact.holder
                && IN_PROVINCE_LIST.contains(&fact.status)
            {
                figures.entry(holder).or_default().in_list += fact.articles;
            }
        }
        let quotas = self.campaign.rules.quotas;
        let mut units: Vec<&Org> = self
            .orgs
            .values()
            .filter(|o| {
                o.path.is_within(&self.org.path)
                    && o.kind != OrgKind::Post
                    && o.status == jinguo_domain::org::OrgStatus::Active
            })
            .collect();
        units.sort_by(|a, b| {
            (a.path.depth(), a.path.as_str()).cmp(&(b.path.depth(), b.path.as_str()))
        });
        Ok(units
            .into_iter()
            .map(|o| {
                let f = figures.get(&o.id).cloned().unwrap_or_default();
                let (min, max) = match (quotas, o.kind) {
                    (Some(q), OrgKind::Provincial) => {
                        (Some(q.provincial_min), Some(q.provincial_max))
                    }
                    (Some(q), OrgKind::District) => (Some(q.district_min), None),
                    _ => (None, None),
                };
                QuotaRow {
                    name: o.name.clone(),
                    kind: o.kind,
                    parent: o.parent_id.map(|p| self.name(p)).unwrap_or_default(),
                    quota: quota_state(quotas, o.kind, f.submitted, f.in_list),
                    figures: f,
                    min,
                    max,
                }
            })
            .collect())
    }

    /// The review events of the articles with id above `after` (a page of articles), by
    /// article then time; returns the rows and the last article id read (`None` at the end).
    pub async fn history(
        &self,
        ctx: &Ctx,
        after: i64,
    ) -> ServiceResult<(Vec<HistoryRow>, Option<i64>)> {
        let db = &ctx.db.conn;
        let (events, last) =
            stats::events_page(db, self.campaign.id, &self.org.path, after, PAGE).await?;
        let mut ids: Vec<i64> = events.iter().map(|e| e.article_id).collect();
        ids.sort_unstable();
        ids.dedup();
        let labels = stats::article_labels(db, &ids).await?;
        let rows = events
            .into_iter()
            .map(|e| {
                let (title, post) = labels
                    .get(&e.article_id)
                    .map(|(t, p)| (t.clone(), self.name(*p)))
                    .unwrap_or_default();
                HistoryRow {
                    at: e.at,
                    article_id: e.article_id,
                    title,
                    post,
                    from: ArticleStatus::parse(&e.from_status),
                    to: ArticleStatus::parse(&e.to_status),
                    action: e.action,
                    actor: e.actor_name,
                    org: e.org_name,
                    comment: e.comment,
                }
            })
            .collect();
        Ok((rows, last))
    }
}
