//! The signed-in workbench (工作台): what to do next for the role — a post's 撰写新稿件 and
//! its drafts, articles under review and returned ones with the latest reason; a reviewer's
//! “待审 N 篇 → 去审核”, quota meter and units to chase; an admin's locked accounts; unread
//! notices; and each open campaign's phases with the days left.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::account::Role;
use jinguo_domain::campaign::chinese_date;
use jinguo_domain::org::HonourLevel;
use jinguo_service::workbench::{self, CampaignDeadlines, PostDesk};
use jinguo_service::{campaigns, orgs};

pub struct PostFacts {
    pub work_unit: String,
    pub industry: String,
    pub honour_level: &'static str,
    pub year_named: String,
    pub contact: String,
    pub eligible: bool,
    pub ineligible_reason: &'static str,
}

/// A count on the workbench that leads somewhere.
pub struct Count {
    pub label: &'static str,
    pub value: u64,
    pub href: String,
    /// Wants attention (returned articles): drawn in the warning colour.
    pub urgent: bool,
}

pub struct PhaseView {
    pub label: &'static str,
    pub dates: String,
    pub current: bool,
    /// “还剩 12 天” / “今天截止” while current.
    pub left: String,
}

pub struct CampaignView {
    pub name: String,
    pub phases: Vec<PhaseView>,
}

/// A post's first action: write for the first campaign open to it (the current 网上行), or
/// for one of the others.
pub struct WriteAction {
    pub first: Option<(i64, String)>,
    pub others: Vec<(i64, String)>,
}

pub struct ReturnNote {
    pub id: i64,
    pub title: String,
    pub by: String,
    pub comment: String,
}

pub struct ReviewView {
    pub waiting_label: &'static str,
    pub waiting: u64,
    pub meters: Vec<(String, u64, u32, u32)>,
    pub chase: usize,
    pub chase_names: String,
}

#[derive(Template)]
#[template(path = "pages/workbench.html")]
pub struct WorkbenchPage {
    pub chrome: Chrome,
    pub org_name: String,
    pub org_path_names: String,
    pub org_kind: &'static str,
    pub role_label: &'static str,
    pub username: String,
    pub post: Option<PostFacts>,
    pub is_admin: bool,
    pub child_count: usize,
    pub write: Option<WriteAction>,
    pub counts: Vec<Count>,
    pub latest_return: Option<ReturnNote>,
    pub review: Option<ReviewView>,
    pub locked_accounts: Vec<String>,
    pub campaigns: Vec<CampaignView>,
    pub notices_unread: u64,
    pub inbox_unread: u64,
}

fn campaign_view(c: CampaignDeadlines) -> CampaignView {
    CampaignView {
        name: c.name,
        phases: c
            .phases
            .into_iter()
            .map(|p| PhaseView {
                label: p.phase.label(),
                dates: format!("{} 至 {}", chinese_date(p.opens), chinese_date(p.closes)),
                current: p.current,
                left: match p.days_left {
                    Some(0) => "今天截止".into(),
                    Some(n) => format!("还剩 {n} 天"),
                    None => String::new(),
                },
            })
            .collect(),
    }
}

fn post_counts(desk: &PostDesk) -> Vec<Count> {
    vec![
        Count {
            label: "草稿",
            value: desk.drafts,
            href: "/articles?status=draft".into(),
            urgent: false,
        },
        Count {
            label: "待审",
            value: desk.in_review,
            href: "/articles?status=pending".into(),
            urgent: false,
        },
        Count {
            label: "退回修改",
            value: desk.returned,
            href: "/articles?status=returned".into(),
            urgent: desk.returned > 0,
        },
        Count {
            label: "已发布",
            value: desk.published,
            href: "/articles?status=published".into(),
            urgent: false,
        },
    ]
}

pub async fn workbench(State(state): State<AppState>, page: Page) -> Result<Response, PageError> {
    let who = &page.who;
    let detail = orgs::get_org(&state.ctx, who, who.org.id).await?;
    // One's own chain of federations is no secret: name it all, 全国 first.
    let chain = who.org.path.ids();
    let found = orgs::view::names_of(&state.ctx, &chain).await?;
    let names: Vec<String> = chain
        .iter()
        .filter_map(|id| found.get(id).cloned())
        .collect();
    let post = who.org.post.as_ref().map(|p| {
        let reason = if p.revoked {
            "本岗“巾帼文明岗”称号已撤销，不能参加“巾帼文明岗网上行”活动。"
        } else if p.military_or_classified {
            "解放军或涉军、涉密巾帼文明岗不在“巾帼文明岗网上行”活动范围内。"
        } else if p.honour_level != HonourLevel::National {
            "“巾帼文明岗网上行”活动对象为全国级巾帼文明岗，本岗可在普通新闻栏目投稿。"
        } else {
            ""
        };
        PostFacts {
            work_unit: p.work_unit.clone(),
            industry: p.industry.clone(),
            honour_level: p.honour_level.label(),
            year_named: p
                .year_named
                .map(|y| format!("{y}年"))
                .unwrap_or_else(|| "—".into()),
            contact: format!("{} {}", p.contact_person, p.contact_phone),
            eligible: reason.is_empty(),
            ineligible_reason: reason,
        }
    });
    let desk = workbench::desk(&state.ctx, who).await?;
    let write = match &desk.post {
        Some(_) if who.account.role == Role::Submitter => {
            let open: Vec<_> = campaigns::view::for_post(&state.ctx, who)
                .await?
                .into_iter()
                .filter(|c| c.open())
                .collect();
            let mut open = open.into_iter().map(|c| (c.campaign.id, c.campaign.name));
            Some(WriteAction {
                first: open.next(),
                others: open.collect(),
            })
        }
        _ => None,
    };
    let view = WorkbenchPage {
        chrome: Chrome::signed_in("工作台", &page, "workbench"),
        org_name: who.org.name.clone(),
        org_path_names: names.join(" › "),
        org_kind: who.org.kind.label(),
        role_label: who.account.role.label(),
        username: who.account.username.clone(),
        post,
        is_admin: who.account.role == Role::Admin,
        child_count: detail.children.len(),
        write,
        counts: desk.post.as_ref().map(post_counts).unwrap_or_default(),
        latest_return: desk
            .post
            .and_then(|p| p.latest_return)
            .map(|(id, title, event)| ReturnNote {
                id,
                title,
                by: event.org_name,
                comment: event.comment,
            }),
        review: desk.review.map(|r| ReviewView {
            waiting_label: r.waiting_label,
            waiting: r.waiting,
            meters: r.meters,
            chase: r.chase.iter().map(|c| c.to_chase.len()).sum(),
            chase_names: r
                .chase
                .iter()
                .flat_map(|c| c.to_chase.iter().map(|u| u.org.name.as_str()))
                .take(6)
                .collect::<Vec<_>>()
                .join("、"),
        }),
        locked_accounts: desk.admin.map(|a| a.locked_accounts).unwrap_or_default(),
        campaigns: desk.campaigns.into_iter().map(campaign_view).collect(),
        notices_unread: page.notices_unread,
        inbox_unread: page.unread,
    };
    Ok(render(StatusCode::OK, &view))
}
