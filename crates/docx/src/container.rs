//! The zip guard for untrusted uploads (.docx, .xlsx): the central directory is checked before
//! any entry is inflated, and what entries really inflate to is counted under a cap.
//!
//! Three checks run on the directory alone, so a zip bomb that tells the truth about itself
//! costs nothing: how many entries there are, the uncompressed size each declares (and all of
//! them together), and how well each compresses. A zip that lies in its directory is caught
//! while inflating: the zip reader stops an entry at its declared size, and an entry can be
//! inflated into a counter that keeps nothing, stopping at the cap, to say why it is refused.

use std::io::{self, Cursor, Read};

use flate2::read::DeflateDecoder;
use thiserror::Error;
use zip::{CompressionMethod, ZipArchive};

/// The signature that starts each central directory record.
const CENTRAL_HEADER: &[u8] = b"PK\x01\x02";
const MIB: u64 = 1024 * 1024;
/// A declared size is a hint only until it is proven, so it never reserves more than this.
const PREALLOCATE_AT_MOST: u64 = MIB;
/// The buffer entries are inflated through when only their size is wanted.
const COUNT_CHUNK: usize = 16 * 1024;

/// What a zip may hold before it is refused as hostile. Each caller picks limits from what its
/// real files look like and what the server can afford; see the docx reader's `Limits` and the
/// import reader for the two in use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ZipLimits {
    /// Entries in the central directory (each costs memory in the zip index).
    pub entries: usize,
    /// Uncompressed bytes of all entries together.
    pub total: u64,
    /// Uncompressed bytes of any one entry.
    pub entry: u64,
    /// The highest uncompressed:compressed ratio allowed of an entry past `ratio_from`.
    pub ratio: u64,
    /// Entries up to this many uncompressed bytes may compress any amount: small XML parts of
    /// repeated tags reach several hundred to one, and at this size cannot hurt.
    pub ratio_from: u64,
}

/// Why the guard refused a zip. The web layer words each reason in Chinese.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ContainerError {
    /// More entries than [`ZipLimits::entries`]: no real document or workbook has that many.
    #[error("the zip has more than {limit} entries")]
    TooManyEntries { limit: usize },

    /// An entry, or all entries together, would inflate past `limit_bytes` (declared so, or
    /// found so while counting).
    #[error("the zip expands past {limit_bytes} bytes")]
    TooLargeUncompressed { limit_bytes: u64 },

    /// An entry larger than [`ZipLimits::ratio_from`] compresses better than `ratio_limit` to
    /// one: the shape of a zip bomb, not of text or pictures.
    #[error("an entry compresses better than {ratio_limit}:1")]
    SuspiciousRatio { ratio_limit: u64 },

    /// Not a readable zip: a damaged directory, an encrypted or unsupported entry, an entry
    /// whose data disagrees with its directory record. `detail` is for logs, not for users.
    #[error("the zip is damaged: {detail}")]
    Corrupt { detail: String },
}

impl ContainerError {
    fn corrupt(detail: impl ToString) -> Self {
        Self::Corrupt {
            detail: detail.to_string(),
        }
    }
}

/// A zip whose directory passed the guard, read one entry at a time.
pub struct Container<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
    limits: ZipLimits,
    /// Bytes handed out by [`Container::read`] so far.
    inflated: u64,
}

