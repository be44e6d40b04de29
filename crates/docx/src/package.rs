//! Opens the zip container of an untrusted upload and reads its parts within size limits.

use std::io::{self, Cursor, Read};

use zip::ZipArchive;
use zip::result::ZipError;

use crate::DocxError;

/// The main document part every .docx has.
pub(crate) const DOCUMENT: &str = "word/document.xml";

const OLE_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ZIP_MAGIC: &[u8] = b"PK";
const MIB: u64 = 1024 * 1024;
const PREALLOCATE_AT_MOST: u64 = MIB;

/// How many bytes the reader will decompress, whatever the zip declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// All parts read together: the document, styles, relationships and every picture shown.
    pub total: u64,
    /// `word/document.xml`.
    pub document: u64,
    /// `word/styles.xml` and the relationships part, each.
    pub metadata: u64,
    /// Each picture.
    pub image: u64,
}

impl Default for Limits {
    /// 200 MiB in total, 50 MiB for the document, 10 MiB for styles and relationships, 25 MiB
    /// per picture.
    fn default() -> Self {
        Self {
            total: 200 * MIB,
            document: 50 * MIB,
            metadata: 10 * MIB,
            image: 25 * MIB,
        }
    }
}

/// An opened .docx: the zip index plus what is left of the total budget.
pub(crate) struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: Limits,
    remaining: u64,
}

impl<'a> Package<'a> {
    /// Recognises the container from its first bytes, then reads the zip's central directory.
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
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| DocxError::corrupt("zip", e))?;
        if zip.index_for_name(DOCUMENT).is_none() {
            return Err(DocxError::NotADocx);
        }
        Ok(Self {
            zip,
            limits,
            remaining: limits.total,
        })
    }

    pub(crate) fn limits(&self) -> Limits {
        self.limits
    }

    /// Reads one part, or `None` when the zip has no such entry. Reads through a `take` of the
    /// smaller of `limit` and the remaining total, so a size the zip understates cannot make it
    /// allocate more; a part that turns out larger is refused as [`DocxError::TooLarge`].
    pub(crate) fn read(&mut self, name: &str, limit: u64) -> Result<Option<Vec<u8>>, DocxError> {
        let (cap, cap_limit) = if self.remaining < limit {
            (self.remaining, self.limits.total)
        } else {
            (limit, limit)
        };
        let too_large = || DocxError::TooLarge {
            part: name.to_owned(),
            limit: cap_limit,
        };
        let mut entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(DocxError::corrupt(name, e)),
        };
        if entry.encrypted() {
            return Err(DocxError::corrupt(name, "encrypted zip entry"));
        }
        if entry.size() > cap {
            return Err(too_large());
        }
        // A hint only: the declared size may be a lie, so it never reserves more than 1 MiB.
        let hint = entry.size().min(PREALLOCATE_AT_MOST);
        let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
        if let Err(e) = (&mut entry)
            .take(cap.saturating_add(1))
            .read_to_end(&mut bytes)
        {
            return Err(if expands_past_declared_size(&e) {
                too_large()
            } else {
                DocxError::corrupt(name, e)
            });
        }
        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        if read > cap {
            return Err(too_large());
        }
        self.remaining -= read;
        Ok(Some(bytes))
    }
}

/// The zip crate stops an entry that inflates past its declared size (the classic zip bomb that
/// declares a few bytes) with this error; every other read failure is damage.
fn expands_past_declared_size(error: &io::Error) -> bool {
    error.kind() == io::ErrorKind::InvalidData
        && error.to_string().contains("larger than its declared")
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
