//! The one multipart reader: every upload form (photos, Word files, import files, notice
//! attachments) and the API's uploads come through here. Files are written to temporary files
//! piece by piece as they arrive, each checked against its limit while reading, so a request
//! never holds a whole file in memory; text fields are small and capped. Refusals are Chinese
//! sentences with the status to answer.

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use axum::http::StatusCode;
use jinguo_service::media::{SpoolError, SpoolWriter, Spooled};
use std::collections::HashMap;
use std::path::Path;

/// What one form may carry.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest single file.
    pub file_bytes: u64,
    /// Most files (file inputs left empty are not counted).
    pub max_files: usize,
    /// All text fields together (a notice body of 20,000 字 is about 60 KB).
    pub text_bytes: usize,
    /// What the files are called in messages: 文件, 附件.
    pub noun: &'static str,
}

impl Limits {
    /// One file of at most `mb` megabytes and a few small fields.
    pub fn one_file(mb: u64) -> Self {
        Limits {
            file_bytes: mb * 1024 * 1024,
            max_files: 1,
            text_bytes: 64 * 1024,
            noun: "文件",
        }
    }
}

/// A form as received: text fields in order (names may repeat) and files by field name.
pub struct Received {
    pub fields: Vec<(String, String)>,
    pub files: Vec<(String, Spooled)>,
}

/// Why a form could not be read, already in Chinese, with the status to answer.
pub struct UploadRefused {
    pub status: StatusCode,
    pub message: String,
}

fn broken() -> UploadRefused {
    UploadRefused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: "上传中断或内容无法识别，请重新选择文件上传。".into(),
    }
}

fn too_large(file_name: &str, limits: Limits) -> UploadRefused {
    let (mb, noun) = (limits.file_bytes / 1024 / 1024, limits.noun);
    let message = if file_name.is_empty() {
        format!("{noun}太大，不能超过 {mb} MB。")
    } else {
        format!("{noun}“{file_name}”太大，每个{noun}不能超过 {mb} MB。")
    };
    UploadRefused {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message,
    }
}

fn request_too_large() -> UploadRefused {
    UploadRefused {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: "提交的内容合计太大，请减少附件后重试。".into(),
    }
}

/// The body reader gave up: past the request's limit, or cut off. With one file allowed, a
/// request too large means that file is.
fn from_multer(status: StatusCode, limits: Limits) -> UploadRefused {
    match status {
        StatusCode::PAYLOAD_TOO_LARGE if limits.max_files == 1 => too_large("", limits),
        StatusCode::PAYLOAD_TOO_LARGE => request_too_large(),
        _ => broken(),
    }
}

/// Reads the whole form, files to temporary files under `dir`.
pub async fn read_multipart(
    mut multipart: Multipart,
    dir: &Path,
    limits: Limits,
) -> Result<Received, UploadRefused> {
    let mut received = Received {
        fields: Vec::new(),
        files: Vec::new(),
    };
    let mut text_bytes = 0usize;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => return Err(from_multer(e.status(), limits)),
        };
        let name = field.name().unwrap_or("").to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                let spooled = spool(field, dir, &file_name, limits).await?;
                if file_name.is_empty() && spooled.is_empty() {
                    continue; // a file input left empty
                }
                if received.files.len() == limits.max_files {
                    return Err(UploadRefused {
                        status: StatusCode::UNPROCESSABLE_ENTITY,
                        message: format!("一次最多上传 {} 个文件。", limits.max_files),
                    });
                }
                received.files.push((name, spooled));
            }
            None => {
                let room = limits.text_bytes.saturating_sub(text_bytes);
                let text = read_text(field, room, limits).await?;
                text_bytes += text.len();
                received.fields.push((name, text));
            }
        }
    }
    Ok(received)
}

async fn spool(
    mut field: Field<'_>,
    dir: &Path,
    file_name: &str,
    limits: Limits,
) -> Result<Spooled, UploadRefused> {
    let failed = |e: SpoolError| match e {
        SpoolError::TooLarge { .. } => too_large(file_name, limits),
        SpoolError::Io(err) => {
            tracing::error!(error = %err, "an upload could not be written to its temporary file");
            UploadRefused {
                status: StatusCode::SERVICE_UNAVAILABLE,
                message: "系统繁忙，请稍后重试。".into(),
            }
        }
    };
    let mut writer = SpoolWriter::create(dir, limits.file_bytes)
        .await
        .map_err(failed)?;
    loop {
        match field.chunk().await {
            Ok(Some(piece)) => writer.write(&piece).await.map_err(failed)?,
            Ok(None) => break,
            Err(e) => return Err(from_multer(e.status(), limits)),
        }
    }
    writer.finish(file_name.to_string()).await.map_err(failed)
}

async fn read_text(
    mut field: Field<'_>,
    room: usize,
    limits: Limits,
) -> Result<String, UploadRefused> {
    let mut bytes = Vec::new();
    loop {
        match field.chunk().await {
            Ok(Some(piece)) => {
                if bytes.len() + piece.len() > room {
                    return Err(UploadRefused {
                        status: StatusCode::PAYLOAD_TOO_LARGE,
                        message: "表单文字内容太长。".into(),
                    });
                }
                bytes.extend_from_slice(&piece);
            }
            Ok(None) => break,
            Err(e) => return Err(from_multer(e.status(), limits)),
        }
    }
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// One chosen file (field `file`) and small text fields.
pub struct Upload {
    pub file: Spooled,
    pub fields: HashMap<String, String>,
}

pub async fn read_upload(
    multipart: Multipart,
    dir: &Path,
    limit_mb: u64,
) -> Result<Upload, UploadRefused> {
    let received = read_multipart(multipart, dir, Limits::one_file(limit_mb)).await?;
    let fields = received.fields.into_iter().collect();
    match received.files.into_iter().find(|(name, _)| name == "file") {
        Some((_, file)) if !file.file_name.is_empty() => Ok(Upload { file, fields }),
        _ => Err(UploadRefused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "请选择要上传的文件。".into(),
        }),
    }
}
