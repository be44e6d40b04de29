//! Bulk import of organisations, posts and accounts from .xlsx or .csv: every row is checked
//! before anything is written, and either all rows go in or none do.

use jinguo_domain::validation::FieldIssue;
use serde::Serialize;

/// What a file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Federations and posts (organisation rows, posts with their profile).
    Orgs,
    /// Accounts of existing organisations.
    Accounts,
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

/// The outcome of an import: rows read, rows written, and every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    pub rows_read: usize,
    pub inserted: usize,
    pub errors: Vec<RowError>,
}
