//! Field-level validation results. Issues are typed; the web layer words them in Chinese.

use crate::limits::Limited;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "issue", rename_all = "snake_case")]
pub enum FieldIssue {
    Required,
    TooLong {
        max: usize,
    },
    TooShort {
        min: usize,
    },
    BadCode,
    BadUsername,
    BadPhone,
    BadYear {
        max: i32,
    },
    UnknownKind,
    UnknownRole,
    UnknownHonourLevel,
    UnknownParent {
        code: String,
    },
    UnknownOrg {
        code: String,
    },
    DuplicateCode {
        code: String,
    },
    DuplicateUsername {
        username: String,
    },
    ParentCannotContain {
        parent_kind: &'static str,
        child_kind: &'static str,
    },
    Cycle {
        code: String,
    },
    PasswordTooWeak,
    PasswordMismatch,
    PasswordUnchanged,
    WrongPassword,
    NotAllowedHere,
    /// A yes/no cell holds something other than 是/否, true/false or 1/0.
    BadYesNo,
    /// An import file lacks a required column (the error's column names it).
    MissingColumn,
    /// An import file has the same column twice, so which one counts is unclear.
    DuplicateColumn,
    /// An import file has no rows at all.
    EmptyFile,
    /// An import file has a header row but no data rows.
    NoDataRows,
    /// An import file is neither a readable .xlsx nor a CSV in UTF-8 or GBK.
    UnreadableFile,
    /// An import .xlsx holds more zip entries than any workbook has (a crafted file).
    ZipTooManyEntries {
        limit: usize,
    },
    /// An import .xlsx would inflate past this many bytes (a zip bomb, or a whole database).
    ZipTooLarge {
        limit_bytes: u64,
    },
    /// An import .xlsx compresses far better than any real workbook (a zip bomb).
    ZipSuspiciousRatio {
        ratio_limit: u64,
    },
    /// An article has more blocks than the editor allows.
    TooManyBlocks {
        max: usize,
    },
    /// Pick at least one (themes).
    ChooseAtLeastOne,
    UnknownTheme {
        key: String,
    },
    /// An article needs at least one paragraph of text.
    NoText,
    /// Over the 字数 limit, with the count.
    TooManyWords {
        count: usize,
        max: usize,
    },
    /// A theme line that is not `key 名称`.
    BadThemeLine {
        line: String,
    },
    /// A date that is not a date (expects YYYY-MM-DD).
    BadDate,
    /// A window that closes before it opens.
    ClosesBeforeOpens,
    /// A number out of its range.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// More than a limit of [`crate::limits`] allows (`count` is what was sent).
    OverLimit {
        what: Limited,
        max: usize,
        count: usize,
    },
    /// A Word file whose blocks do not fit beside the article's existing ones.
    ImportTooLarge {
        imported: usize,
        existing: usize,
        max: usize,
    },
    /// An API request body that is not JSON at all (the parser stopped at line:column; 0 for
    /// a body that ended early).
    MalformedJson {
        line: usize,
        column: usize,
    },
    /// An API request body sent as something other than JSON.
    NotJson,
    /// A required field is absent (`name` is its full path).
    MissingField {
        name: String,
    },
    /// A value of the wrong type at `path`.
    WrongType {
        path: String,
        expected: ValueKind,
    },
    /// A value of the right type that is not acceptable (a negative count, a bad date …).
    BadValue {
        path: String,
        expected: ValueKind,
    },
    /// A value that is none of the allowed names.
    UnknownVariant {
        path: String,
        allowed: Vec<String>,
    },
    /// A field the request does not have.
    UnknownField {
        path: String,
    },
}

/// What a request value should have been, as far as the reader can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    String,
    Integer,
    NonNegativeInteger,
    Number,
    Boolean,
    List,
    Object,
    Date,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub field: String,
    #[serde(flatten)]
    pub issue: FieldIssue,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn add(&mut self, field: &str, issue: FieldIssue) {
        self.0.push(FieldError {
            field: field.to_string(),
            issue,
        });
    }

    pub fn single(field: &str, issue: FieldIssue) -> Self {
        let mut errors = Self::default();
        errors.add(field, issue);
        errors
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|e| e.field == field)
    }

    pub fn for_field(&self, field: &str) -> Option<&FieldIssue> {
        self.0.iter().find(|e| e.field == field).map(|e| &e.issue)
    }

    pub fn into_result<T>(self, value: T) -> Result<T, FieldErrors> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}
