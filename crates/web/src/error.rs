//! The only status table: service errors become HTTP responses here, as a Chinese HTML page or
//! as `{"error":{"code","message","fields"}}`. 5xx answers are opaque; their cause is logged once.

use crate::messages;
use crate::pages::render::render_error_page;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use jinguo_domain::review::ReviewRefused;
use jinguo_domain::validation::FieldIssue;
use jinguo_service::ServiceError;
use serde::Serialize;

/// Status and stable snake_case code of each service error.
pub fn classify(err: &ServiceError) -> (StatusCode, &'static str) {
    match err {
        ServiceError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
        ServiceError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
        // A body that is not JSON at all is a bad request, not a value to correct.
        ServiceError::Invalid(errors)
            if errors
                .0
                .iter()
                .any(|e| matches!(e.issue, FieldIssue::MalformedJson { .. })) =>
        {
            (StatusCode::BAD_REQUEST, "malformed_json")
        }
        ServiceError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        ServiceError::LoginFailed { .. } => (StatusCode::UNAUTHORIZED, "login_failed"),
        ServiceError::AccountLocked { .. } => (StatusCode::LOCKED, "account_locked"),
        ServiceError::AccountDisabled => (StatusCode::FORBIDDEN, "account_disabled"),
        ServiceError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
        ServiceError::PasswordChangeRequired => (StatusCode::FORBIDDEN, "password_change_required"),
        ServiceError::MergeRefused(_) => (StatusCode::UNPROCESSABLE_ENTITY, "merge_refused"),
        ServiceError::ImportRefused(_) => (StatusCode::UNPROCESSABLE_ENTITY, "import_refused"),
        ServiceError::FileTooLarge { .. } => (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large"),
        ServiceError::Ineligible(_) => (StatusCode::FORBIDDEN, "ineligible"),
        ServiceError::WindowClosed(_) => (StatusCode::UNPROCESSABLE_ENTITY, "window_closed"),
        ServiceError::MoveRefused(_) => (StatusCode::CONFLICT, "move_refused"),
        ServiceError::ImageRefused(jinguo_service::ImageRefused::TooLarge { .. }) => {
            (StatusCode::PAYLOAD_TOO_LARGE, "image_refused")
        }
        ServiceError::ImageRefused(_) => (StatusCode::UNPROCESSABLE_ENTITY, "image_refused"),
        ServiceError::Docx(_) => (StatusCode::UNPROCESSABLE_ENTITY, "docx_refused"),
        ServiceError::Review(refused) => review_status(*refused),
        ServiceError::AttachmentRefused {
            problem: jinguo_service::notices::attachment::AttachmentProblem::TooLarge { .. },
            ..
        } => (StatusCode::PAYLOAD_TOO_LARGE, "attachment_refused"),
        ServiceError::AttachmentRefused { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "attachment_refused")
        }
        ServiceError::LinkClosed { .. } => (StatusCode::GONE, "link_closed"),
        ServiceError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
        ServiceError::Unavailable(_) => (StatusCode::SERVICE_UNAVAILABLE, "unavailable"),
        ServiceError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        ServiceError::PasswordRefused(_) => (StatusCode::UNPROCESSABLE_ENTITY, "password_refused"),
    }
}

fn review_status(refused: ReviewRefused) -> (StatusCode, &'static str) {
    match refused {
        ReviewRefused::WrongLevel { .. } => (StatusCode::FORBIDDEN, "wrong_level"),
        ReviewRefused::NotFromHere { .. } => (StatusCode::CONFLICT, "move_refused"),
        ReviewRefused::NotHolder => (StatusCode::CONFLICT, "not_holder"),
        ReviewRefused::QuotaExceeded { .. } => (StatusCode::UNPROCESSABLE_ENTITY, "quota_exceeded"),
        ReviewRefused::CommentRequired => (StatusCode::UNPROCESSABLE_ENTITY, "comment_required"),
        ReviewRefused::NationalHasActed { .. } => (StatusCode::CONFLICT, "national_has_acted"),
        ReviewRefused::NothingToPush => (StatusCode::UNPROCESSABLE_ENTITY, "nothing_to_push"),
        ReviewRefused::BelowMinimumUnconfirmed { .. } => {
            (StatusCode::UNPROCESSABLE_ENTITY, "below_minimum")
        }
    }
}

