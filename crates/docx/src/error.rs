//! Why an upload could not be read as a .docx. The web layer words each reason in Chinese.

use thiserror::Error;

use crate::container::ContainerError;

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

    /// A part declares more than its own limit ([`crate::Limits`]: the document, styles and
    /// relationships, each picture). Refused before it is inflated.
    #[error("{part} expands past the limit of {limit} bytes")]
    TooLarge { part: String, limit: u64 },

    /// The zip guard refused the container: too many entries, too large once inflated, or
    /// compressed suspiciously well (a zip bomb). Never [`ContainerError::Corrupt`]: damage is
    /// [`DocxError::Corrupt`], naming the part.
    #[error("the zip container is refused: {0}")]
    Zip(ContainerError),
}

impl DocxError {
    pub(crate) fn corrupt(part: &str, detail: impl ToString) -> Self {
        Self::Corrupt {
            part: part.to_owned(),
            detail: detail.to_string(),
        }
    }

    /// The guard's refusal of `part` (`zip` for the container as a whole).
    pub(crate) fn from_container(part: &str, error: ContainerError) -> Self {
        match error {
            ContainerError::Corrupt { detail } => Self::corrupt(part, detail),
            refused => Self::Zip(refused),
        }
    }
}
