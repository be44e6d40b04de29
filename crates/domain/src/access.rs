//! The one authorization check: may this actor do this action to an object in that organisation?
//! Only `authorize` can build a `Permit`, and storage writes take one, so no handler can skip it.

use crate::account::Role;
use crate::ids::{AccountId, OrgId};
use crate::org::{OrgKind, OrgPath};

/// The signed-in account as the policy sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub account_id: AccountId,
    pub org_id: OrgId,
    pub org_path: OrgPath,
    pub org_kind: OrgKind,
    pub role: Role,
}

/// Where the target organisation must lie relative to the actor's own organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// Exactly the actor's organisation.
    Own,
    /// The actor's organisation or anything below it.
    Subtree,
    /// Strictly below the actor's organisation (you do not rename or disable yourself).
    Below,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    /// See an organisation, its profile and its place in the tree.
    ViewOrg,
    /// Add an organisation directly under the target.
    CreateChildOrg,
    /// Rename, edit, disable or re-enable the target.
    EditOrg,
    /// Merge the target into a successor (checked on both sides).
    MergeOrg,
    /// See the accounts of the target organisation.
    ViewAccounts,
    /// Add, disable or reset the password of an account in the target organisation.
    ManageAccounts,
    /// Bulk-import posts and accounts below the target.
    ImportBelow,
    /// Read the audit log of the target's subtree.
    ViewAudit,
    /// Write and submit articles as the target post.
    SubmitArticle,
    /// Read articles written in the target organisation.
    ViewArticles,
    /// Review articles that sit at the target federation.
    ReviewArticles,
    /// Create and edit campaigns and system-wide settings.
    ManageCampaigns,
    /// Download the publication package (every published article as HTML with its images) for
    /// 中国妇女网 and the media.
    ExportPublication,
    /// See the figures (dashboards, exports) of the target federation's subtree.
    ViewStatistics,
    /// Issue or forward a notice (通知) as the target federation.
    IssueNotices,
    /// Read notices issued in the target's subtree with their read receipts, or (on the own
    /// organisation) the notices addressed to it.
    ReadNotices,
    /// Register, disable and re-enable webhook subscriptions (the outbound sync to 中国妇女网,
    /// provincial portals and media), see their deliveries and send one again.
    ManageWebhooks,
    /// Issue, list and revoke press kits (宣推材料): share links that give journalists the
    /// published articles' text, photos and press contacts without an account.
    IssuePressKits,
    /// Set the target federation's own press contact (宣传联络人), printed in press kits.
    EditPressContact,
}

impl Action {
    /// The policy table: which roles may act, and how far.
    fn rule(self) -> (&'static [Role], Reach) {
        use Role::*;
        match self {
            Action::ViewOrg => (&[Submitter, Reviewer, Admin], Reach::Subtree),
            Action::CreateChildOrg => (&[Admin], Reach::Subtree),
            Action::EditOrg => (&[Admin], Reach::Below),
            Action::MergeOrg => (&[Admin], Reach::Below),
            Action::ViewAccounts => (&[Admin], Reach::Subtree),
            Action::ManageAccounts => (&[Admin], Reach::Subtree),
            Action::ImportBelow => (&[Admin], Reach::Subtree),
            Action::ViewAudit => (&[Admin], Reach::Subtree),
            Action::SubmitArticle => (&[Submitter], Reach::Own),
            Action::ViewArticles => (&[Submitter, Reviewer, Admin], Reach::Subtree),
            Action::ReviewArticles => (&[Reviewer], Reach::Own),
            Action::ManageCampaigns => (&[Admin], Reach::Own),
            Action::ExportPublication => (&[Admin], Reach::Own),
            Action::ViewStatistics => (&[Reviewer, Admin], Reach::Subtree),
            Action::IssueNotices => (&[Reviewer, Admin], Reach::Own),
            Action::ReadNotices => (&[Submitter, Reviewer, Admin], Reach::Subtree),
            Action::ManageWebhooks => (&[Admin], Reach::Own),
            Action::IssuePressKits => (&[Reviewer, Admin], Reach::Own),
            Action::EditPressContact => (&[Admin], Reach::Own),
        }
    }

    /// Actions that only the root (national) organisation may take.
    fn national_only(self) -> bool {
        matches!(
            self,
            Action::ManageCampaigns
                | Action::ExportPublication
                | Action::ManageWebhooks
                | Action::IssuePressKits
        )
    }

