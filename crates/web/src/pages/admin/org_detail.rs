//! One organisation: its facts, children, accounts, name history and the actions allowed on it.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::admin::orgs::status_class;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::OrgId;
use jinguo_domain::clock::china_date;
use jinguo_domain::org::OrgStatus;
use jinguo_service::{Org, orgs, permissions};
use serde::Deserialize;

pub struct PostView {
    pub work_unit: String,
    pub industry: String,
    pub honour_level: &'static str,
    pub year_named: String,
    pub contact: String,
    pub military: bool,
    pub revoked: bool,
}

pub struct ChildRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub children: u64,
    pub status: &'static str,
    pub status_class: &'static str,
}

pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: &'static str,
    pub state: &'static str,
}

#[derive(Template)]
#[template(path = "pages/admin/org_detail.html")]
pub struct OrgDetailPage {
    pub chrome: Chrome,
    pub org: Org,
    pub crumbs: Vec<(i64, String)>,
    pub kind: &'static str,
    pub status: &'static str,
    pub status_class: &'static str,
    pub is_active: bool,
    pub is_disabled: bool,
    pub post: Option<PostView>,
    pub children: Vec<ChildRow>,
    pub accounts: Vec<AccountRow>,
    pub names: Vec<(String, String)>,
    pub merged_into: Option<(i64, String)>,
    pub can_add_child: bool,
    pub can_edit: bool,
    pub can_manage_accounts: bool,
    pub notice: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct NoticeQuery {
    #[serde(default)]
    pub notice: String,
}

fn notice_text(code: &str) -> String {
    match code {
        "created" => "已新增。",
        "saved" => "已保存。",
        "disabled" => "已停用，该组织的账号已全部退出登录。",
        "enabled" => "已重新启用。",
        "merged" => "合并完成。",
        "account_created" => "账号已创建。首次登录时需修改密码。",
        "password_reset" => "密码已重置。该账号下次登录时需修改密码。",
        "account_disabled" => "账号已停用。",
        "account_enabled" => "账号已启用。",
        _ => "",
    }
    .to_string()
}

pub async fn show_org(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<NoticeQuery>,
) -> Result<Response, PageError> {
    let detail = orgs::get_org(&state.ctx, &page.who, OrgId(id)).await?;
    let org = &detail.org;
    let actions = permissions::org_actions(&page.who, org);
    let post = org.post.as_ref().map(|p| PostView {
        work_unit: p.work_unit.clone(),
        industry: p.industry.clone(),
        honour_level: p.honour_level.label(),
        year_named: p
            .year_named
            .map(|y| format!("{y}年"))
            .unwrap_or_else(|| "—".into()),
        contact: format!("{} {}", p.contact_person, p.contact_phone),
        military: p.military_or_classified,
        revoked: p.revoked,
    });
    let children = detail
        .children
        .iter()
        .map(|c| ChildRow {
            id: c.id.0,
            code: c.code.clone(),
            name: c.name.clone(),
            kind: c.kind.label(),
            children: detail.child_counts.get(&c.id).copied().unwrap_or(0),
            status: c.status.label(),
            status_class: status_class(c.status),
        })
        .collect();
    let accounts = detail
        .accounts
        .iter()
        .map(|a| AccountRow {
            id: a.id.0,
            username: a.username.clone(),
            display_name: a.display_name.clone(),
            role: a.role.label(),
            state: if a.disabled {
                "已停用"
            } else if a.must_change_password {
                "待首次改密"
            } else {
                "正常"
            },
        })
        .collect();
    let names = detail
        .names
        .iter()
        .map(|n| {
            let from = china_date(n.valid_from)
                .format("%Y年%-m月%-d日")
                .to_string();
            let span = match n.valid_until {
                Some(until) => format!("{from} 至 {}", china_date(until).format("%Y年%-m月%-d日")),
                None => format!("{from} 起"),
            };
            (n.name.clone(), span)
        })
        .collect();
    let view = OrgDetailPage {
        chrome: Chrome::signed_in(org.name.clone(), &page, "orgs"),
        crumbs: detail
            .ancestors
            .iter()
            .map(|a| (a.id.0, a.name.clone()))
            .collect(),
        kind: org.kind.label(),
        status: org.status.label(),
        status_class: status_class(org.status),
        is_active: org.status == OrgStatus::Active,
        is_disabled: org.status == OrgStatus::Disabled,
        post,
        children,
        accounts,
        names,
        merged_into: detail
            .merged_into
            .as_ref()
            .map(|s| (s.id.0, s.name.clone())),
        can_add_child: actions.add_child,
        can_edit: actions.edit,
        can_manage_accounts: actions.manage_accounts,
        notice: notice_text(&query.notice),
        org: detail.org.clone(),
    };
    Ok(render(StatusCode::OK, &view))
}
