//! `/dashboard` (数据看板): a federation's figures for one campaign, scoped to its subtree —
//! counts by status, its quota meter, the units to chase, the per-unit (national: per-province)
//! table, server-rendered SVG charts per day and per theme, the featured list and the exports.

pub mod charts;

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use charts::{BarChart, bar_chart_days, bar_chart_themes};
use jinguo_domain::account::Role;
use jinguo_domain::org::OrgKind;
use jinguo_service::stats::QuotaState;
use jinguo_service::stats::dashboard::{Dashboard, Meter, dashboard};
use serde::Deserialize;

#[derive(Debug, Deserialize, Default)]
pub struct DashboardQuery {
    #[serde(default)]
    pub campaign: String,
}

pub struct StatusCell {
    pub label: &'static str,
    pub count: u64,
    pub class: &'static str,
}

pub struct MeterView {
    pub line: String,
    pub value: u64,
    pub min: u64,
    pub max: u64,
    pub below: bool,
    pub note: String,
}

pub struct UnitView {
    pub name: String,
    pub link: String,
    pub submitted: u64,
    pub pending: u64,
    pub recommended: u64,
    pub published: u64,
    /// 名额: “12 / 30–50” for a province, “1 / 1” for a district, “—” otherwise.
    pub quota_figure: String,
    pub quota_label: String,
    pub quota_class: &'static str,
    pub chase: bool,
}

/// A notice the federation sent, with how many recipients have read it.
pub struct SentNoticeView {
    pub id: i64,
    pub title: String,
    pub read: u64,
    pub total: u64,
}

pub struct FeaturedView {
    pub link: String,
    pub title: String,
    pub post: String,
}

#[derive(Template)]
#[template(path = "pages/dashboard.html")]
pub struct DashboardPage {
    pub chrome: Chrome,
    pub org_name: String,
    pub campaign_id: i64,
    pub campaign_name: String,
    pub campaigns: Vec<(i64, String)>,
    pub submitted: u64,
    pub statuses: Vec<StatusCell>,
    pub meter: Option<MeterView>,
    /// “省份” for national, “下级单位” otherwise.
    pub unit_heading: &'static str,
    pub is_national: bool,
    pub units: Vec<UnitView>,
    pub chase: Vec<UnitView>,
    pub days: BarChart,
    pub themes: BarChart,
    pub featured: Vec<FeaturedView>,
    pub notices: Vec<SentNoticeView>,
}

pub fn quota_label(state: QuotaState) -> (String, &'static str) {
    match state {
        QuotaState::None => ("—".into(), "quota-none"),
        QuotaState::Silent => ("未投稿".into(), "quota-silent"),
        QuotaState::Below { missing } => (format!("差 {missing} 篇"), "quota-below"),
        QuotaState::Met => ("已达标".into(), "quota-met"),
        QuotaState::Over => ("超出上限".into(), "quota-over"),
        QuotaState::Ineligible => ("不参加本次活动".into(), "quota-none"),
    }
}

fn status_class(s: jinguo_domain::article::ArticleStatus) -> &'static str {
    crate::pages::articles::list::status_class(s)
}

fn meter_view(meter: &Meter) -> MeterView {
    match *meter {
        Meter::Province { used, min, max } => MeterView {
            line: format!("推荐名单 {used} / {min}–{max} 篇"),
            value: used,
            min: u64::from(min),
            max: u64::from(max),
            below: used < u64::from(min),
            note: if used < u64::from(min) {
                format!("还需推荐 {} 篇才能达到最低要求。", u64::from(min) - used)
            } else {
                "已达到最低推荐数。".into()
            },
        },
        Meter::District { submitted, min } => MeterView {
            line: format!("已投稿 {submitted} / 至少 {min} 篇"),
            value: submitted,
            min: u64::from(min),
            max: u64::from(min).max(submitted),
            below: submitted < u64::from(min),
            note: if submitted < u64::from(min) {
                format!("还需投稿 {} 篇。", u64::from(min) - submitted)
            } else {
                "已达到最低投稿数。".into()
            },
        },
        Meter::National {
            met,
            provinces,
            min,
        } => MeterView {
            line: format!("达到最低推荐数（{min} 篇）的省份 {met} / {provinces}"),
            value: met,
            min: provinces,
            max: provinces,
            below: met < provinces,
            note: format!("{} 个省份尚未达到最低推荐数。", provinces - met),
        },
    }
}

