//! Field-level validation results. Issues are typed; the web layer words them in Chinese.
//! Also the input-hygiene rule for text shown to others (no control or bidi characters) and the
//! sanitised download name.

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
    /// A web address part (a campaign's slug): lower-case letters, digits and `-`, at most 40.
    BadSlug,
    BadUsername,
    BadPhone,
    /// A control or invisible formatting character (CR/LF in a one-line field, a bidi
    /// override such as U+202E …); `code_point` names the first one as `U+202E`.
    ControlCharacter {
        code_point: String,
    },
    /// An image block that names no photo this post uploaded (another post's photo, a made-up
    /// name or a path).
    UnknownImage {
        name: String,
    },
    /// The first save of a new article with nothing in it: no draft is created.
    EmptyDraft,
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
    /// A webhook subscriber URL that is refused (scheme, form, or a private address).
    WebhookUrl {
        refused: crate::webhook::UrlRefused,
    },
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
    /// Articles chosen that are no longer public (unpublished since the page was shown).
    NotPublished {
        count: usize,
    },
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

/// Whether the field is one line (names, titles, file names) or multi-line body text, where
/// line breaks and tabs are ordinary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextShape {
    OneLine,
    MultiLine,
}

/// Invisible formatting characters (Unicode category Cf) and the line/paragraph separators:
/// bidi embeddings, overrides and isolates, zero-width characters, the BOM, tag characters.
fn is_format_char(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{0600}'..='\u{0605}'
            | '\u{061C}'
            | '\u{06DD}'
            | '\u{070F}'
            | '\u{0890}'..='\u{0891}'
            | '\u{08E2}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{110BD}'
            | '\u{110CD}'
            | '\u{13430}'..='\u{1343F}'
            | '\u{1BCA0}'..='\u{1BCA3}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}

/// Whether `c` may not appear in text of this shape: control characters (Cc) and invisible
/// formatting characters (Cf), except line breaks and tabs in multi-line text.
pub fn is_forbidden_char(c: char, shape: TextShape) -> bool {
    if shape == TextShape::MultiLine && matches!(c, '\n' | '\r' | '\t') {
        return false;
    }
    c.is_control() || is_format_char(c)
}

/// Refuses text with a control or bidi character, naming the first one.
pub fn check_clean_text(text: &str, shape: TextShape) -> Result<(), FieldIssue> {
    match text.chars().find(|c| is_forbidden_char(*c, shape)) {
        Some(c) => Err(FieldIssue::ControlCharacter {
            code_point: format!("U+{:04X}", c as u32),
        }),
        None => Ok(()),
    }
}

/// A one-line name, title or file name shown to others (account display names too: callers
/// outside this crate use it the same way).
pub fn check_one_line(text: &str) -> Result<(), FieldIssue> {
    check_clean_text(text, TextShape::OneLine)
}

/// A file name fit for a download: control and bidi characters, quotes, path separators and
/// characters Windows refuses are dropped, leading dots trimmed; `fallback` if nothing is left.
pub fn safe_download_name(name: &str, fallback: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !is_forbidden_char(*c, TextShape::OneLine))
        .filter(|c| {
            !matches!(
                c,
                '"' | '\'' | '/' | '\\' | ':' | '*' | '?' | '<' | '>' | '|'
            )
        })
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').trim();
    if cleaned.is_empty() {
        fallback.to_string()
    } else {
        cleaned.to_string()
    }
}

/// The `Content-Disposition` value for a download named `name`: a sanitised ASCII `filename`
/// (non-ASCII characters become `_`, so old clients still get the extension) and the RFC 5987
/// `filename*` in UTF-8.
pub fn content_disposition(disposition: &str, name: &str, fallback: &str) -> String {
    let safe = safe_download_name(name, fallback);
    let ascii: String = safe
        .chars()
        .map(|c| {
            if c.is_ascii_graphic() || c == ' ' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut encoded = String::new();
    for b in safe.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{disposition}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod hygiene_tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_refused_by_shape() {
        use TextShape::*;
        let cases: &[(&str, TextShape, Option<&str>)] = &[
            ("巾帼文明岗 2026", OneLine, None),
            ("渝中区妇联（试点）", OneLine, None),
            ("第一段\n第二段\r\n\t缩进", MultiLine, None),
            ("标题\n第二行", OneLine, Some("U+000A")),
            ("标题\r", OneLine, Some("U+000D")),
            ("tab\there", OneLine, Some("U+0009")),
            ("invoice\u{202E}gpj.exe", OneLine, Some("U+202E")),
            ("invoice\u{202E}gpj.exe", MultiLine, Some("U+202E")),
            ("isolate\u{2066}x", OneLine, Some("U+2066")),
            ("zero\u{200B}width", OneLine, Some("U+200B")),
            ("bom\u{FEFF}", OneLine, Some("U+FEFF")),
            ("nul\u{0}", MultiLine, Some("U+0000")),
            ("bell\u{7}", OneLine, Some("U+0007")),
            ("del\u{7F}", OneLine, Some("U+007F")),
            ("c1\u{85}", MultiLine, Some("U+0085")),
            ("line\u{2028}sep", MultiLine, Some("U+2028")),
            ("tag\u{E0041}", OneLine, Some("U+E0041")),
        ];
        for (text, shape, expected) in cases {
            let got = check_clean_text(text, *shape).err();
            let want = expected.map(|cp| FieldIssue::ControlCharacter {
                code_point: cp.to_string(),
            });
            assert_eq!(got, want, "{text:?} as {shape:?}");
        }
    }

    #[test]
    fn download_names_lose_what_could_mislead_or_escape() {
        let cases: &[(&str, &str)] = &[
            ("报名表.xlsx", "报名表.xlsx"),
            ("a\"b.pdf", "ab.pdf"),
            ("../../etc/passwd", "etcpasswd"),
            ("..\\windows\\x.doc", "windowsx.doc"),
            ("report\u{202E}fdp.exe", "reportfdp.exe"),
            ("line\r\nbreak.txt", "linebreak.txt"),
            ("\u{202E}", "file"),
            ("...", "file"),
        ];
        for (name, expected) in cases {
            assert_eq!(safe_download_name(name, "file"), *expected, "{name:?}");
        }
    }

    #[test]
    fn content_disposition_has_an_ascii_fallback_and_the_utf8_form() {
        assert_eq!(
            content_disposition("attachment", "报名表 v2.xlsx", "file"),
            "attachment; filename=\"___ v2.xlsx\"; filename*=UTF-8''%E6%8A%A5%E5%90%8D%E8%A1%A8%20v2.xlsx"
        );
        assert_eq!(
            content_disposition("inline", "a\";x=\"y\r\n.pdf", "file"),
            "inline; filename=\"a;x=y.pdf\"; filename*=UTF-8''a%3Bx%3Dy.pdf"
        );
    }
}
