//! Errors of the use cases: typed, carrying data, knowing nothing of HTTP or language.

use chrono::{DateTime, Utc};
use jinguo_domain::Denied;
use jinguo_domain::org::MergeRefused;
use jinguo_domain::validation::FieldErrors;
use jinguo_storage::StorageError;

use crate::import::ImportReport;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    /// Missing, or outside the actor's subtree (the two are indistinguishable on purpose).
    #[error("not found")]
    NotFound,
    /// Visible, but the actor's role may not do this.
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Invalid(FieldErrors),
    /// Wrong username or password.
    #[error("login failed")]
    LoginFailed { remaining_attempts: i32 },
    #[error("account locked")]
    AccountLocked { until: DateTime<Utc> },
    #[error("account disabled")]
    AccountDisabled,
    #[error("not signed in or session expired")]
    Unauthenticated,
    #[error("the password must be changed first")]
    PasswordChangeRequired,
    #[error("merge refused: {0}")]
    MergeRefused(MergeRefused),
    #[error("import refused")]
    ImportRefused(Box<ImportReport>),
    #[error("the file is too large (limit {limit_bytes} bytes)")]
    FileTooLarge { limit_bytes: usize },
    /// The post may not take part in this campaign.
    #[error("ineligible: {0}")]
    Ineligible(jinguo_domain::campaign::Ineligible),
    /// The action is outside its phase window.
    #[error("window closed: {0}")]
    WindowClosed(jinguo_domain::campaign::WindowClosed),
    /// The article's status does not allow this move.
    #[error("move refused: {0}")]
    MoveRefused(jinguo_domain::article::MoveRefused),
    /// An upload the image pipeline will not accept.
    #[error("image refused: {0}")]
    ImageRefused(jinguo_imaging::ImageRefused),
    /// A Word file that cannot be read.
    #[error("docx refused: {0}")]
    Docx(jinguo_docx::DocxError),
    /// A reviewer's move the workflow does not allow now (level, holder, status, quota).
    #[error("review refused: {0}")]
    Review(jinguo_domain::review::ReviewRefused),
    /// A notice's attachment that is not accepted (type, size, count), naming the file.
    #[error("attachment {file_name:?} refused: {problem:?}")]
    AttachmentRefused {
        file_name: String,
        problem: crate::notices::attachment::AttachmentProblem,
    },
    /// A press kit's link past its last day, or revoked.
    #[error("press kit link closed (revoked: {revoked})")]
    LinkClosed {
        revoked: bool,
        last_day: chrono::NaiveDate,
    },
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("unavailable: {0}")]
    Unavailable(String),
    #[error("internal error: {0}")]
    Internal(String),
    /// A new password that is long enough but refused by the password policy.
    #[error("password refused: {0}")]
    PasswordRefused(jinguo_domain::password_policy::PasswordRefused),
}

impl From<StorageError> for ServiceError {
    fn from(err: StorageError) -> Self {
        match err {
            StorageError::NotFound => ServiceError::NotFound,
            StorageError::Conflict(detail) => ServiceError::Conflict(detail),
            StorageError::Unavailable(detail) => ServiceError::Unavailable(detail),
            other => ServiceError::Internal(other.to_string()),
        }
    }
}

impl From<jinguo_storage::DbErr> for ServiceError {
    fn from(err: jinguo_storage::DbErr) -> Self {
        StorageError::from(err).into()
    }
}

impl From<Denied> for ServiceError {
    fn from(denied: Denied) -> Self {
        match denied {
            Denied::OutsideSubtree => ServiceError::NotFound,
            Denied::RoleNotAllowed => ServiceError::Forbidden,
        }
    }
}

impl From<FieldErrors> for ServiceError {
    fn from(errors: FieldErrors) -> Self {
        ServiceError::Invalid(errors)
    }
}

pub type ServiceResult<T> = Result<T, ServiceError>;
