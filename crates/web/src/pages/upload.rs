//! Reading a multipart upload (one file plus small text fields), with Chinese messages for
//! what can go wrong: too large, interrupted, no file chosen.

use axum::extract::Multipart;
use axum::http::StatusCode;
use std::collections::HashMap;

pub struct Upload {
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub fields: HashMap<String, String>,
}

/// Why an upload could not be read, already in Chinese, with the status to answer.
pub struct UploadRefused {
    pub status: StatusCode,
    pub message: String,
}

pub async fn read_upload(
    mut multipart: Multipart,
    limit_mb: usize,
) -> Result<Upload, UploadRefused> {
    let too_large = || UploadRefused {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        message: format!("文件太大，不能超过 {limit_mb} MB。"),
    };
    let broken = || UploadRefused {
        status: StatusCode::UNPROCESSABLE_ENTITY,
        message: "上传中断或内容无法识别，请重新选择文件上传。".into(),
    };
    let mut fields = HashMap::new();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        match multipart.next_field().await {
            Ok(Some(field)) => {
                let name = field.name().unwrap_or("").to_string();
                let file_name = field.file_name().map(str::to_string);
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large()
                    } else {
                        broken()
                    }
                })?;
                match file_name {
                    Some(file_name) if name == "file" => file = Some((file_name, bytes.to_vec())),
                    _ => {
                        fields.insert(name, String::from_utf8_lossy(&bytes).to_string());
                    }
                }
            }
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => return Err(too_large()),
            Err(_) => return Err(broken()),
        }
    }
    match file {
        Some((file_name, bytes)) if !file_name.is_empty() => Ok(Upload {
            file_name,
            bytes,
            fields,
        }),
        _ => Err(UploadRefused {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            message: "请选择要上传的文件。".into(),
        }),
    }
}
