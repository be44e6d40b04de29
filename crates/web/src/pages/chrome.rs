//! The frame around every signed-in page: title, who is signed in, the inbox badge, navigation,
//! CSRF token.

use crate::auth::Page;
use jinguo_domain::account::Role;

#[derive(Debug, Clone)]
pub struct Chrome {
    pub title: String,
    pub user: Option<UserBar>,
    pub csrf: String,
    /// Which navigation entry is current.
    pub active: &'static str,
    pub asset_css: String,
    pub asset_icon: String,
    /// The 长者模式 script, loaded in `<head>` so large text applies before the page is drawn.
    pub asset_prefs_js: String,
    pub asset_js: String,
}

#[derive(Debug, Clone)]
pub struct UserBar {
    pub username: String,
    pub display_name: String,
    pub org_name: String,
    pub role_label: &'static str,
    pub is_admin: bool,
    pub is_submitter: bool,
    pub is_reviewer: bool,
    pub is_national_admin: bool,
    pub must_change_password: bool,
    /// Inbox messages this account has not opened (the header's “消息 3”).
    pub unread: u64,
    /// A reviewer or admin of a federation: sees the dashboard (数据看板).
    pub sees_dashboard: bool,
    /// Notices to the organisation nobody there has opened (the nav's “通知 2”).
    pub notices_unread: u64,
    /// Articles waiting for my level (the nav's “审核 12”).
    pub waiting: u64,
    /// My post's returned articles (the nav's “我的稿件 1”).
    pub returned: u64,
    /// National reviewers and admins: 宣推 (press kits).
    pub issues_press_kits: bool,
    /// Federation admins: 宣传联络人.
    pub edits_press_contact: bool,
}

impl Chrome {
    pub fn signed_in(title: impl Into<String>, page: &Page, active: &'static str) -> Self {
        let who = &page.who;
        let allowed =
            |action| jinguo_service::actor::permit_for(&who.actor, action, &who.org).is_ok();
        Chrome {
            title: title.into(),
            user: Some(UserBar {
                username: who.account.username.clone(),
                display_name: who.account.display_name.clone(),
                org_name: who.org.name.clone(),
                role_label: who.account.role.label(),
                is_admin: who.account.role == Role::Admin,
                is_submitter: who.account.role == Role::Submitter,
                is_reviewer: who.account.role == Role::Reviewer,
                is_national_admin: who.account.role == Role::Admin
                    && who.org.kind == jinguo_domain::org::OrgKind::National,
                must_change_password: who.account.must_change_password,
                unread: page.unread,
                notices_unread: page.notices_unread,
                waiting: page.badges.waiting,
                returned: page.badges.returned,
                sees_dashboard: allowed(jinguo_domain::Action::ViewStatistics),
                issues_press_kits: allowed(jinguo_domain::Action::IssuePressKits),
                edits_press_contact: allowed(jinguo_domain::Action::EditPressContact),
            }),
            csrf: page.csrf.clone(),
            active,
            asset_css: crate::assets::url("css/app.css"),
            asset_icon: crate::assets::url("favicon.svg"),
            asset_prefs_js: crate::assets::url("js/prefs.js"),
            asset_js: crate::assets::url("js/app.js"),
        }
    }

    pub fn public(title: impl Into<String>) -> Self {
        Chrome {
            title: title.into(),
            user: None,
            csrf: String::new(),
            active: "",
            asset_css: crate::assets::url("css/app.css"),
            asset_icon: crate::assets::url("favicon.svg"),
            asset_prefs_js: crate::assets::url("js/prefs.js"),
            asset_js: crate::assets::url("js/app.js"),
        }
    }
}
