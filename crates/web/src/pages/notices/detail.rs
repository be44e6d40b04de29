//! `/notices/{id}`: one notice as issued — its text, contacts, issuer and date, attachments —
//! then the notices it forwards below it; the issuer's side sees the read receipts (已读 12/38).
//! `/notices/{id}/attachments/{file}` downloads an attachment of the notice or of an original
//! it forwards, with its original file name. `POST /notices/{id}/read` signs for it (签收):
//! opening a notice records nothing.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::clock::china_time_string;
use jinguo_domain::content::Block;
use jinguo_domain::validation::content_disposition;
use jinguo_service::notices::{self, Standing};
use serde::Deserialize;

pub struct BlockView {
    pub heading: bool,
    pub text: String,
}

pub struct AttachmentView {
    pub href: String,
    pub name: String,
    pub size: String,
}

pub struct LinkView {
    pub id: i64,
    pub title: String,
    pub issuer: String,
    pub issued_on: String,
    pub blocks: Vec<BlockView>,
    pub contact_person: String,
    pub contact_phone: String,
    pub attachments: Vec<AttachmentView>,
}

pub struct ReceiptView {
    pub org: String,
    pub read: bool,
    pub detail: String,
}

#[derive(Template)]
#[template(path = "pages/notices/detail.html")]
pub struct NoticePage {
    pub chrome: Chrome,
    pub sent: bool,
    pub notice: LinkView,
    /// The notices it forwards, nearest first.
    pub originals: Vec<LinkView>,
    pub issuer_side: bool,
    pub receipts: Vec<ReceiptView>,
    pub read_count: usize,
    pub can_forward: bool,
    /// A recipient's side: whether its organisation has signed for the notice yet.
    pub recipient_side: bool,
    /// “2026年3月1日 09:30 张三” once signed for.
    pub acknowledged: Option<String>,
}

#[derive(Debug, Deserialize, Default)]
pub struct DetailQuery {
    #[serde(default)]
    pub sent: String,
}

/// “1.2 MB”, “35 KB”.
fn size_label(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
    } else {
        format!("{} KB", (bytes + 1023) / 1024)
    }
}

fn chinese_date(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(|d| d.format("%Y年%-m月%-d日").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

pub async fn show_notice(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    Query(query): Query<DetailQuery>,
) -> Result<Response, PageError> {
    let view = notices::open(&state.ctx, &page.who, id).await?;
    let mut links: Vec<LinkView> = view
        .chain
        .iter()
        .map(|link| LinkView {
            id: link.notice.id,
            title: link.notice.title.clone(),
            issuer: link.notice.issuer_name.clone(),
            issued_on: chinese_date(&link.notice.issued_on),
            blocks: link
                .notice
                .blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Paragraph { text } => Some(BlockView {
                        heading: false,
                        text: text.clone(),
                    }),
                    Block::Subheading { text } => Some(BlockView {
                        heading: true,
                        text: text.clone(),
                    }),
                    Block::Image { .. } => None,
                })
                .collect(),
            contact_person: link.notice.contact_person.clone(),
            contact_phone: link.notice.contact_phone.clone(),
            attachments: link
                .attachments
                .iter()
                .map(|a| AttachmentView {
                    href: format!("/notices/{id}/attachments/{}", a.id),
                    name: a.file_name.clone(),
                    size: size_label(a.size_bytes),
                })
                .collect(),
        })
        .collect();
    if links.is_empty() {
        return Err(jinguo_service::ServiceError::NotFound.into());
    }
    let notice = links.remove(0);
    let receipts: Vec<ReceiptView> = view
        .receipts
        .iter()
        .map(|r| ReceiptView {
            org: r.org_name.clone(),
            read: r.read_at.is_some(),
            detail: match r.read_at {
                Some(at) => format!("{} {}", china_time_string(at), r.read_by),
                None => "未读".into(),
            },
        })
        .collect();
    let page_view = NoticePage {
        chrome: Chrome::signed_in(notice.title.clone(), &page, "notices"),
        sent: query.sent == "1",
        read_count: receipts.iter().filter(|r| r.read).count(),
        receipts,
        issuer_side: view.standing == Standing::Issuer,
        recipient_side: view.standing == Standing::Recipient,
        acknowledged: view
            .own_receipt
            .as_ref()
            .map(|(at, by)| format!("{} {}", china_time_string(*at), by)),
        can_forward: view.can_forward,
        notice,
        originals: links,
    };
    Ok(render(StatusCode::OK, &page_view))
}

/// `POST /notices/{id}/read`: the recipient signs for the notice (签收), then sees it again.
pub async fn acknowledge_notice(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    notices::acknowledge(&state.ctx, &page.who, id).await?;
    Ok(Redirect::to(&format!("/notices/{id}")).into_response())
}

pub async fn download_attachment(
    State(state): State<AppState>,
    page: Page,
    Path((id, file)): Path<(i64, i64)>,
) -> Result<Response, PageError> {
    let (attachment, bytes) = notices::attachment(&state.ctx, &page.who, id, file).await?;
    Ok(attachment_response(&attachment, bytes))
}

/// An attachment streamed with its type and name (the page and the API).
pub fn attachment_response(
    attachment: &notices::StoredAttachment,
    bytes: jinguo_service::media::store::Download,
) -> Response {
    let mime = match attachment.kind.as_str() {
        "pdf" => "application/pdf",
        "doc" => "application/msword",
        "xls" => "application/vnd.ms-excel",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "jpg" => "image/jpeg",
        "png" => "image/png",
        _ => "application/octet-stream",
    };
    let disposition = content_disposition(
        "attachment",
        &attachment.file_name,
        &format!("attachment.{}", attachment.kind),
    );
    let mut response = crate::pages::media::streamed(bytes, mime, "private, no-store");
    if let Ok(value) = disposition.parse() {
        response
            .headers_mut()
            .insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
