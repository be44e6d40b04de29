//! Notices (通知): the received and sent lists, writing and forwarding a notice (multipart, with
//! attachments), one notice with its forward chain and read receipts, and attachment downloads.

pub mod detail;
pub mod form;
pub mod list;

use axum::extract::Multipart;
use axum::http::StatusCode;
use jinguo_service::notices::attachment::IncomingFile;

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
/// Err is the status and a Chinese sentence.
pub async fn read_notice_form(
    mut multipart: Multipart,
) -> Result<NoticeUpload, (StatusCode, String)> {
    let mut fields = Vec::new();
    let mut files = Vec::new();
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let file_name = field.file_name().map(str::to_string);
                let bytes = field.bytes().await.map_err(|e| refused(e.status()))?;
                match file_name {
                    Some(file_name) if name == "files" => {
                        if !file_name.is_empty() || !bytes.is_empty() {
                            files.push(IncomingFile {
                                file_name,
                                bytes: bytes.to_vec(),
                            });
                        }
                    }
                    _ => fields.push((name, String::from_utf8_lossy(&bytes).to_string())),
                }
            }
            Ok(None) => break,
            Err(e) => return Err(refused(e.status())),
        }
    }
    Ok(NoticeUpload { fields, files })
}

fn refused(status: StatusCode) -> (StatusCode, String) {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        (
            status,
            format!(
                "提交的附件合计太大，一次最多 {} MB。",
                FORM_BODY_LIMIT / 1024 / 1024
            ),
        )
    } else {
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            "上传中断或内容无法识别，请重新选择文件提交。".into(),
        )
    }
}
