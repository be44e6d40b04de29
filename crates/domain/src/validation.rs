//! Field-level validation results. Issues are typed; the web layer words them in Chinese.

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
