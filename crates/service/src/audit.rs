//! Recording and reading the audit log (logins, failed logins, admin actions).

use crate::actor::{SignedIn, permit_for};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
use jinguo_domain::limits::PageWindow;
use jinguo_storage::ConnectionTrait;
use jinguo_storage::repo::audit::{self, AuditEvent, NewAuditEvent};
use jinguo_storage::repo::orgs::Org;

/// Stable codes of audited actions; the web layer words them.
pub mod codes {
    pub const LOGIN: &str = "login";
    pub const LOGIN_FAILED: &str = "login_failed";
    pub const ACCOUNT_LOCKED: &str = "account_locked";
    pub const LOGOUT: &str = "logout";
    pub const PASSWORD_CHANGED: &str = "password_changed";
    pub const PASSWORD_RESET: &str = "password_reset";
    pub const ACCOUNT_CREATED: &str = "account_created";
    pub const ACCOUNT_DISABLED: &str = "account_disabled";
    pub const ACCOUNT_ENABLED: &str = "account_enabled";
    pub const ORG_CREATED: &str = "org_created";
    pub const ORG_UPDATED: &str = "org_updated";
    pub const ORG_DISABLED: &str = "org_disabled";
    pub const ORG_ENABLED: &str = "org_enabled";
    pub const ORG_MERGED: &str = "org_merged";
    pub const IMPORT: &str = "import";
    pub const TOKEN_ISSUED: &str = "token_issued";
    pub const TOKEN_REVOKED: &str = "token_revoked";
    pub const CAMPAIGN_SAVED: &str = "campaign_saved";
    /// A province pushed (报送) its recommendation list; the detail has the counts.
    pub const RECOMMENDATIONS_PUSHED: &str = "recommendations_pushed";
    pub const SENSITIVE_WORDS_SAVED: &str = "sensitive_words_saved";
    /// An organisation issued a notice (通知) to its subordinate units.
    pub const NOTICE_ISSUED: &str = "notice_issued";
    /// An organisation forwarded a notice it received, with its own preface.
    pub const NOTICE_FORWARDED: &str = "notice_forwarded";
    /// A national admin registered a webhook subscriber (target: its URL; detail: the events).
    pub const WEBHOOK_CREATED: &str = "webhook_created";
    pub const WEBHOOK_DISABLED: &str = "webhook_disabled";
    pub const WEBHOOK_ENABLED: &str = "webhook_enabled";
    /// 重新发送: a delivery queued again by hand (target: the delivery key).
    pub const WEBHOOK_REDELIVERED: &str = "webhook_redelivered";

    /// 宣推: a press kit issued (target: its id and title; detail: articles and days).
    pub const PRESS_KIT_ISSUED: &str = "press_kit_issued";
    pub const PRESS_KIT_REVOKED: &str = "press_kit_revoked";
    /// A federation's press contact (宣传联络人) set or cleared.
    pub const PRESS_CONTACT_SAVED: &str = "press_contact_saved";

    pub const ALL: [&str; 29] = [
        LOGIN,
        LOGIN_FAILED,
        ACCOUNT_LOCKED,
        LOGOUT,
        PASSWORD_CHANGED,
        PASSWORD_RESET,
        ACCOUNT_CREATED,
        ACCOUNT_DISABLED,
        ACCOUNT_ENABLED,
        ORG_CREATED,
        ORG_UPDATED,
        ORG_DISABLED,
        ORG_ENABLED,
        ORG_MERGED,
        IMPORT,
        TOKEN_ISSUED,
        TOKEN_REVOKED,
        CAMPAIGN_SAVED,
        RECOMMENDATIONS_PUSHED,
        SENSITIVE_WORDS_SAVED,
        NOTICE_ISSUED,
        NOTICE_FORWARDED,
        WEBHOOK_CREATED,
        WEBHOOK_DISABLED,
        WEBHOOK_ENABLED,
        WEBHOOK_REDELIVERED,
        PRESS_KIT_ISSUED,
        PRESS_KIT_REVOKED,
        PRESS_CONTACT_SAVED,
    ];
}

/// Who did it, from where.
#[derive(Debug, Clone, Default)]
pub struct RequestMeta {
    pub ip: String,
}

/// Appends an event about `org`, done by `by` (or by someone unknown, e.g. a failed login).
#[expect(
    clippy::too_many_arguments,
    reason = "each argument is a distinct column of the audit row"
)]
pub async fn record<C: ConnectionTrait>(
    db: &C,
    ctx: &Ctx,
    by: Option<&SignedIn>,
    org: &Org,
    action: &str,
    target: &str,
    detail: &str,
    meta: &RequestMeta,
) -> ServiceResult<()> {
    audit::append(
        db,
        &NewAuditEvent {
            actor_id: by.map(|s| s.account.id),
            actor_name: by.map_or("", |s| s.account.username.as_str()),
            org_id: Some(org.id),
            org_path: org.path.as_str(),
            action,
            target,
            detail,
            ip: &meta.ip,
        },
        ctx.now(),
    )
    .await?;
    Ok(())
}

pub struct AuditPage {
    pub events: Vec<AuditEvent>,
    pub total: u64,
}

/// Which events to list: one action, one actor, China days from and to (both included).
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

impl AuditFilter {
    pub fn action(code: &str) -> AuditFilter {
        AuditFilter {
            action: Some(code.to_string()),
            ..AuditFilter::default()
        }
    }
}

/// The audit log of the actor's subtree, newest first.
pub async fn list(
    ctx: &Ctx,
    who: &SignedIn,
    filter: &AuditFilter,
    page: u64,
    per_page: u64,
) -> ServiceResult<AuditPage> {
    let window = PageWindow::clamped(page, per_page);
    permit_for(&who.actor, Action::ViewAudit, &who.org)?;
    if let (Some(from), Some(to)) = (filter.from, filter.to)
        && from > to
    {
        return Err(ServiceError::Invalid(
            jinguo_domain::validation::FieldErrors::single(
                "to",
                jinguo_domain::validation::FieldIssue::ClosesBeforeOpens,
            ),
        ));
    }
    let day_start = jinguo_domain::clock::china_day_start;
    let query = audit::AuditQuery {
        action: filter.action.as_deref().map(str::trim),
        actor: filter.actor.as_deref().map(str::trim),
        since: filter.from.map(day_start),
        before: filter.to.and_then(|d| d.succ_opt()).map(day_start),
    };
    let (events, total) = audit::list_in_subtree(
        &ctx.db.conn,
        &who.org.path,
        query,
        window.per_page,
        window.offset(),
    )
    .await?;
    Ok(AuditPage { events, total })
}
