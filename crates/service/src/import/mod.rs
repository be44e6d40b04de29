//! Bulk import of organisations, posts and accounts from .xlsx or .csv: every row is checked
//! before anything is written, and either all rows go in or none do.

pub mod accounts;
pub mod columns;
pub mod orgs;
pub mod read;
pub mod template;

pub use template::{TemplateFormat, template};

use crate::actor::{self, SignedIn, permit_for};
use crate::audit::RequestMeta;
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use columns::ColumnMap;
use jinguo_domain::Action;
use jinguo_domain::validation::FieldIssue;
use read::ReadError;
use serde::Serialize;

/// The largest file an import accepts.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Federations and posts (organisation rows, posts with their profile).
    Orgs,
    /// Accounts of existing organisations.
    Accounts,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Orgs => "orgs",
            ImportKind::Accounts => "accounts",
        }
    }
}

/// Whether an import writes, or only checks every row and says what it would write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    #[default]
    Commit,
    /// Every check of a real import, nothing written (the report's `inserted` is what a
    /// commit would insert). A code or username taken between the dry run and the commit is
    /// still refused by the commit.
    DryRun,
}

/// One problem in one cell (or row, when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// 1-based row number as a spreadsheet shows it (the header is row 1).
    pub row: usize,
    /// The column header as it appears in the template.
    pub column: String,
    pub issue: FieldIssue,
}

impl RowError {
    pub fn new(row: usize, column: &str, issue: FieldIssue) -> Self {
        Self {
            row,
            column: column.to_string(),
            issue,
        }
    }
}

/// The outcome of an import: rows read, rows written, and every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub mode: ImportMode,
    /// Non-blank data rows in the file.
    pub rows_read: usize,
    pub inserted: usize,
    /// Rows left alone on purpose: an organisation file's row for the importer's own
    /// organisation (a file of the whole tree names its root).
    pub skipped: usize,
    /// Sorted by row; empty when the import went in.
    pub errors: Vec<RowError>,
}

impl ImportReport {
    /// The refusal of a file with these problems; nothing was written.
    pub(crate) fn refused(
        kind: ImportKind,
        rows_read: usize,
        mut errors: Vec<RowError>,
    ) -> ServiceError {
        errors.sort_by_key(|e| e.row);
        ServiceError::ImportRefused(Box::new(ImportReport {
            kind,
            mode: ImportMode::Commit,
            rows_read,
            inserted: 0,
            skipped: 0,
            errors,
        }))
    }
}

/// Imports a file below the actor's own organisation: admins only, all rows or none.
pub async fn import(
    ctx: &Ctx,
    who: &SignedIn,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
    meta: &RequestMeta,
) -> ServiceResult<ImportReport> {
    let owned = bytes.to_vec();
    import_from(
        ctx,
        who,
        kind,
        ImportMode::Commit,
        file_name,
        bytes.len() as u64,
        meta,
        move || Ok(owned),
    )
    .await
}

/// Imports an uploaded file received to disk (the import page).
pub async fn import_file(
    ctx: &Ctx,
    who: &SignedIn,
    kind: ImportKind,
    file: &crate::media::Spooled,
    meta: &RequestMeta,
) -> ServiceResult<ImportReport> {
    import_file_as(ctx, who, kind, ImportMode::Commit, file, meta).await
}

/// Imports, or with [`ImportMode::DryRun`] only checks, an uploaded file (the page and the API).
pub async fn import_file_as(
    ctx: &Ctx,
    who: &SignedIn,
    kind: ImportKind,
    mode: ImportMode,
    file: &crate::media::Spooled,
    meta: &RequestMeta,
) -> ServiceResult<ImportReport> {
    let path = file.path().to_path_buf();
    import_from(
        ctx,
        who,
        kind,
        mode,
        &file.file_name,
        file.len(),
        meta,
        move || std::fs::read(&path),
    )
    .await
}

#[expect(
    clippy::too_many_arguments,
    reason = "one private step shared by three entry points"
)]
async fn import_from(
    ctx: &Ctx,
    who: &SignedIn,
    kind: ImportKind,
    mode: ImportMode,
    file_name: &str,
    len: u64,
    meta: &RequestMeta,
    load: impl FnOnce() -> std::io::Result<Vec<u8>> + Send + 'static,
) -> ServiceResult<ImportReport> {
    let permit = permit_for(&who.actor, Action::ImportBelow, &who.org)?;
    if len > MAX_IMPORT_BYTES as u64 {
        return Err(ServiceError::FileTooLarge {
            limit_bytes: MAX_IMPORT_BYTES,
        });
    }
    // Decompressing and parsing a workbook takes a while and memory: off the async threads,
    // one per core at a time.
    let parsed = crate::cpu::run(move || {
        load()
            .map(|bytes| read::read(&bytes))
            .map_err(|e| ServiceError::Internal(format!("reading an import file: {e}")))
    })
    .await??;
    let sheet = match parsed {
        Ok(sheet) => sheet,
        Err(ReadError::TooLarge) => {
            return Err(ServiceError::FileTooLarge {
                limit_bytes: MAX_IMPORT_BYTES,
            });
        }
        Err(ReadError::Issue(issue)) => {
            return Err(ImportReport::refused(
                kind,
                0,
                vec![RowError::new(1, "", issue)],
            ));
        }
    };
    let map = ColumnMap::locate(columns::columns(kind), &sheet)
        .map_err(|errors| ImportReport::refused(kind, sheet.rows.len(), errors))?;
    let report = match kind {
        ImportKind::Orgs => {
            orgs::import_orgs(ctx, who, &permit, &sheet, &map, mode, file_name, meta).await?
        }
        ImportKind::Accounts => {
            accounts::import_accounts(ctx, who, &permit, &sheet, &map, mode, file_name, meta)
                .await?
        }
    };
    tracing::info!(
        import.kind = kind.as_str(),
        import.rows = report.rows_read,
        import.inserted = report.inserted,
        org.id = who.org.id.0,
        "import done"
    );
    Ok(report)
}

/// `jinguo import`: the operator imports as an admin of the root organisation.
pub async fn import_as_operator(
    ctx: &Ctx,
    kind: ImportKind,
    file_name: &str,
    bytes: &[u8],
) -> ServiceResult<ImportReport> {
    let who = actor::operator(&ctx.db.conn).await?;
    import(ctx, &who, kind, file_name, bytes, &RequestMeta::default()).await
}
