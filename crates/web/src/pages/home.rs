//! The signed-in workbench.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::org::HonourLevel;
use jinguo_service::orgs;

pub struct PostFacts {
    pub work_unit: String,
    pub industry: String,
    pub honour_level: &'static str,
    pub year_named: String,
    pub contact: String,
    pub eligible: bool,
    pub ineligible_reason: &'static str,
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
    let view = WorkbenchPage {
        chrome: Chrome::signed_in("工作台", &page, "workbench"),
        org_name: who.org.name.clone(),
        org_path_names: names.join(" › "),
        org_kind: who.org.kind.label(),
        role_label: who.account.role.label(),
        username: who.account.username.clone(),
        post,
        is_admin: who.account.role == jinguo_domain::account::Role::Admin,
        child_count: detail.children.len(),
    };
    Ok(render(StatusCode::OK, &view))
}