impl<'a> Container<'a> {
    /// Reads and checks the central directory; nothing is inflated.
    pub fn open(bytes: &'a [u8], limits: ZipLimits) -> Result<Self, ContainerError> {
        // Counted before the zip crate indexes the directory, since its index grows with every
        // record: 20 MB of directory is some 400,000 of them. Every record starts with this
        // signature, so the count bounds what the index can hold whatever the end record says.
        let records = bytes
            .windows(CENTRAL_HEADER.len())
            .filter(|window| *window == CENTRAL_HEADER)
            .take(limits.entries.saturating_add(1))
            .count();
        let too_many = ContainerError::TooManyEntries {
            limit: limits.entries,
        };
        if records > limits.entries {
            return Err(too_many);
        }
        let zip = ZipArchive::new(Cursor::new(bytes)).map_err(ContainerError::corrupt)?;
        if zip.len() > limits.entries {
            return Err(too_many);
        }
        let mut total: u64 = 0;
        for index in 0..zip.len() {
            let entry = zip.by_index_data(index).map_err(ContainerError::corrupt)?;
            let size = entry.size();
            if size > limits.entry {
                return Err(ContainerError::TooLargeUncompressed {
                    limit_bytes: limits.entry,
                });
            }
            total = total.saturating_add(size);
            if total > limits.total {
                return Err(ContainerError::TooLargeUncompressed {
                    limit_bytes: limits.total,
                });
            }
            check_ratio(size, entry.compressed_size(), &limits)?;
        }
        Ok(Self {
            zip,
            limits,
            inflated: 0,
        })
    }

    /// Whether the zip has an entry of this name.
    pub fn contains(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// The uncompressed size an entry declares (already within the limits), or `None` when the
    /// zip has no such entry.
    pub fn declared_size(&self, name: &str) -> Option<u64> {
        let index = self.zip.index_for_name(name)?;
        self.zip.by_index_data(index).ok().map(|entry| entry.size())
    }

    /// Reads one entry whole, or `None` when the zip has no such entry.
    ///
    /// The declared size passed the limits and the zip reader fails an entry that inflates past
    /// it, so this never holds more than was declared; an entry that comes out at any other size
    /// than declared is refused. When the read fails, the entry is counted again (keeping
    /// nothing) to tell a bomb that lied about its size from plain damage.
    pub fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>, ContainerError> {
        let Some(index) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let mut entry = self.zip.by_index(index).map_err(ContainerError::corrupt)?;
        if entry.encrypted() {
            return Err(ContainerError::corrupt(format!("{name} is encrypted")));
        }
        let declared = entry.size();
        let hint = declared.min(PREALLOCATE_AT_MOST);
        let mut bytes = Vec::with_capacity(usize::try_from(hint).unwrap_or(0));
        let outcome = (&mut entry)
            .take(declared.saturating_add(1))
            .read_to_end(&mut bytes);
        drop(entry);
        let read = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        match outcome {
            Ok(_) if read == declared => {
                self.inflated = self.inflated.saturating_add(read);
                Ok(Some(bytes))
            }
            Ok(_) => {
                drop(bytes);
                Err(self.explain(
                    index,
                    format!(
                        "{name} inflates to {read} bytes, its directory record says {declared}"
                    ),
                ))
            }
            Err(error) => {
                drop(bytes);
                Err(self.explain(index, format!("{name}: {error}")))
            }
        }
    }

    /// Inflates every entry into a counter, checking what really comes out against the limits
    /// and against the directory. For a zip that is handed to another reader afterwards (the
    /// spreadsheet reader), so that reader only ever sees sizes that are true.
    pub fn verify(&mut self) -> Result<(), ContainerError> {
        let mut total: u64 = 0;
        for index in 0..self.zip.len() {
            let real = self.inflated_size(index, total)?;
            let declared = self
                .zip
                .by_index_data(index)
                .map_err(ContainerError::corrupt)?
                .size();
            if real != declared {
                return Err(ContainerError::corrupt(format!(
                    "entry {index} inflates to {real} bytes, its directory record says {declared}"
                )));
            }
            total = total.saturating_add(real);
        }
        Ok(())
    }

    /// Why reading entry `index` failed: a limit its real size passes, else damage (`detail`).
    fn explain(&mut self, index: usize, detail: String) -> ContainerError {
        match self.inflated_size(index, self.inflated) {
            Err(refused @ ContainerError::TooLargeUncompressed { .. })
            | Err(refused @ ContainerError::SuspiciousRatio { .. }) => refused,
            Err(ContainerError::Corrupt { .. } | ContainerError::TooManyEntries { .. }) | Ok(_) => {
                ContainerError::Corrupt { detail }
            }
        }
    }

    /// The real uncompressed size of entry `index`, inflated into a counter from its raw data
    /// (so the directory's claims play no part), stopping as soon as a limit is passed.
    /// `before` is what earlier entries already took of the total.
    fn inflated_size(&mut self, index: usize, before: u64) -> Result<u64, ContainerError> {
        let limits = self.limits;
        let remaining = limits.total.saturating_sub(before);
        let (cap, cap_limit) = if remaining < limits.entry {
            (remaining, limits.total)
        } else {
            (limits.entry, limits.entry)
        };
        let raw = self
            .zip
            .by_index_raw(index)
            .map_err(ContainerError::corrupt)?;
        if raw.encrypted() {
            return Err(ContainerError::corrupt(format!(
                "entry {index} is encrypted"
            )));
        }
        let compressed = raw.compressed_size();
        let mut stream: Box<dyn Read + '_> = match raw.compression() {
            CompressionMethod::Stored => Box::new(raw),
            CompressionMethod::Deflated => Box::new(DeflateDecoder::new(raw)),
            other => {
                return Err(ContainerError::corrupt(format!(
                    "entry {index} uses compression {other:?}"
                )));
            }
        };
        let mut buffer = [0u8; COUNT_CHUNK];
        let mut count: u64 = 0;
        loop {
            let n = match stream.read(&mut buffer) {
                Ok(0) => return Ok(count),
                Ok(n) => n,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(ContainerError::corrupt(error)),
            };
            count = count.saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
            if count > cap {
                return Err(ContainerError::TooLargeUncompressed {
                    limit_bytes: cap_limit,
                });
            }
            check_ratio(count, compressed, &limits)?;
        }
    }
}

