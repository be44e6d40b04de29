//! Reads an uploaded Word/WPS .docx into the article's content: paragraphs, subheadings and
//! pictures in reading order, an optional title, and warnings about what was flattened or left
//! out (tables, charts, equations, linked or EMF/WMF pictures).
//!
//! The upload is untrusted: legacy .doc, password-protected and non-zip files are told apart,
//! damaged zips and malformed XML are refused without panicking, and the zip goes through the
//! guard in [`container`] (entry count, uncompressed size, compression ratio, checked before
//! anything is inflated) and every part through a size cap ([`Limits`]). Picture bytes are
//! passed through unchanged for the caller's image pipeline to check. Pure and synchronous.
//!
//! The guard is public: every untrusted zip upload (the .xlsx import too) goes through it.
//!
//! It also writes the other way ([`write_docx`]): an article as a plain, well-styled .docx for
//! the media.

mod assemble;
mod body;
pub mod container;
mod error;
mod model;
mod package;
mod rels;
mod styles;
mod table;
mod text;
mod write;
mod xml;

pub use container::{ContainerError, ZipLimits};
pub use error::DocxError;
pub use model::{DocxBlock, DocxDocument, DocxWarning, SkippedContent};
pub use package::Limits;
pub use write::{WriteError, write_docx};

use package::{DOCUMENT, Package};
use styles::Styles;

const STYLES: &str = "word/styles.xml";

/// Reads a .docx with the default [`Limits`].
pub fn read_docx(bytes: &[u8]) -> Result<DocxDocument, DocxError> {
    read_docx_with_limits(bytes, Limits::default())
}

/// Reads a .docx, decompressing no more than `limits` allow.
pub fn read_docx_with_limits(bytes: &[u8], limits: Limits) -> Result<DocxDocument, DocxError> {
    let mut package = Package::open(bytes, limits)?;
    let styles = match package.read(STYLES, limits.metadata)? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    let rels = match package.read(rels::RELS, limits.metadata)? {
        Some(xml) => rels::parse(&xml)?,
        None => Default::default(),
    };
    let document = package
        .read(DOCUMENT, limits.document)?
        .ok_or(DocxError::NotADocx)?;
    let walk = body::walk(&document, &styles)?;
    drop(document);
    assemble::assemble(walk, &mut package, &rels)
}