fn dashboard_page(page: &Page, d: Dashboard, notices: Vec<SentNoticeView>) -> DashboardPage {
    let reviewer = page.who.account.role == Role::Reviewer;
    let quotas = d.campaign.rules.quotas;
    let units: Vec<UnitView> = d
        .units
        .iter()
        .map(|u| {
            let (quota_label, quota_class) = quota_label(u.quota);
            let quota_figure = match (quotas, u.org.kind) {
                (Some(q), OrgKind::Provincial) => format!(
                    "{} / {}–{}",
                    u.figures.in_list, q.provincial_min, q.provincial_max
                ),
                (Some(q), OrgKind::District) => {
                    format!("{} / {}", u.figures.submitted, q.district_min)
                }
                _ => "—".into(),
            };
            UnitView {
                name: u.org.name.clone(),
                link: if reviewer {
                    format!("/review?unit={}", u.org.id.0)
                } else {
                    format!("/admin/orgs/{}", u.org.id.0)
                },
                submitted: u.figures.submitted,
                pending: u.figures.pending,
                recommended: u.figures.recommended,
                published: u.figures.published,
                quota_figure,
                quota_label,
                quota_class,
                chase: u.quota.needs_chasing(),
            }
        })
        .collect();
    let chase = units
        .iter()
        .filter(|u| u.chase)
        .map(|u| UnitView {
            name: u.name.clone(),
            link: u.link.clone(),
            quota_figure: u.quota_figure.clone(),
            quota_label: u.quota_label.clone(),
            ..*u
        })
        .collect();
    DashboardPage {
        chrome: Chrome::signed_in("数据看板", page, "dashboard"),
        org_name: d.org.name.clone(),
        campaign_id: d.campaign.id,
        campaign_name: d.campaign.name.clone(),
        campaigns: d.campaigns.iter().map(|c| (c.id, c.name.clone())).collect(),
        submitted: d.submitted,
        statuses: d
            .by_status
            .iter()
            .map(|(s, n)| StatusCell {
                label: s.label(),
                count: *n,
                class: status_class(*s),
            })
            .collect(),
        meter: d.meter.as_ref().map(meter_view),
        unit_heading: if d.org.kind == OrgKind::National {
            "各省份"
        } else {
            "下级单位"
        },
        is_national: d.org.kind == OrgKind::National,
        units,
        chase,
        days: bar_chart_days(&d.per_day),
        themes: bar_chart_themes(&d.per_theme),
        featured: d
            .featured
            .into_iter()
            .map(|f| FeaturedView {
                link: if reviewer {
                    format!("/review/{}", f.id)
                } else {
                    String::new()
                },
                title: f.title,
                post: f.post_name,
            })
            .collect(),
        notices,
    }
}

/// How many sent notices the dashboard lists.
const NOTICES_SHOWN: usize = 5;

pub async fn show_dashboard(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<DashboardQuery>,
) -> Result<Response, PageError> {
    let d = dashboard(&state.ctx, &page.who, query.campaign.parse().ok()).await?;
    let notices = jinguo_service::notices::sent(&state.ctx, &page.who)
        .await?
        .into_iter()
        .take(NOTICES_SHOWN)
        .map(|s| SentNoticeView {
            id: s.notice.id,
            title: s.notice.title,
            read: s.read,
            total: s.total,
        })
        .collect();
    Ok(render(StatusCode::OK, &dashboard_page(&page, d, notices)))
}
