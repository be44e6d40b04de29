//! `/notices/new` and `/notices/{id}/forward`: writing a notice (title, text with numbered
//! headings, contacts, date, recipients, attachments). A forward adds the organisation's own
//! preface and keeps the original below. A refusal re-renders the form with what was typed.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::notices::read_notice_form;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::OrgId;
use jinguo_service::ServiceError;
use jinguo_service::notices::{self, NoticeDraft};

pub struct Choice {
    pub id: i64,
    pub name: String,
    pub checked: bool,
}

pub struct ParentView {
    pub id: i64,
    pub title: String,
    pub issuer: String,
    pub issued_on: String,
}

#[derive(Template)]
#[template(path = "pages/notices/form.html")]
pub struct NoticeFormPage {
    pub chrome: Chrome,
    pub heading: String,
    pub action: String,
    pub parent: Option<ParentView>,
    pub title: String,
    pub body: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub issued_on: String,
    pub all: bool,
    pub choices: Vec<Choice>,
    pub errors: FormErrors,
}

struct Typed {
    draft: NoticeDraft,
}

async fn form_page(
    state: &AppState,
    page: &Page,
    parent: Option<i64>,
    typed: Option<&Typed>,
    errors: FormErrors,
) -> Result<NoticeFormPage, ServiceError> {
    let choices = notices::recipient_choices(&state.ctx, &page.who).await?;
    let (parent, original) = match parent {
        Some(id) => (
            Some(notices::received_notice(&state.ctx, &page.who, id).await?),
            Some(notices::original_of_received(&state.ctx, &page.who, id).await?),
        ),
        None => (None, None),
    };
    let today = state
        .ctx
        .clock
        .today_in_china()
        .format("%Y-%m-%d")
        .to_string();
    let draft = typed
        .map(|t| t.draft.clone())
        .unwrap_or_else(|| NoticeDraft {
            title: original
                .as_ref()
                .map(|o| format!("关于转发《{}》的通知", o.title))
                .unwrap_or_default(),
            issued_on: today,
            all_recipients: typed.is_none(),
            ..Default::default()
        });
    Ok(NoticeFormPage {
        chrome: Chrome::signed_in(
            if parent.is_some() {
                "转发通知"
            } else {
                "发布通知"
            },
            page,
            "notices",
        ),
        heading: if parent.is_some() {
            "转发通知".into()
        } else {
            "发布通知".into()
        },
        action: match &parent {
            Some(p) => format!("/notices/{}/forward", p.id),
            None => "/notices/new".to_string(),
        },
        parent: parent.map(|p| ParentView {
            id: p.id,
            title: p.title,
            issuer: p.issuer_name,
            issued_on: p.issued_on,
        }),
        choices: choices
            .into_iter()
            .map(|o| Choice {
                checked: draft.all_recipients || draft.recipients.contains(&o.id),
                id: o.id.0,
                name: o.name,
            })
            .collect(),
        all: draft.all_recipients,
        title: draft.title,
        body: draft.body,
        contact_person: draft.contact_person,
        contact_phone: draft.contact_phone,
        issued_on: draft.issued_on,
        errors,
    })
}

pub async fn show_new_notice(
    State(state): State<AppState>,
    page: Page,
) -> Result<Response, PageError> {
    let view = form_page(&state, &page, None, None, FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &view))
}

pub async fn show_forward_notice(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let view = form_page(&state, &page, Some(id), None, FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &view))
}

async fn submit(
    state: AppState,
    page: Page,
    parent: Option<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let upload = match read_notice_form(multipart, &state.ctx.settings.upload_dir).await {
        Ok(upload) => upload,
        Err((status, message)) => {
            let mut errors = FormErrors::default();
            errors.general.push(message);
            let view = form_page(&state, &page, parent, None, errors).await?;
            return Ok(render(status, &view));
        }
    };
    let typed = Typed {
        draft: NoticeDraft {
            title: upload.field("title"),
            body: upload.field("body"),
            contact_person: upload.field("contact_person"),
            contact_phone: upload.field("contact_phone"),
            issued_on: upload.field("issued_on"),
            recipients: upload
                .all("recipients")
                .iter()
                .filter_map(|v| v.parse().ok().map(OrgId))
                .collect(),
            all_recipients: upload.field("all") == "1",
        },
    };
    match notices::issue(
        &state.ctx,
        &page.who,
        &typed.draft,
        upload.files,
        parent,
        &page.meta,
    )
    .await
    {
        Ok(id) => Ok(Redirect::to(&format!("/notices/{id}?sent=1")).into_response()),
        Err(err @ (ServiceError::Invalid(_) | ServiceError::AttachmentRefused { .. })) => {
            let (status, _) = crate::error::classify(&err);
            let mut errors = FormErrors::from_service(&err);
            if matches!(err, ServiceError::AttachmentRefused { .. }) {
                errors
                    .general
                    .push("附件需要重新选择，其余内容已保留。".into());
            }
            let view = form_page(&state, &page, parent, Some(&typed), errors).await?;
            Ok(render(status, &view))
        }
        Err(err) => Err(err.into()),
    }
}

pub async fn submit_new_notice(
    State(state): State<AppState>,
    page: Page,
    multipart: Multipart,
) -> Result<Response, PageError> {
    submit(state, page, None, multipart).await
}

pub async fn submit_forward_notice(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
    multipart: Multipart,
) -> Result<Response, PageError> {
    submit(state, page, Some(id), multipart).await
}