/// Opens a zip and inflates every entry into a counter: the whole guard, for bytes another zip
/// reader will open next.
pub fn check(bytes: &[u8], limits: ZipLimits) -> Result<(), ContainerError> {
    Container::open(bytes, limits)?.verify()
}

/// Refuses `size` uncompressed bytes from `compressed` if they are past `ratio_from` and
/// compress better than the ratio allows (an empty compressed stream counts as infinitely good).
fn check_ratio(size: u64, compressed: u64, limits: &ZipLimits) -> Result<(), ContainerError> {
    if size > limits.ratio_from && size > compressed.saturating_mul(limits.ratio) {
        return Err(ContainerError::SuspiciousRatio {
            ratio_limit: limits.ratio,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: ZipLimits = ZipLimits {
        entries: 10,
        total: 10 * MIB,
        entry: 4 * MIB,
        ratio: 100,
        ratio_from: MIB,
    };

    #[test]
    fn small_parts_may_compress_any_amount_and_large_ones_may_not() {
        assert_eq!(check_ratio(MIB, 1, &LIMITS), Ok(()));
        assert_eq!(check_ratio(2_048_000, 20_480, &LIMITS), Ok(()));
        assert_eq!(
            check_ratio(2_048_000, 20_479, &LIMITS),
            Err(ContainerError::SuspiciousRatio { ratio_limit: 100 })
        );
        assert_eq!(
            check_ratio(2 * MIB, 0, &LIMITS),
            Err(ContainerError::SuspiciousRatio { ratio_limit: 100 })
        );
        assert_eq!(check_ratio(u64::MAX, u64::MAX, &LIMITS), Ok(()));
    }

    #[test]
    fn bytes_that_are_not_a_zip_are_corrupt() {
        for bytes in [
            &b""[..],
            b"PK\x03\x04",
            b"PK\x01\x02PK\x05\x06",
            &[0xFF; 100],
        ] {
            assert!(
                matches!(
                    Container::open(bytes, LIMITS),
                    Err(ContainerError::Corrupt { .. })
                ),
                "{bytes:?}"
            );
        }
    }

    #[test]
    fn directory_signatures_past_the_limit_are_too_many_entries() {
        let bytes = CENTRAL_HEADER.repeat(11);
        assert!(matches!(
            Container::open(&bytes, LIMITS),
            Err(ContainerError::TooManyEntries { limit: 10 })
        ));
    }
}
