//! Opens the zip container of an untrusted upload through the zip guard and reads its parts
//! within per-part size limits.

use crate::DocxError;
use crate::container::{Container, ZipLimits};

/// The main document part every .docx has.
pub(crate) const DOCUMENT: &str = "word/document.xml";

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK";
const MIB: u64 = 1024 * 1024;

/// How much the reader will inflate, whatever the zip declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// The container as a whole, checked before any part is read: entries, uncompressed bytes
    /// of each entry and of all together, compression ratio.
    pub zip: ZipLimits,
    /// `word/document.xml`.
    pub document: u64,
    /// `word/styles.xml` and the relationships part, each.
    pub metadata: u64,
    /// Each picture.
    pub image: u64,
}

impl Default for Limits {
    /// Chosen so no real article hits them while one upload can never take much of the
    /// server's memory (250 MB for every request at once): uploads are at most 20 MB and
    /// pictures, most of any real .docx, hardly compress, so a real file inflates to little more
    /// than its size.
    ///
    /// - 2,000 entries: Word writes about fifteen parts plus one per picture.
    /// - 64 MiB uncompressed in all, 32 MiB for any one entry: the reader holds the parts it
    ///   reads (document, styles, the pictures shown) until it returns, so this bounds it.
    /// - 100:1 at most for entries over 1 MiB: text XML compresses 5–20:1, pictures 1:1, while
    ///   a bomb sits near deflate's ceiling of 1,032:1.
    /// - 32 MiB for the document (the text of a long article is a few MB of XML), 10 MiB for
    ///   styles and relationships, 25 MiB per picture (the image pipeline takes up to 20 MiB).
    fn default() -> Self {
        Self {
            zip: ZipLimits {
                entries: 2_000,
                total: 64 * MIB,
                entry: 32 * MIB,
                ratio: 100,
                ratio_from: MIB,
            },
            document: 32 * MIB,
            metadata: 10 * MIB,
            image: 25 * MIB,
        }
    }
}

/// An opened .docx: the guarded zip and the per-part limits.
pub(crate) struct Package<'a> {
    zip: Container<'a>,
    limits: Limits,
}

impl<'a> Package<'a> {
    /// Recognises the container from its first bytes, then opens the zip through the guard.
    pub(crate) fn open(bytes: &'a [u8], limits: Limits) -> Result<Self, DocxError> {
        if bytes.starts_with(OLE_MAGIC) {
            return Err(if is_encrypted_office_file(bytes) {
                DocxError::Encrypted
            } else {
                DocxError::LegacyDoc
            });
        }
        if !bytes.starts_with(ZIP_MAGIC) {
            return Err(DocxError::NotADocx);
        }
        let zip =
            Container::open(bytes, limits.zip).map_err(|e| DocxError::from_container("zip", e))?;
        if !zip.contains(DOCUMENT) {
            return Err(DocxError::NotADocx);
        }
        Ok(Self { zip, limits })
    }

    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// Reads one part, or `None` when the zip has no such entry. A part declaring more than
    /// `limit` is refused as [`DocxError::TooLarge`] before it is inflated; the guard makes sure
    /// it cannot inflate past what it declared.
    pub(crate) fn read(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, DocxError> {
        match self.zip.declared_size(name) {
            None => return Ok(None),
            Some(size) if size > limit => {
                return Err(DocxError::TooLarge {
                    part: name.to_owned(),
                    limit,
                });
            }
            Some(_) => {}
        }
        self.zip
            .read(name)
            .map_err(|e| DocxError::from_container(name, e))
    }
}

/// Office stores a password-protected .docx as an OLE file with an `EncryptedPackage` stream;
/// stream names are UTF-16LE in the OLE directory.
fn is_encrypted_office_file(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    bytes.windows(name.len()).any(|window| window == name)
}
