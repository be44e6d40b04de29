//! Notices (通知): the received and sent lists, writing and forwarding a notice (multipart, with
//! attachments), one notice with its forward chain and read receipts, and attachment downloads.

pub mod detail;
pub mod form;
pub mod list;

use crate::pages::upload::{Limits, read_multipart};
use axum::extract::Multipart;
use axum::http::StatusCode;
use jinguo_service::notices::attachment::{IncomingFile, MAX_BYTES, MAX_FILES};

/// A request body limit for the notice forms: ten attachments of 20 MB and the text.
pub const FORM_BODY_LIMIT: usize = 10 * 20 * 1024 * 1024 + 1024 * 1024;

/// The text fields (a name may repeat: the recipients) and the chosen files of a form.
pub struct NoticeUpload {
    pub fields: Vec<(String, String)>,
    pub files: Vec<IncomingFile>,
}

impl NoticeUpload {
    pub fn field(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// Reads the multipart form: file inputs named `files` (empty ones skipped), the rest as text.
/// Files go to temporary files as they arrive (ten of 20 MB are never in memory); Err is the
/// status and a Chinese sentence.
pub async fn read_notice_form(
    multipart: Multipart,
    upload_dir: &std::path::Path,
) -> Result<NoticeUpload, (StatusCode, String)> {
    let limits = Limits {
        file_bytes: MAX_BYTES as u64,
        max_files: MAX_FILES,
        text_bytes: 256 * 1024,
        noun: "附件",
    };
    let received = read_multipart(multipart, upload_dir, limits)
        .await
        .map_err(|refused| (refused.status, refused.message))?;
    let files = received
        .files
        .into_iter()
        .filter(|(name, _)| name == "files")
        .map(|(_, file)| IncomingFile { file })
        .collect();
    Ok(NoticeUpload {
        fields: received.fields,
        files,
    })
}
