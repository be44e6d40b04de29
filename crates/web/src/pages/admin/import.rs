//! Bulk import of organisations, posts and accounts: templates to download, an upload form, and
//! a per-row report (row, column, reason) when a file is refused. Nothing is half-imported.

use crate::auth::Page;
use crate::error::PageError;
use crate::messages;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::pages::upload::read_upload;
use crate::state::AppState;
use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use jinguo_service::ServiceError;
use jinguo_service::import::{self, ImportKind, MAX_IMPORT_BYTES, TemplateFormat};

pub struct ReportRow {
    pub row: usize,
    pub column: String,
    pub message: String,
}

#[derive(Template)]
#[template(path = "pages/admin/import.html")]
pub struct ImportPage {
    pub chrome: Chrome,
    pub org_name: String,
    pub max_mb: usize,
    pub kind: String,
    pub file_name: String,
    pub message: String,
    pub success: bool,
    pub rows: Vec<ReportRow>,
}

fn page_view(page: &Page, kind: &str) -> ImportPage {
    ImportPage {
        chrome: Chrome::signed_in("批量导入", page, "import"),
        org_name: page.who.org.name.clone(),
        max_mb: MAX_IMPORT_BYTES / 1024 / 1024,
        kind: kind.to_string(),
        file_name: String::new(),
        message: String::new(),
        success: false,
        rows: Vec::new(),
    }
}

fn require_import(page: &Page) -> Result<(), PageError> {
    Ok(jinguo_service::permissions::require_own(
        &page.who,
        jinguo_domain::Action::ImportBelow,
    )?)
}

pub async fn show_import(page: Page) -> Result<Response, PageError> {
    require_import(&page)?;
    Ok(render(StatusCode::OK, &page_view(&page, "orgs")))
}

fn parse_kind(kind: &str) -> Option<ImportKind> {
    match kind {
        "orgs" => Some(ImportKind::Orgs),
        "accounts" => Some(ImportKind::Accounts),
        _ => None,
    }
}

pub async fn submit_import(
    State(state): State<AppState>,
    page: Page,
    multipart: Multipart,
) -> Result<Response, PageError> {
    require_import(&page)?;
    let upload = match read_upload(
        multipart,
        &state.ctx.settings.upload_dir,
        (MAX_IMPORT_BYTES / 1024 / 1024) as u64,
    )
    .await
    {
        Ok(upload) => upload,
        Err(refused) => {
            let mut view = page_view(&page, "orgs");
            view.message = refused.message;
            return Ok(render(refused.status, &view));
        }
    };
    let kind_text = upload
        .fields
        .get("kind")
        .cloned()
        .unwrap_or_else(|| "orgs".into());
    let file_name = upload.file.file_name.clone();
    let Some(kind) = parse_kind(&kind_text) else {
        return Err(ServiceError::NotFound.into());
    };
    let mut view = page_view(&page, kind.as_str());
    view.file_name = file_name.clone();
    match import::import_file(&state.ctx, &page.who, kind, &upload.file, &page.meta).await {
        Ok(report) => {
            view.success = true;
            view.message = match kind {
                ImportKind::Orgs => format!(
                    "导入成功：共 {} 行，新增组织与岗位 {} 个。",
                    report.rows_read, report.inserted
                ),
                ImportKind::Accounts => format!(
                    "导入成功：共 {} 行，新增账号 {} 个。新账号首次登录时需修改密码。",
                    report.rows_read, report.inserted
                ),
            };
            if report.skipped > 0 {
                view.message
                    .push_str(&format!("（已跳过本级组织所在行 {} 行）", report.skipped));
            }
            Ok(render(StatusCode::OK, &view))
        }
        Err(err @ (ServiceError::ImportRefused(_) | ServiceError::FileTooLarge { .. })) => {
            view.message = messages::error(&err);
            if let ServiceError::ImportRefused(report) = &err {
                view.rows = report
                    .errors
                    .iter()
                    .map(|e| ReportRow {
                        row: e.row,
                        column: e.column.clone(),
                        message: messages::issue(&e.issue),
                    })
                    .collect();
            }
            Ok(render(crate::error::classify(&err).0, &view))
        }
        Err(other) => Err(other.into()),
    }
}

/// `/admin/import/template/{kind}.{xlsx|csv}`
pub async fn download_template(
    page: Page,
    Path(file): Path<String>,
) -> Result<Response, PageError> {
    Ok(template_response(&page.who, &file)?)
}

/// The template `file` (`orgs.xlsx`, `accounts.csv` …) for those who may import (the page and
/// the API).
pub fn template_response(
    who: &jinguo_service::actor::SignedIn,
    file: &str,
) -> Result<Response, ServiceError> {
    jinguo_service::permissions::require_own(who, jinguo_domain::Action::ImportBelow)?;
    let (kind, format) = match file {
        "orgs.xlsx" => (ImportKind::Orgs, TemplateFormat::Xlsx),
        "orgs.csv" => (ImportKind::Orgs, TemplateFormat::Csv),
        "accounts.xlsx" => (ImportKind::Accounts, TemplateFormat::Xlsx),
        "accounts.csv" => (ImportKind::Accounts, TemplateFormat::Csv),
        _ => return Err(ServiceError::NotFound),
    };
    let bytes = import::template(kind, format)?;
    let (mime, download) = match (kind, format) {
        (ImportKind::Orgs, TemplateFormat::Xlsx) => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "组织与岗位导入模板.xlsx",
        ),
        (ImportKind::Orgs, TemplateFormat::Csv) => {
            ("text/csv; charset=utf-8", "组织与岗位导入模板.csv")
        }
        (ImportKind::Accounts, TemplateFormat::Xlsx) => (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "账号导入模板.xlsx",
        ),
        (ImportKind::Accounts, TemplateFormat::Csv) => {
            ("text/csv; charset=utf-8", "账号导入模板.csv")
        }
    };
    let disposition = jinguo_domain::validation::content_disposition("attachment", download, file);
    Ok((
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        bytes,
    )
        .into_response())
}
