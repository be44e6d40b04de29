//! Notices (通知): a federation issues a notice with attachments to all or some of its
//! subordinate units; a recipient forwards it down with its own preface (a new notice that
//! links to the original, which is shown below it); read receipts per recipient organisation.
//!
//! Who sees what: the accounts of a recipient organisation read the notice and the originals it
//! forwards (with their attachments); the issuer and the federations above it read it with its
//! receipts. Everyone else gets “not found”.

pub mod attachment;

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use attachment::{IncomingFile, check_all, store_all};
use chrono::{DateTime, NaiveDate, Utc};
use jinguo_domain::content::Block;
use jinguo_domain::limits::{self, Limited};
use jinguo_domain::org::{OrgKind, OrgStatus};
use jinguo_domain::validation::{FieldErrors, FieldIssue, check_one_line};
use jinguo_domain::{Action, OrgId};
use jinguo_storage::repo::notices::{self, Attachment, NewAttachment, NewNotice, Notice};
use jinguo_storage::repo::orgs::{self, Org};

pub use jinguo_storage::repo::notices::{Attachment as StoredAttachment, Notice as StoredNotice};

/// How far a forward chain is followed.
const MAX_CHAIN: usize = 8;
const LIST_LIMIT: u64 = 200;
pub const MAX_TITLE: usize = limits::MAX_NOTICE_TITLE_CHARS;
pub const MAX_BLOCKS: usize = limits::MAX_NOTICE_BLOCKS;

/// What the notice form holds, as typed.
#[derive(Debug, Clone, Default)]
pub struct NoticeDraft {
    pub title: String,
    /// One paragraph per line; a line opening with 一、二、… or （一）… is a subheading.
    pub body: String,
    pub contact_person: String,
    pub contact_phone: String,
    /// `YYYY-MM-DD`; empty means today.
    pub issued_on: String,
    pub recipients: Vec<OrgId>,
    /// “全部下级单位”.
    pub all_recipients: bool,
}

/// Splits typed text into blocks: a line opening with a Chinese numeral and 、 (一、) or a
/// bracketed numeral (（一）) is a subheading, every other non-empty line a paragraph.
pub fn blocks_from_text(text: &str) -> Vec<Block> {
    const NUMERALS: &str = "一二三四五六七八九十";
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|line| {
            let numbered = line
                .split_once('、')
                .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| NUMERALS.contains(c)));
            let bracketed = line.starts_with('（')
                && line
                    .trim_start_matches('（')
                    .split_once('）')
                    .is_some_and(|(n, _)| !n.is_empty() && n.chars().all(|c| NUMERALS.contains(c)));
            let text = line.to_string();
            if (numbered || bracketed) && line.chars().count() <= 40 {
                Block::Subheading { text }
            } else {
                Block::Paragraph { text }
            }
        })
        .collect()
}

