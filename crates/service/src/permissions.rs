//! What the signed-in account may do, asked by pages before they show a form or a button.
//! Every answer comes from `jinguo_domain::authorize` (the same permits the saves take), so a
//! form is shown exactly to those whose save would be accepted.

use crate::actor::{SignedIn, permit_for};
use crate::error::ServiceResult;
use jinguo_domain::Action;
use jinguo_domain::org::{OrgKind, OrgStatus};
use jinguo_storage::repo::orgs::Org;

/// The actions an organisation's page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct OrgActions {
    /// 新增下级: an admin above or at the organisation, when it is active and may contain one.
    pub add_child: bool,
    /// 编辑 / 停用 / 合并: admins strictly above it.
    pub edit: bool,
    /// 账号管理.
    pub manage_accounts: bool,
}

pub fn org_actions(who: &SignedIn, org: &Org) -> OrgActions {
    let allowed = |action| permit_for(&who.actor, action, org).is_ok();
    OrgActions {
        add_child: allowed(Action::CreateChildOrg) && accepts_children(org),
        edit: allowed(Action::EditOrg),
        manage_accounts: allowed(Action::ManageAccounts),
    }
}

/// Refuses (403, or 404 outside the subtree) before a form for `action` on `org` is shown.
pub fn require(who: &SignedIn, action: Action, org: &Org) -> ServiceResult<()> {
    permit_for(&who.actor, action, org).map(|_| ())
}

/// The same, for actions on the account's own organisation (campaigns, imports, settings).
pub fn require_own(who: &SignedIn, action: Action) -> ServiceResult<()> {
    require(who, action, &who.org)
}

/// An active organisation of a kind that may hold another (a post holds none).
fn accepts_children(org: &Org) -> bool {
    org.status == OrgStatus::Active
        && [OrgKind::Provincial, OrgKind::District, OrgKind::Post]
            .into_iter()
            .any(|child| org.kind.may_contain(child))
}