fn log_if_server_error(err: &ServiceError, status: StatusCode) {
    if status.is_server_error() {
        tracing::error!(error = %err, "request failed");
    }
}

/// An error answered as an HTML page.
#[derive(Debug)]
pub struct PageError(pub ServiceError);

impl From<ServiceError> for PageError {
    fn from(err: ServiceError) -> Self {
        PageError(err)
    }
}

impl PageError {
    /// A template that failed to render: a server error, logged with its cause.
    pub fn template(err: askama::Error) -> Self {
        PageError(ServiceError::Internal(format!("template: {err}")))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let (status, _) = classify(&self.0);
        log_if_server_error(&self.0, status);
        render_error_page(status, &messages::error(&self.0))
    }
}

/// An error answered as JSON.
#[derive(Debug)]
pub struct ApiError(pub ServiceError);

impl From<ServiceError> for ApiError {
    fn from(err: ServiceError) -> Self {
        ApiError(err)
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, e.g. `not_found`, `invalid`, `account_locked`.
    pub code: String,
    /// A Chinese sentence to show to a person.
    pub message: String,
    /// Per-field problems, when the input was invalid.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldMessage>,
    /// Per-row problems, when an import was refused.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rows: Vec<RowMessage>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FieldMessage {
    pub field: String,
    pub message: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RowMessage {
    pub row: usize,
    pub column: String,
    pub message: String,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, _) = classify(&self.0);
        log_if_server_error(&self.0, status);
        let body = ErrorBody {
            error: detail_of(&self.0),
        };
        (status, Json(body)).into_response()
    }
}

/// The `error` object of a JSON answer: code, Chinese message, fields and rows.
pub fn detail_of(err: &ServiceError) -> ErrorDetail {
    let (_, code) = classify(err);
    {
        let fields = match err {
            ServiceError::Invalid(errors) => messages::field_errors(errors)
                .into_iter()
                .map(|(field, message)| FieldMessage { field, message })
                .collect(),
            _ => Vec::new(),
        };
        let rows = match err {
            ServiceError::ImportRefused(report) => report
                .errors
                .iter()
                .map(|e| RowMessage {
                    row: e.row,
                    column: e.column.clone(),
                    message: messages::issue(&e.issue),
                })
                .collect(),
            _ => Vec::new(),
        };
        ErrorDetail {
            code: code.to_string(),
            message: messages::error(err),
            fields,
            rows,
        }
    }
}

/// Requests the guards turn away before any handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// A state-changing request whose `Origin` is another site.
    CrossSite,
    /// A cookie-authenticated write without the session's CSRF token.
    CsrfToken,
    /// A body larger than the configured limit.
    TooLarge,
}

/// The answer to a refused request: JSON under `/api`, a Chinese page elsewhere.
pub fn refused(api: bool, refusal: Refusal) -> Response {
    let (status, code, message) = match refusal {
        Refusal::CrossSite => (
            StatusCode::FORBIDDEN,
            "cross_site",
            "请求来源不可信（跨站请求已被拒绝）。",
        ),
        Refusal::CsrfToken => (
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "页面已过期或请求缺少安全令牌，请刷新页面后重试。",
        ),
        Refusal::TooLarge => (
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            "提交的内容过大。",
        ),
    };
    if api {
        let body = ErrorBody {
            error: ErrorDetail {
                code: code.into(),
                message: message.into(),
                fields: Vec::new(),
                rows: Vec::new(),
            },
        };
        (status, Json(body)).into_response()
    } else {
        render_error_page(status, message)
    }
}