    /// Actions only a federation may take: a post (岗位) neither issues notices nor sees the
    /// figures, whatever role its account holds.
    fn federation_only(self) -> bool {
        matches!(
            self,
            Action::IssueNotices | Action::ViewStatistics | Action::EditPressContact
        )
    }
}

/// Proof that `authorize` allowed `action` on `org`. Not constructible elsewhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Permit {
    action: Action,
    org: OrgId,
    actor: AccountId,
}

impl Permit {
    pub fn action(&self) -> Action {
        self.action
    }
    pub fn org(&self) -> OrgId {
        self.org
    }
    pub fn actor(&self) -> AccountId {
        self.actor
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// The object lies outside what the actor may see: callers answer as if it did not exist.
    #[error("outside the actor's subtree")]
    OutsideSubtree,
    /// The actor sees the object but its role may not do this.
    #[error("the actor's role may not do this")]
    RoleNotAllowed,
}

/// Target organisation as the policy needs it.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub id: OrgId,
    pub path: &'a OrgPath,
}

pub fn authorize(actor: &Actor, action: Action, target: Target<'_>) -> Result<Permit, Denied> {
    let (roles, reach) = action.rule();
    let visible = target.path.is_within(&actor.org_path);
    if !visible {
        return Err(Denied::OutsideSubtree);
    }
    if !roles.contains(&actor.role) {
        return Err(Denied::RoleNotAllowed);
    }
    let in_reach = match reach {
        Reach::Own => target.id == actor.org_id,
        Reach::Subtree => true,
        Reach::Below => target.path.is_strictly_below(&actor.org_path),
    };
    if !in_reach {
        return Err(Denied::RoleNotAllowed);
    }
    if action.national_only() && actor.org_kind != OrgKind::National {
        return Err(Denied::RoleNotAllowed);
    }
    if action.federation_only() && actor.org_kind == OrgKind::Post {
        return Err(Denied::RoleNotAllowed);
    }
    Ok(Permit {
        action,
        org: target.id,
        actor: actor.account_id,
    })
}

/// Which text of an article an actor who may view articles in its post's organisation
/// ([`Action::ViewArticles`]) reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArticleSight {
    /// The post itself: the working draft as it stands.
    Working,
    /// A federation: the last submitted revision (never what the post is editing now).
    LastSubmitted,
    /// A federation, for an article never submitted: it does not exist for them (404).
    Hidden,
}

/// What the article's life says about visibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArticleFacts {
    /// The post (organisation) that writes it.
    pub post: OrgId,
    /// Whether it has been submitted at least once (a submitted revision exists).
    pub ever_submitted: bool,
    /// Whether the post may edit it now (草稿 or 退回修改): its working text may differ from
    /// what was submitted.
    pub editable_by_post: bool,
}

/// Drafts are private to their post: a federation sees an article from its first submission
/// on, and then the submitted revisions only, never the draft being edited. Call after
/// `authorize(actor, ViewArticles, post)` succeeded.
pub fn article_sight(actor: &Actor, facts: ArticleFacts) -> ArticleSight {
    if actor.org_id == facts.post {
        ArticleSight::Working
    } else if !facts.ever_submitted {
        ArticleSight::Hidden
    } else if facts.editable_by_post {
        ArticleSight::LastSubmitted
    } else {
        // Under review or decided: the working text is the submitted one (reviewers' own
        // corrections included).
        ArticleSight::Working
    }
}

/// Photo originals (full size, GPS included) are the uploading post's alone until the photo
/// appears in a submitted revision of an article the actor may view. `uploaded_by_own_org`:
/// the actor's organisation uploaded these bytes; `in_visible_submission`: some article in the
/// actor's subtree has a submitted revision showing it.
pub fn may_see_original(uploaded_by_own_org: bool, in_visible_submission: bool) -> bool {
    uploaded_by_own_org || in_visible_submission
}

#[cfg(test)]
mod tests {
    use super::*;

    // Tree: 1 全国 / 2 重庆 / 3 渝中区 / 4 a post in 渝中区; 5 四川 / 6 a post in 四川.
    fn path(s: &str) -> OrgPath {
        OrgPath::from_stored(s.to_string())
    }

    fn actor(role: Role, org: i64, p: &str, kind: OrgKind) -> Actor {
        Actor {
            account_id: AccountId(100),
            org_id: OrgId(org),
            org_path: path(p),
            org_kind: kind,
            role,
        }
    }

