//! The accounts of my subtree.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::admin::pager::{Pager, encode};
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use jinguo_domain::clock::china_time_string;
use jinguo_service::accounts;
use serde::Deserialize;

pub struct AccountRow {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub role: &'static str,
    pub state: &'static str,
    pub state_class: &'static str,
    pub disabled: bool,
    /// Locked against logins from unknown browsers (an admin may lift it).
    pub locked: bool,
    pub is_self: bool,
    pub last_login: String,
}

#[derive(Template)]
#[template(path = "pages/admin/accounts.html")]
pub struct AccountsPage {
    pub chrome: Chrome,
    pub q: String,
    pub own_id: i64,
    pub rows: Vec<AccountRow>,
    pub pager: Pager,
    pub notice: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct AccountsQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default, deserialize_with = "crate::pages::admin::pager::lenient_page")]
    pub page: Option<u64>,
    #[serde(default)]
    pub notice: String,
}

pub async fn list_accounts(
    State(state): State<AppState>,
    page: Page,
    Query(query): Query<AccountsQuery>,
) -> Result<Response, PageError> {
    let listing = accounts::list_accounts(
        &state.ctx,
        &page.who,
        &query.q,
        query.page.unwrap_or(1),
        Pager::PER_PAGE,
    )
    .await?;
    let mut locks = Vec::with_capacity(listing.accounts.len());
    for a in &listing.accounts {
        locks.push(accounts::lock_of(&state.ctx, a).await?.is_some());
    }
    let rows = listing
        .accounts
        .iter()
        .zip(locks)
        .map(|(a, locked)| {
            let (label, class) = if a.disabled {
                ("已停用", "tag-muted")
            } else if locked {
                ("锁定中", "tag-warn")
            } else if a.must_change_password {
                ("待首次改密", "tag-info")
            } else {
                ("正常", "tag-ok")
            };
            AccountRow {
                id: a.id.0,
                username: a.username.clone(),
                display_name: a.display_name.clone(),
                org_id: a.org_id.0,
                org_name: listing
                    .orgs
                    .get(&a.org_id)
                    .map(|o| o.name.clone())
                    .unwrap_or_default(),
                role: a.role.label(),
                state: label,
                state_class: class,
                disabled: a.disabled,
                locked,
                is_self: a.id == page.who.account.id,
                last_login: a
                    .last_login_at
                    .map(china_time_string)
                    .unwrap_or_else(|| "从未登录".into()),
            }
        })
        .collect();
    let notice = match query.notice.as_str() {
        "account_disabled" => "账号已停用，并已退出全部登录。",
        "account_enabled" => "账号已启用。",
        "account_unlocked" => "已解除登录锁定。",
        "password_reset" => "密码已重置。该账号的全部登录和接口令牌已失效，下次登录时需修改密码。",
        _ => "",
    };
    let view = AccountsPage {
        chrome: Chrome::signed_in("账号管理", &page, "accounts"),
        own_id: page.who.org.id.0,
        rows,
        pager: Pager::new(
            query.page.unwrap_or(1),
            listing.total,
            format!("q={}", encode(&query.q)),
        ),
        q: query.q,
        notice: notice.to_string(),
    };
    Ok(render(StatusCode::OK, &view))
}
