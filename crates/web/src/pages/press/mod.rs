//! 宣推: national's press kits (issue, list, downloads, revoke), the journalists' page behind a
//! kit's link, and a federation's press contact.

pub mod contact;
pub mod journalist;
pub mod kits;

use jinguo_domain::campaign::chinese_date;
use jinguo_domain::press::KitState;
use jinguo_service::press::issue::KitSummary;

/// A kit as its rows and headers show it.
pub struct KitRow {
    pub id: i64,
    pub title: String,
    pub note: String,
    pub issued_by: String,
    pub created: String,
    pub last_day: String,
    pub state: &'static str,
    pub state_class: &'static str,
    pub live: bool,
    pub articles: usize,
    pub downloads: u64,
}

impl From<KitSummary> for KitRow {
    fn from(kit: KitSummary) -> Self {
        let (state, state_class) = match kit.state {
            KitState::Live => ("有效", "tag-ok"),
            KitState::Expired => ("已过期", "tag-muted"),
            KitState::Revoked => ("已撤销", "tag-muted"),
        };
        KitRow {
            id: kit.id,
            title: kit.title,
            note: kit.note,
            issued_by: kit.issued_by,
            created: jinguo_domain::clock::china_time_string(kit.created_at),
            last_day: chinese_date(kit.last_day),
            state,
            state_class,
            live: kit.state == KitState::Live,
            articles: kit.articles,
            downloads: kit.downloads,
        }
    }
}
