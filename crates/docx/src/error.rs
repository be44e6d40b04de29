//! Why an upload could not be read as a .docx. The web layer words each reason in Chinese.

use thiserror::Error;

/// A file [`crate::read_docx`] refuses, with what the user (or the log) needs to know.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum DocxError {
    /// Not a zip at all, or a zip without `word/document.xml` (a spreadsheet, a PDF, a photo).
    #[error("the file is not a .docx document")]
    NotADocx,

    /// A Word 97–2003 `.doc` (an OLE compound file): the user should save it as .docx.
    #[error("the file is a legacy .doc document")]
    LegacyDoc,

    /// A password-protected Word document (Office wraps those in an OLE file, not a zip).
    #[error("the document is password-protected")]
    Encrypted,

    /// The zip or one of its XML parts is damaged, truncated or encrypted at the zip level.
    /// `detail` is for logs, not for users.
    #[error("the document is damaged ({part}): {detail}")]
    Corrupt { part: String, detail: String },

    /// A part expands past its limit, or all parts read together pass the total limit
    /// (a zip bomb, or a document with enormous pictures). Refused before it is all in memory.
    #[error("{part} expands past the limit of {limit} bytes")]
    TooLarge { part: String, limit: u64 },
}

impl DocxError {
    pub(crate) fn corrupt(part: &str, detail: impl ToString) -> Self {
        Self::Corrupt {
            part: part.to_owned(),
            detail: detail.to_string(),
        }
    }
}