/// The units a federation may address: its active subordinate federations, and for a
/// district-level federation also its own posts (the units that write the articles).
pub async fn recipient_choices(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<Org>> {
    permit_for(&who.actor, Action::IssueNotices, &who.org)?;
    let include_posts = who.org.kind == OrgKind::District;
    Ok(orgs::children(&ctx.db.conn, who.org.id)
        .await?
        .into_iter()
        .filter(|o| o.status == OrgStatus::Active && (o.kind != OrgKind::Post || include_posts))
        .collect())
}

struct Valid {
    title: String,
    blocks: Vec<Block>,
    contact_person: String,
    contact_phone: String,
    issued_on: NaiveDate,
    recipients: Vec<OrgId>,
}

/// Checks the form; `forwarding` names the body as the forward's preface (转发说明).
fn validate(
    draft: &NoticeDraft,
    choices: &[Org],
    today: NaiveDate,
    forwarding: bool,
) -> Result<Valid, FieldErrors> {
    let mut errors = FieldErrors::default();
    let title = draft.title.trim().to_string();
    if title.is_empty() {
        errors.add("title", FieldIssue::Required);
    } else if let Err(issue) = Limited::NoticeTitle
        .check_chars(&title)
        .and(check_one_line(&title))
    {
        errors.add("title", issue);
    }
    let body_limit = if forwarding {
        Limited::NoticePreface
    } else {
        Limited::NoticeBody
    };
    let blocks = match body_limit.check_chars(draft.body.trim()) {
        Ok(()) => blocks_from_text(&draft.body),
        Err(issue) => {
            errors.add("body", issue);
            Vec::new()
        }
    };
    if blocks.is_empty() && !errors.has("body") {
        errors.add("body", FieldIssue::NoText);
    } else if let Err(issue) = Limited::NoticeBlocks.check_count(blocks.len()) {
        errors.add("body", issue);
    }
    let contact_person = draft.contact_person.trim().to_string();
    if contact_person.chars().count() > 50 {
        errors.add("contact_person", FieldIssue::TooLong { max: 50 });
    }
    let contact_phone = draft.contact_phone.trim().to_string();
    if contact_phone.chars().count() > 60 {
        errors.add("contact_phone", FieldIssue::TooLong { max: 60 });
    } else if !contact_phone
        .chars()
        .all(|c| c.is_ascii_digit() || " -+()（）、,，".contains(c))
    {
        errors.add("contact_phone", FieldIssue::BadPhone);
    }
    let issued_on = match draft.issued_on.trim() {
        "" => today,
        s => NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|_| {
            errors.add("issued_on", FieldIssue::BadDate);
            today
        }),
    };
    let recipients: Vec<OrgId> = if draft.all_recipients {
        choices.iter().map(|o| o.id).collect()
    } else if let Err(issue) = Limited::Recipients.check_count(draft.recipients.len()) {
        errors.add("recipients", issue);
        Vec::new()
    } else {
        let mut chosen = Vec::new();
        for id in &draft.recipients {
            if !choices.iter().any(|o| o.id == *id) {
                errors.add("recipients", FieldIssue::NotAllowedHere);
                break;
            }
            if !chosen.contains(id) {
                chosen.push(*id);
            }
        }
        chosen
    };
    if recipients.is_empty() && !errors.has("recipients") {
        errors.add("recipients", FieldIssue::ChooseAtLeastOne);
    }
    errors.into_result(Valid {
        title,
        blocks,
        contact_person,
        contact_phone,
        issued_on,
        recipients,
    })
}

