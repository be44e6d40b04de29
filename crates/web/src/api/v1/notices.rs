//! Notices (通知) over JSON: the received and sent lists, one notice with its forward chain and
//! receipts, issuing and forwarding (multipart, with attachments, as the page's form), signing
//! for a notice (签收) and downloading attachments. The same service functions as `/notices`.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::extract::ApiMultipart;
use crate::api::v1::extract::{ApiPath, ApiQuery, upload_refused};
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::notices::{FORM_BODY_LIMIT, NoticeUpload, read_notice_form};
use crate::state::AppState;
use axum::Json;
use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinguo_domain::OrgId;
use jinguo_domain::content::Block;
use jinguo_service::notices::{self, ChainLink, NoticeDraft, Standing, StoredNotice};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NoticeBox {
    /// Addressed to my organisation.
    #[default]
    Received,
    /// Issued or forwarded by my organisation.
    Sent,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct NoticeListQuery {
    /// `received` (default) or `sent`.
    #[serde(rename = "box", default)]
    #[param(rename = "box", inline)]
    pub mailbox: NoticeBox,
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeSummary {
    pub id: i64,
    pub title: String,
    /// The issuing federation's full name (重庆市妇联).
    pub issuer_name: String,
    /// `YYYY-MM-DD`, China date.
    pub issued_on: String,
    /// The notice this one forwards.
    pub forwards: Option<i64>,
    /// Received: when my organisation signed for it, and who did.
    pub read_at: Option<String>,
    pub read_by: Option<String>,
    /// Sent: how many recipient organisations have signed for it, of how many.
    pub read_count: Option<u64>,
    pub recipient_count: Option<u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeListResponse {
    pub items: Vec<NoticeSummary>,
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

fn summary(notice: &StoredNotice) -> NoticeSummary {
    NoticeSummary {
        id: notice.id,
        title: notice.title.clone(),
        issuer_name: notice.issuer_name.clone(),
        issued_on: notice.issued_on.clone(),
        forwards: notice.parent,
        read_at: None,
        read_by: None,
        read_count: None,
        recipient_count: None,
    }
}

#[utoipa::path(get, path = "/api/v1/notices", tag = "notices", params(NoticeListQuery),
    responses((status = 200, body = NoticeListResponse, description = "Newest first (the latest 200)")),
    security(("bearer" = [])))]
pub async fn list_notices(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<NoticeListQuery>,
) -> Result<Json<NoticeListResponse>, ApiError> {
    let paging = Paging::new(query.page, query.per_page)?;
    let items: Vec<NoticeSummary> = match query.mailbox {
        NoticeBox::Received => notices::received(&state.ctx, &caller.who)
            .await?
            .into_iter()
            .map(|item| NoticeSummary {
                read_at: item.read_at.map(rfc3339),
                read_by: item.read_at.map(|_| item.read_by.clone()),
                ..summary(&item.notice)
            })
            .collect(),
        NoticeBox::Sent => notices::sent(&state.ctx, &caller.who)
            .await?
            .into_iter()
            .map(|item| NoticeSummary {
                read_count: Some(item.read),
                recipient_count: Some(item.total),
                ..summary(&item.notice)
            })
            .collect(),
    };
    Ok(Json(NoticeListResponse {
        total: items.len() as u64,
        items: paging.cut(items),
        page: paging.page,
        per_page: paging.per_page,
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentResponse {
    pub id: i64,
    pub file_name: String,
    /// `pdf`, `doc`, `docx`, `xls`, `xlsx`, `jpg`, `png`, `zip` …
    pub kind: String,
    pub size_bytes: i64,
    /// `GET` it with the same token.
    pub url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeText {
    pub id: i64,
    pub title: String,
    pub issuer_name: String,
    pub author_name: String,
    pub issued_on: String,
    /// Paragraphs and subheadings.
    pub blocks: Vec<Block>,
    pub contact_person: String,
    pub contact_phone: String,
    pub attachments: Vec<AttachmentResponse>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptResponse {
    pub org_id: i64,
    pub org_name: String,
    /// When the organisation signed for the notice (签收); absent while unread.
    pub read_at: Option<String>,
    pub read_by: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeDetailResponse {
    /// The notice first, then the notices it forwards, oldest last.
    pub chain: Vec<NoticeText>,
    /// `recipient` (addressed to my organisation) or `issuer` (issued in my subtree).
    pub standing: String,
    /// Issuer side: every recipient organisation and its receipt.
    pub receipts: Vec<ReceiptResponse>,
    /// Whether my organisation may forward it down.
    pub can_forward: bool,
    /// Recipient side: when my organisation signed for it.
    pub read_at: Option<String>,
    pub read_by: Option<String>,
}

fn notice_text(top: i64, link: ChainLink) -> NoticeText {
    let notice = link.notice;
    NoticeText {
        attachments: link
            .attachments
            .into_iter()
            .map(|a| AttachmentResponse {
                url: format!("/api/v1/notices/{top}/attachments/{}", a.id),
                id: a.id,
                file_name: a.file_name,
                kind: a.kind,
                size_bytes: a.size_bytes,
            })
            .collect(),
        id: notice.id,
        title: notice.title,
        issuer_name: notice.issuer_name,
        author_name: notice.author_name,
        issued_on: notice.issued_on,
        blocks: notice.blocks,
        contact_person: notice.contact_person,
        contact_phone: notice.contact_phone,
    }
}

#[utoipa::path(get, path = "/api/v1/notices/{id}", tag = "notices",
    params(("id" = i64, Path, description = "The notice")),
    responses((status = 200, body = NoticeDetailResponse, description = "The notice, what it forwards and its receipts"),
              (status = 404, body = ErrorBody, description = "Missing, or neither addressed to nor issued in my subtree (`not_found`)")),
    security(("bearer" = [])))]
pub async fn show_notice(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<NoticeDetailResponse>, ApiError> {
    let view = notices::open(&state.ctx, &caller.who, id).await?;
    Ok(Json(NoticeDetailResponse {
        standing: match view.standing {
            Standing::Recipient => "recipient",
            Standing::Issuer => "issuer",
        }
        .into(),
        receipts: receipts(&view.receipts),
        can_forward: view.can_forward,
        read_at: view.own_receipt.as_ref().map(|(at, _)| rfc3339(*at)),
        read_by: view.own_receipt.map(|(_, by)| by),
        chain: view
            .chain
            .into_iter()
            .map(|link| notice_text(id, link))
            .collect(),
    }))
}

fn receipts(receipts: &[notices::Receipt]) -> Vec<ReceiptResponse> {
    receipts
        .iter()
        .map(|r| ReceiptResponse {
            org_id: r.org_id.0,
            org_name: r.org_name.clone(),
            read_at: r.read_at.map(rfc3339),
            read_by: r.read_at.map(|_| r.read_by.clone()),
        })
        .collect()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReceiptListResponse {
    pub items: Vec<ReceiptResponse>,
    pub total: u64,
    /// How many have signed for it.
    pub read: u64,
}

#[utoipa::path(get, path = "/api/v1/notices/{id}/receipts", tag = "notices",
    params(("id" = i64, Path, description = "A notice issued in my subtree")),
    responses((status = 200, body = ReceiptListResponse, description = "Every recipient organisation with its receipt, by code"),
              (status = 404, body = ErrorBody, description = "Missing, or not issued in my subtree (`not_found`)")),
    security(("bearer" = [])))]
pub async fn list_receipts(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<ReceiptListResponse>, ApiError> {
    let view = notices::open(&state.ctx, &caller.who, id).await?;
    if view.standing != Standing::Issuer {
        return Err(ApiError(jinguo_service::ServiceError::NotFound));
    }
    let items = receipts(&view.receipts);
    Ok(Json(ReceiptListResponse {
        total: items.len() as u64,
        read: items.iter().filter(|r| r.read_at.is_some()).count() as u64,
        items,
    }))
}

/// The multipart form of `POST /api/v1/notices` and `…/forward`, as the page's form sends it.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "documents the multipart fields; read by read_notice_form"
)]
pub struct NoticeForm {
    /// At most 100 characters.
    title: String,
    /// One paragraph per line; 一、 or （一） opens a subheading. At most 20 000 字, a
    /// forward's preface too.
    body: String,
    contact_person: Option<String>,
    contact_phone: Option<String>,
    /// `YYYY-MM-DD`; today (China date) when empty.
    issued_on: Option<String>,
    /// `1`: every unit directly below my organisation.
    all: Option<String>,
    /// Recipient organisation ids (repeat the field), when not `all`.
    recipients: Option<Vec<i64>>,
    /// Up to 10 attachments of 20 MB (PDF, Word, Excel, WPS, JPEG, PNG, ZIP).
    #[schema(value_type = Option<Vec<String>>, format = Binary)]
    files: Option<Vec<Vec<u8>>>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NoticeCreated {
    pub id: i64,
}

fn draft_of(upload: &NoticeUpload) -> NoticeDraft {
    NoticeDraft {
        title: upload.field("title"),
        body: upload.field("body"),
        contact_person: upload.field("contact_person"),
        contact_phone: upload.field("contact_phone"),
        issued_on: upload.field("issued_on"),
        recipients: upload
            .all("recipients")
            .iter()
            .filter_map(|v| v.trim().parse().ok().map(OrgId))
            .collect(),
        all_recipients: matches!(upload.field("all").as_str(), "1" | "true"),
    }
}

async fn issue_from(
    state: &AppState,
    caller: &Caller,
    multipart: Multipart,
    parent: Option<i64>,
) -> Result<Response, ApiError> {
    let upload = read_notice_form(multipart, &state.ctx.settings.upload_dir)
        .await
        .map_err(|(status, _)| upload_refused("files", status, FORM_BODY_LIMIT))?;
    let draft = draft_of(&upload);
    let id = notices::issue(
        &state.ctx,
        &caller.who,
        &draft,
        upload.files,
        parent,
        &caller.meta,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(NoticeCreated { id })).into_response())
}

#[utoipa::path(post, path = "/api/v1/notices", tag = "notices",
    request_body(content = inline(NoticeForm), content_type = "multipart/form-data"),
    responses((status = 201, body = NoticeCreated, description = "Issued to the recipients"),
              (status = 403, body = ErrorBody, description = "My role may not issue notices (`forbidden`)")),
    security(("bearer" = [])))]
pub async fn issue_notice(
    State(state): State<AppState>,
    caller: Caller,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    issue_from(&state, &caller, multipart, None).await
}

#[utoipa::path(post, path = "/api/v1/notices/{id}/forward", tag = "notices",
    params(("id" = i64, Path, description = "A notice addressed to my organisation")),
    request_body(content = inline(NoticeForm), content_type = "multipart/form-data",
        description = "`body` is the preface shown above the forwarded notice"),
    responses((status = 201, body = NoticeCreated, description = "Forwarded: a new notice linking to the original")),
    security(("bearer" = [])))]
pub async fn forward_notice(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Response, ApiError> {
    issue_from(&state, &caller, multipart, Some(id)).await
}

#[utoipa::path(post, path = "/api/v1/notices/{id}/read", tag = "notices",
    params(("id" = i64, Path, description = "A notice addressed to my organisation")),
    responses((status = 204, description = "Signed for (签收); again is harmless")),
    security(("bearer" = [])))]
pub async fn acknowledge_notice(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    notices::acknowledge(&state.ctx, &caller.who, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/notices/{id}/attachments/{file}", tag = "notices",
    params(("id" = i64, Path, description = "The notice"),
           ("file" = i64, Path, description = "An attachment of it or of a notice it forwards")),
    responses((status = 200, content((String = "application/pdf"), (String = "application/msword"), (String = "application/vnd.ms-excel"), (String = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"), (String = "image/jpeg"), (String = "image/png"), (String = "application/octet-stream")), description = "The file, streamed, with its name in `Content-Disposition`")),
    security(("bearer" = [])))]
pub async fn download_notice_attachment(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, file)): ApiPath<(i64, i64)>,
) -> Result<Response, ApiError> {
    let (attachment, bytes) = notices::attachment(&state.ctx, &caller.who, id, file).await?;
    Ok(crate::pages::notices::detail::attachment_response(
        &attachment,
        bytes,
    ))
}