    #[test]
    fn the_role_action_subtree_matrix_holds() {
        use Action::*;
        use Role::*;
        let national_admin = actor(Admin, 1, "/1/", OrgKind::National);
        let national_reviewer = actor(Reviewer, 1, "/1/", OrgKind::National);
        let cq_admin = actor(Admin, 2, "/1/2/", OrgKind::Provincial);
        let cq_reviewer = actor(Reviewer, 2, "/1/2/", OrgKind::Provincial);
        let district_reviewer = actor(Reviewer, 3, "/1/2/3/", OrgKind::District);
        let post = actor(Submitter, 4, "/1/2/3/4/", OrgKind::Post);
        // Not made by the demo or the forms, but the policy must hold even so.
        let post_reviewer = actor(Reviewer, 4, "/1/2/3/4/", OrgKind::Post);
        let post_admin = actor(Admin, 4, "/1/2/3/4/", OrgKind::Post);

        let root = (OrgId(1), path("/1/"));
        let cq = (OrgId(2), path("/1/2/"));
        let district = (OrgId(3), path("/1/2/3/"));
        let cq_post = (OrgId(4), path("/1/2/3/4/"));
        let sc_post = (OrgId(6), path("/1/5/6/"));

        type Case<'a> = (&'a Actor, Action, &'a (OrgId, OrgPath), Result<(), Denied>);
        let cases: Vec<Case<'_>> = vec![
            (&national_admin, EditOrg, &sc_post, Ok(())),
            (&national_admin, EditOrg, &root, Err(Denied::RoleNotAllowed)),
            (&national_admin, ManageCampaigns, &root, Ok(())),
            (&cq_admin, ManageCampaigns, &cq, Err(Denied::RoleNotAllowed)),
            (&national_admin, ManageWebhooks, &root, Ok(())),
            (&cq_admin, ManageWebhooks, &cq, Err(Denied::RoleNotAllowed)),
            (
                &cq_reviewer,
                ManageWebhooks,
                &cq,
                Err(Denied::RoleNotAllowed),
            ),
            (&post, ManageWebhooks, &root, Err(Denied::OutsideSubtree)),
            (&national_admin, ExportPublication, &root, Ok(())),
            (
                &cq_admin,
                ExportPublication,
                &root,
                Err(Denied::OutsideSubtree),
            ),
            (
                &cq_admin,
                ExportPublication,
                &cq,
                Err(Denied::RoleNotAllowed),
            ),
            (&cq_admin, EditOrg, &district, Ok(())),
            (&cq_admin, EditOrg, &cq, Err(Denied::RoleNotAllowed)),
            (&cq_admin, EditOrg, &sc_post, Err(Denied::OutsideSubtree)),
            (&cq_admin, ViewOrg, &root, Err(Denied::OutsideSubtree)),
            (&cq_admin, CreateChildOrg, &cq, Ok(())),
            (&cq_admin, ManageAccounts, &cq_post, Ok(())),
            (&cq_admin, ViewAudit, &cq, Ok(())),
            (
                &cq_reviewer,
                ManageAccounts,
                &cq_post,
                Err(Denied::RoleNotAllowed),
            ),
            (&cq_reviewer, ReviewArticles, &cq, Ok(())),
            (
                &cq_reviewer,
                ReviewArticles,
                &district,
                Err(Denied::RoleNotAllowed),
            ),
            (&cq_reviewer, ViewArticles, &cq_post, Ok(())),
            (
                &cq_reviewer,
                ViewArticles,
                &sc_post,
                Err(Denied::OutsideSubtree),
            ),
            (
                &district_reviewer,
                ViewArticles,
                &cq,
                Err(Denied::OutsideSubtree),
            ),
            (&district_reviewer, ReviewArticles, &district, Ok(())),
            (&post, SubmitArticle, &cq_post, Ok(())),
            (&post, SubmitArticle, &district, Err(Denied::OutsideSubtree)),
            (&post, ViewOrg, &cq_post, Ok(())),
            (&post, EditOrg, &cq_post, Err(Denied::RoleNotAllowed)),
            (&post, ViewAudit, &cq_post, Err(Denied::RoleNotAllowed)),
            (&post, ReviewArticles, &cq_post, Err(Denied::RoleNotAllowed)),
            (&cq_reviewer, ViewStatistics, &district, Ok(())),
            (&cq_admin, ViewStatistics, &cq, Ok(())),
            (
                &cq_reviewer,
                ViewStatistics,
                &root,
                Err(Denied::OutsideSubtree),
            ),
            (&post, ViewStatistics, &cq_post, Err(Denied::RoleNotAllowed)),
            (&cq_reviewer, IssueNotices, &cq, Ok(())),
            (
                &cq_admin,
                IssueNotices,
                &district,
                Err(Denied::RoleNotAllowed),
            ),
            (&post, IssueNotices, &cq_post, Err(Denied::RoleNotAllowed)),
            (&post, ReadNotices, &cq_post, Ok(())),
            (
                &district_reviewer,
                ReadNotices,
                &cq,
                Err(Denied::OutsideSubtree),
            ),
            (&national_admin, ReadNotices, &cq, Ok(())),
            (
                &post_reviewer,
                IssueNotices,
                &cq_post,
                Err(Denied::RoleNotAllowed),
            ),
            (
                &post_reviewer,
                ViewStatistics,
                &cq_post,
                Err(Denied::RoleNotAllowed),
            ),
            (&post_reviewer, ReadNotices, &cq_post, Ok(())),
            (&national_admin, IssuePressKits, &root, Ok(())),
            (&national_reviewer, IssuePressKits, &root, Ok(())),
            (&cq_admin, IssuePressKits, &cq, Err(Denied::RoleNotAllowed)),
            (
                &cq_reviewer,
                IssuePressKits,
                &cq,
                Err(Denied::RoleNotAllowed),
            ),
            (&post, IssuePressKits, &root, Err(Denied::OutsideSubtree)),
            (&national_admin, EditPressContact, &root, Ok(())),
            (&cq_admin, EditPressContact, &cq, Ok(())),
            (
                &cq_admin,
                EditPressContact,
                &district,
                Err(Denied::RoleNotAllowed),
            ),
            (
                &cq_reviewer,
                EditPressContact,
                &cq,
                Err(Denied::RoleNotAllowed),
            ),
            (
                &post_admin,
                EditPressContact,
                &cq_post,
                Err(Denied::RoleNotAllowed),
            ),
        ];
        for (who, action, (id, p), expected) in cases {
            let got = authorize(who, action, Target { id: *id, path: p }).map(|_| ());
            assert_eq!(
                got,
                expected,
                "{:?} {:?} on {}",
                who.role,
                action,
                p.as_str()
            );
        }
    }

    #[test]
    fn drafts_are_private_to_their_post() {
        use ArticleSight::*;
        let post = actor(Role::Submitter, 4, "/1/2/3/4/", OrgKind::Post);
        let district = actor(Role::Reviewer, 3, "/1/2/3/", OrgKind::District);
        let national = actor(Role::Admin, 1, "/1/", OrgKind::National);
        let facts = |ever_submitted, editable_by_post| ArticleFacts {
            post: OrgId(4),
            ever_submitted,
            editable_by_post,
        };
        let cases = [
            (&post, facts(false, true), Working),
            (&post, facts(true, true), Working),
            (&post, facts(true, false), Working),
            (&district, facts(false, true), Hidden),
            (&national, facts(false, true), Hidden),
            (&district, facts(true, true), LastSubmitted),
            (&national, facts(true, true), LastSubmitted),
            (&district, facts(true, false), Working),
        ];
        for (who, facts, expected) in cases {
            assert_eq!(
                article_sight(who, facts),
                expected,
                "{:?} {facts:?}",
                who.role
            );
        }
        let originals = [
            (true, false, true),
            (true, true, true),
            (false, true, true),
            (false, false, false),
        ];
        for (own, submitted, expected) in originals {
            assert_eq!(
                may_see_original(own, submitted),
                expected,
                "{own} {submitted}"
            );
        }
    }

    #[test]
    fn a_permit_names_what_it_allows() {
        let admin = actor(Role::Admin, 2, "/1/2/", OrgKind::Provincial);
        let p = path("/1/2/3/");
        let permit = authorize(
            &admin,
            Action::EditOrg,
            Target {
                id: OrgId(3),
                path: &p,
            },
        )
        .unwrap();
        assert_eq!(permit.org(), OrgId(3));
        assert_eq!(permit.action(), Action::EditOrg);
        assert_eq!(permit.actor(), AccountId(100));
    }
}
