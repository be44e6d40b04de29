//! Bulk import over JSON clients' HTTP: upload a spreadsheet of organisations and posts or of
//! accounts, first as a dry run (every check, nothing written), then for real — all rows or
//! none, refusals per row and column. Templates to fill in. The same service function as
//! `/admin/import`.

use crate::api::v1::extract::ApiMultipart;
use crate::api::v1::extract::{ApiPath, ApiQuery, upload_refused};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::pages::admin::import::template_response;
use crate::pages::upload::read_upload;
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::response::Response;
use jinguo_service::import::{ImportKind, ImportMode, MAX_IMPORT_BYTES, import_file_as};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Clone, Copy, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportWhat {
    /// Federations and posts with their profile.
    Orgs,
    /// Accounts of existing organisations.
    Accounts,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ImportParams {
    #[param(inline)]
    pub kind: ImportWhat,
    /// Check every row and report, write nothing.
    #[serde(default)]
    pub dry_run: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReportResponse {
    pub kind: ImportWhat,
    pub dry_run: bool,
    /// Non-blank data rows in the file.
    pub rows_read: u64,
    /// Rows written (a dry run: rows a commit would write).
    pub inserted: u64,
    /// Rows left alone on purpose (the importer's own organisation).
    pub skipped: u64,
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[expect(
    dead_code,
    reason = "documents the multipart field; read by read_upload"
)]
pub struct ImportForm {
    /// The filled-in template, .xlsx or .csv (UTF-8 or GB18030), at most 20 MB.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

#[utoipa::path(post, path = "/api/v1/imports", tag = "imports", params(ImportParams),
    request_body(content = inline(ImportForm), content_type = "multipart/form-data"),
    responses((status = 200, body = ImportReportResponse, description = "Imported (or checked): every row went in, or, dry, would"),
              (status = 422, body = ErrorBody, description = "Refused whole: `rows` names each row, column and reason (`import_refused`)")),
    security(("bearer" = [])))]
pub async fn import_rows(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(params): ApiQuery<ImportParams>,
    ApiMultipart(multipart): ApiMultipart,
) -> Result<Json<ImportReportResponse>, ApiError> {
    let upload = read_upload(multipart, &state.ctx.settings.upload_dir, 20)
        .await
        .map_err(|refused| upload_refused("file", refused.status, MAX_IMPORT_BYTES))?;
    let kind = match params.kind {
        ImportWhat::Orgs => ImportKind::Orgs,
        ImportWhat::Accounts => ImportKind::Accounts,
    };
    let mode = if params.dry_run {
        ImportMode::DryRun
    } else {
        ImportMode::Commit
    };
    let report = import_file_as(
        &state.ctx,
        &caller.who,
        kind,
        mode,
        &upload.file,
        &caller.meta,
    )
    .await?;
    Ok(Json(ImportReportResponse {
        kind: params.kind,
        dry_run: params.dry_run,
        rows_read: report.rows_read as u64,
        inserted: report.inserted as u64,
        skipped: report.skipped as u64,
    }))
}

#[utoipa::path(get, path = "/api/v1/imports/templates/{file}", tag = "imports",
    params(("file" = String, Path, description = "`orgs.xlsx`, `orgs.csv`, `accounts.xlsx` or `accounts.csv`", example = "orgs.xlsx")),
    responses((status = 200, content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")), description = "The template with its header row and an example"),
              (status = 404, body = ErrorBody, description = "No such template (`not_found`)")),
    security(("bearer" = [])))]
pub async fn download_import_template(
    caller: Caller,
    ApiPath(file): ApiPath<String>,
) -> Result<Response, ApiError> {
    Ok(template_response(&caller.who, &file)?)
}