/// Issues a notice, or (with `parent`) forwards one the actor's organisation received. The
/// files are checked first and stored before the rows commit in one transaction.
pub async fn issue(
    ctx: &Ctx,
    who: &SignedIn,
    draft: &NoticeDraft,
    files: Vec<IncomingFile>,
    parent: Option<i64>,
    meta: &RequestMeta,
) -> ServiceResult<i64> {
    let choices = recipient_choices(ctx, who).await?;
    let permit = permit_for(&who.actor, Action::IssueNotices, &who.org)?;
    if let Some(parent) = parent {
        received_notice(ctx, who, parent).await?;
    }
    let valid = validate(
        draft,
        &choices,
        ctx.clock.today_in_china(),
        parent.is_some(),
    )?;
    let files = check_all(files).await?;
    store_all(ctx, &files).await?;
    let attachments: Vec<NewAttachment<'_>> = files
        .iter()
        .map(|f| NewAttachment {
            file_name: &f.file_name,
            stored_name: &f.stored_name,
            kind: &f.kind,
            size_bytes: i64::try_from(f.file.len()).unwrap_or(i64::MAX),
        })
        .collect();
    let issued_on = valid.issued_on.format("%Y-%m-%d").to_string();
    let txn = ctx.db.begin_write().await?;
    let id = notices::insert(
        &txn,
        &permit,
        &NewNotice {
            issuer_name: &signature_name(&who.org),
            author_name: &who.account.display_name,
            parent,
            title: &valid.title,
            blocks: &valid.blocks,
            contact_person: &valid.contact_person,
            contact_phone: &valid.contact_phone,
            issued_on: &issued_on,
        },
        &valid.recipients,
        &attachments,
        ctx.now(),
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        if parent.is_some() {
            codes::NOTICE_FORWARDED
        } else {
            codes::NOTICE_ISSUED
        },
        &format!("notice:{id}"),
        &format!(
            "recipients={} attachments={}",
            valid.recipients.len(),
            files.len()
        ),
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// The name a notice is signed with: the federation's full name (重庆市妇联), else its name.
fn signature_name(org: &Org) -> String {
    if org.federation_name.trim().is_empty() {
        org.name.clone()
    } else {
        org.federation_name.clone()
    }
}

/// A notice addressed to the actor's own organisation (what may be forwarded).
pub async fn received_notice(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<Notice> {
    permit_for(&who.actor, Action::ReadNotices, &who.org)?;
    let db = &ctx.db.conn;
    notices::recipient(db, id, who.org.id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    notices::get(db, id).await?.ok_or(ServiceError::NotFound)
}

/// The document a received notice ultimately forwards: itself when it is an original, else the
/// first notice of its forward chain (a forward of a forward names the original, as 公文 do).
pub async fn original_of_received(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<Notice> {
    let received = received_notice(ctx, who, id).await?;
    let chain = notices::chain(&ctx.db.conn, id, MAX_CHAIN).await?;
    Ok(chain.into_iter().last().unwrap_or(received))
}

/// How the actor stands to a notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The actor's organisation is a recipient.
    Recipient,
    /// The notice was issued in the actor's subtree (the issuer or a federation above it).
    Issuer,
}

async fn standing(ctx: &Ctx, who: &SignedIn, notice: &Notice) -> ServiceResult<Standing> {
    let db = &ctx.db.conn;
    if notices::recipient(db, notice.id, who.org.id)
        .await?
        .is_some()
    {
        permit_for(&who.actor, Action::ReadNotices, &who.org)?;
        return Ok(Standing::Recipient);
    }
    let issuer = orgs::get(db, notice.issuer)
        .await?
        .ok_or(ServiceError::NotFound)?;
    permit_for(&who.actor, Action::ReadNotices, &issuer)?;
    Ok(Standing::Issuer)
}

pub struct Receipt {
    pub org_id: OrgId,
    pub org_name: String,
    pub read_at: Option<DateTime<Utc>>,
    pub read_by: String,
}

pub struct ChainLink {
    pub notice: Notice,
    pub attachments: Vec<Attachment>,
}

pub struct NoticeView {
    /// The notice first, then the notices it forwards, each with its attachments.
    pub chain: Vec<ChainLink>,
    pub standing: Standing,
    /// For the issuer side: every recipient with its receipt.
    pub receipts: Vec<Receipt>,
    /// Whether the actor may forward it (a recipient federation that may issue notices and
    /// has units below it).
    pub can_forward: bool,
    /// For a recipient: when its organisation signed for the notice, and who did.
    pub own_receipt: Option<(DateTime<Utc>, String)>,
}

impl NoticeView {
    pub fn notice(&self) -> Option<&Notice> {
        self.chain.first().map(|l| &l.notice)
    }
}

async fn load_chain(ctx: &Ctx, id: i64) -> ServiceResult<Vec<ChainLink>> {
    let db = &ctx.db.conn;
    let notices = notices::chain(db, id, MAX_CHAIN).await?;
    let ids: Vec<i64> = notices.iter().map(|n| n.id).collect();
    let mut all = notices::attachments(db, &ids).await?;
    Ok(notices
        .into_iter()
        .map(|notice| {
            let (mine, rest): (Vec<Attachment>, Vec<Attachment>) =
                all.drain(..).partition(|a| a.notice_id == notice.id);
            all = rest;
            ChainLink {
                notice,
                attachments: mine,
            }
        })
        .collect())
}

/// Whether the actor may issue (and forward) notices as its own organisation: the policy's
/// answer, for pages that offer or hide the 发通知 buttons.
pub fn may_issue(who: &SignedIn) -> bool {
    permit_for(&who.actor, Action::IssueNotices, &who.org).is_ok()
}

/// Records that the actor's organisation has read the notice (签收): only a recipient may, and
/// only the first call counts. Opening a notice never records anything (GETs change nothing).
pub async fn acknowledge(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<()> {
    let notice = notices::get(&ctx.db.conn, id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if standing(ctx, who, &notice).await? != Standing::Recipient {
        return Err(ServiceError::NotFound);
    }
    let txn = ctx.db.begin_write().await?;
    notices::mark_read(
        &txn,
        id,
        who.org.id,
        who.account.id,
        &who.account.display_name,
        ctx.now(),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Opens a notice for reading. A recipient sees whether its organisation has signed for it
/// (`own_receipt`); signing is [`acknowledge`], a separate POST.
pub async fn open(ctx: &Ctx, who: &SignedIn, id: i64) -> ServiceResult<NoticeView> {
    let db = &ctx.db.conn;
    let notice = notices::get(db, id).await?.ok_or(ServiceError::NotFound)?;
    let standing = standing(ctx, who, &notice).await?;
    let own_receipt = if standing == Standing::Recipient {
        notices::recipients(db, id)
            .await?
            .into_iter()
            .find(|r| r.org_id == who.org.id.0)
            .and_then(|r| r.read_at.map(|at| (at, r.read_by_name)))
    } else {
        None
    };
    let receipts = if standing == Standing::Issuer {
        let rows = notices::recipients(db, id).await?;
        let names = orgs::by_ids(
            db,
            &rows.iter().map(|r| OrgId(r.org_id)).collect::<Vec<_>>(),
        )
        .await?;
        let mut receipts: Vec<(String, Receipt)> = rows
            .into_iter()
            .map(|r| {
                let org = names.get(&OrgId(r.org_id));
                (
                    org.map(|o| o.code.clone()).unwrap_or_default(),
                    Receipt {
                        org_id: OrgId(r.org_id),
                        org_name: org.map(|o| o.name.clone()).unwrap_or_default(),
                        read_at: r.read_at,
                        read_by: r.read_by_name,
                    },
                )
            })
            .collect();
        receipts.sort_by(|a, b| a.0.cmp(&b.0));
        receipts.into_iter().map(|(_, r)| r).collect()
    } else {
        Vec::new()
    };
    let can_forward = standing == Standing::Recipient && may_issue(who);
    Ok(NoticeView {
        chain: load_chain(ctx, id).await?,
        standing,
        receipts,
        can_forward,
        own_receipt,
    })
}

/// An attachment of the notice or of a notice it forwards, for those who may open the notice.
pub async fn attachment(
    ctx: &Ctx,
    who: &SignedIn,
    notice_id: i64,
    attachment_id: i64,
) -> ServiceResult<(Attachment, crate::media::store::Download)> {
    let db = &ctx.db.conn;
    let notice = notices::get(db, notice_id)
        .await?
        .ok_or(ServiceError::NotFound)?;
    standing(ctx, who, &notice).await?;
    let chain = load_chain(ctx, notice_id).await?;
    let found = chain
        .into_iter()
        .flat_map(|l| l.attachments)
        .find(|a| a.id == attachment_id)
        .ok_or(ServiceError::NotFound)?;
    let bytes = attachment::read(ctx, &found.stored_name).await?;
    Ok((found, bytes))
}

pub struct ReceivedItem {
    pub notice: Notice,
    pub read_at: Option<DateTime<Utc>>,
    pub read_by: String,
}

pub struct SentItem {
    pub notice: Notice,
    pub read: u64,
    pub total: u64,
}

/// Notices addressed to the actor's organisation, newest first.
pub async fn received(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<ReceivedItem>> {
    permit_for(&who.actor, Action::ReadNotices, &who.org)?;
    Ok(notices::received(&ctx.db.conn, who.org.id, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|(notice, r)| ReceivedItem {
            notice,
            read_at: r.read_at,
            read_by: r.read_by_name,
        })
        .collect())
}

/// Notices the actor's organisation issued or forwarded, with read counts.
pub async fn sent(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<SentItem>> {
    permit_for(&who.actor, Action::ReadNotices, &who.org)?;
    Ok(notices::sent(&ctx.db.conn, who.org.id, LIST_LIMIT)
        .await?
        .into_iter()
        .map(|(notice, read, total)| SentItem {
            notice,
            read,
            total,
        })
        .collect())
}

/// Notices addressed to the actor's organisation that nobody there has opened (the badge).
pub async fn unread_count(ctx: &Ctx, who: &SignedIn) -> ServiceResult<u64> {
    Ok(notices::unread_count(&ctx.db.conn, who.org.id).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_headings_become_subheadings() {
        let blocks = blocks_from_text(
            "各省妇联：\n\n一、活动对象\n全国级巾帼文明岗；\n（三）作品展示阶段\n1.积极参与。",
        );
        assert_eq!(
            blocks,
            vec![
                Block::Paragraph {
                    text: "各省妇联：".into()
                },
                Block::Subheading {
                    text: "一、活动对象".into()
                },
                Block::Paragraph {
                    text: "全国级巾帼文明岗；".into()
                },
                Block::Subheading {
                    text: "（三）作品展示阶段".into()
                },
                Block::Paragraph {
                    text: "1.积极参与。".into()
                },
            ]
        );
    }
}
