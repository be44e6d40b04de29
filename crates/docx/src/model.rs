//! What a .docx turns into: content blocks in reading order, an optional title, and warnings.

/// One piece of article content taken from the document, in reading order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxBlock {
    /// A paragraph of body text: runs joined, soft line breaks as `'\n'`, tabs as a space,
    /// whitespace collapsed and the full-width indentation at its start trimmed.
    Paragraph(String),
    /// A paragraph styled as a heading (Heading 1–9, 标题 1–9, Subtitle, a later Title) or with
    /// an outline level.
    Subheading(String),
    /// A picture the document shows, with its bytes exactly as stored in the .docx.
    Image {
        bytes: Vec<u8>,
        /// The media file's name inside the .docx, e.g. `image1.png`.
        file_name: String,
        /// The paragraph after the picture when it is styled Caption/题注, or is a short line
        /// starting with 图; that paragraph is not repeated as a block.
        caption: Option<String>,
    },
}

/// A document read from a .docx.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocxDocument {
    /// The first paragraph styled Title/标题, if any (never guessed from the first line).
    pub title: Option<String>,
    pub blocks: Vec<DocxBlock>,
    /// What was changed or left out on the way, for the user to check.
    pub warnings: Vec<DocxWarning>,
}

/// Something the reader changed or left out; the document was still read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocxWarning {
    /// A table became one paragraph per row, its cells joined by a full-width space.
    TableFlattened { rows: usize },
    /// Content with no block to hold it was left out.
    SkippedContent { what: SkippedContent },
    /// A picture linked to a file outside the document (not embedded) was left out.
    LinkedImage { target: String },
    /// A picture in a format the site cannot show (EMF/WMF drawings) was left out.
    UnsupportedImage { file_name: String },
    /// A picture whose data is missing from the .docx was left out.
    MissingImage { reference: String },
}

/// The kinds of content [`DocxWarning::SkippedContent`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkippedContent {
    Chart,
    /// A SmartArt diagram.
    Diagram,
    /// An Office Math equation.
    Equation,
    /// An embedded OLE object, such as a spreadsheet or a Visio drawing.
    EmbeddedObject,
}
