//! The inbox (站内消息): the list with unread marks and “全部标为已读”, and one message opened.

pub mod list;
pub mod open;

use jinguo_domain::account::Role;
use jinguo_service::actor::SignedIn;

/// Where a message about an article leads: the post's article page, or the reviewer's. Admins
/// neither write nor review, so their messages carry no article link.
pub fn article_link(who: &SignedIn, article_id: Option<i64>) -> Option<String> {
    let id = article_id?;
    match who.account.role {
        Role::Submitter => Some(format!("/articles/{id}")),
        Role::Reviewer => Some(format!("/review/{id}")),
        _ => None,
    }
}
