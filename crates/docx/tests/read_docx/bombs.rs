//! Hostile zips built in code: with the zip crate (a bomb of deflated zeros, a zip of thousands
//! of tiny entries, a directory that lies about sizes) and byte by byte (flags and sizes that
//! say anything, a bomb the test never holds). Shared by the .docx, import and HTTP tests
//! (included by path), so it depends on nothing but `zip`.

use std::io::{Cursor, Write};

use zip::CompressionMethod;
use zip::ZipWriter;
use zip::write::SimpleFileOptions;

/// The parts of a minimal .xlsx, enough to be recognised as one; the sheet is left to the caller.
pub const XLSX_PARTS: [(&str, &[u8]); 2] = [
    (
        "[Content_Types].xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
    ),
    (
        "xl/workbook.xml",
        br#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1"/></sheets></workbook>"#,
    ),
];

/// The parts of a minimal .docx; the document is left to the caller.
pub const DOCX_PARTS: [(&str, &[u8]); 1] = [(
    "[Content_Types].xml",
    br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>"#,
)];

fn deflated() -> SimpleFileOptions {
    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated)
}

fn put(zip: &mut ZipWriter<Cursor<Vec<u8>>>, parts: &[(&str, &[u8])]) {
    for (name, bytes) in parts {
        zip.start_file(*name, deflated()).unwrap();
        zip.write_all(bytes).unwrap();
    }
}

/// `parts`, then an entry `bomb` of `zeros` zero bytes, deflated (about a thousand to one),
/// written in chunks so the test never holds the zeros.
pub fn with_zeros(parts: &[(&str, &[u8])], bomb: &str, zeros: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    put(&mut zip, parts);
    zip.start_file(bomb, deflated()).unwrap();
    let chunk = vec![0u8; 64 * 1024];
    let mut left = zeros;
    while left > 0 {
        let n = left.min(chunk.len());
        zip.write_all(&chunk[..n]).unwrap();
        left -= n;
    }
    zip.finish().unwrap().into_inner()
}

/// `parts`, then `count` entries of one byte each, stored.
pub fn with_tiny_entries(parts: &[(&str, &[u8])], count: usize) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    put(&mut zip, parts);
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for i in 0..count {
        zip.start_file(format!("customXml/item{i}.xml"), stored)
            .unwrap();
        zip.write_all(b"x").unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Rewrites the uncompressed size of entry `name`, in its directory record and its local
/// header, to `declared`: a zip whose directory lies about what the entry inflates to.
pub fn lying_about_size(mut zip: Vec<u8>, name: &str, declared: u32) -> Vec<u8> {
    let u16_at = |zip: &[u8], at: usize| usize::from(u16::from_le_bytes([zip[at], zip[at + 1]]));
    let u32_at = |zip: &[u8], at: usize| {
        usize::try_from(u32::from_le_bytes(zip[at..at + 4].try_into().unwrap())).unwrap()
    };
    let end = zip.windows(4).rposition(|w| w == b"PK\x05\x06").unwrap();
    let entries = u16_at(&zip, end + 10);
    let mut record = u32_at(&zip, end + 16);
    for _ in 0..entries {
        assert_eq!(&zip[record..record + 4], b"PK\x01\x02");
        let name_len = u16_at(&zip, record + 28);
        let next = record + 46 + name_len + u16_at(&zip, record + 30) + u16_at(&zip, record + 32);
        if &zip[record + 46..record + 46 + name_len] == name.as_bytes() {
            let local = u32_at(&zip, record + 42);
            zip[record + 24..record + 28].copy_from_slice(&declared.to_le_bytes());
            zip[local + 22..local + 26].copy_from_slice(&declared.to_le_bytes());
            return zip;
        }
        record = next;
    }
    panic!("no entry {name}");
}

/// One entry of a hand-made zip, whose header may say anything.
pub struct RawEntry<'a> {
    pub name: &'a str,
    pub flags: u16,
    pub deflated: bool,
    pub data: &'a [u8],
    pub declared_size: u32,
}

/// A zip written byte by byte, so sizes and flags can lie (CRCs are left at zero).
pub fn raw_zip(entries: &[RawEntry<'_>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for entry in entries {
        let offset = u32::try_from(out.len()).unwrap();
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(signature.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // version made by
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(entry.flags.to_le_bytes());
            h.extend(u16::from(entry.deflated).wrapping_mul(8).to_le_bytes());
            h.extend([0, 0, 0x21, 0]); // 1980-01-01 00:00
            h.extend(0u32.to_le_bytes()); // crc-32
            h.extend(u32::try_from(entry.data.len()).unwrap().to_le_bytes());
            h.extend(entry.declared_size.to_le_bytes());
            h.extend(u16::try_from(entry.name.len()).unwrap().to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra field length
            if central {
                h.extend([0; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(entry.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend(entry.data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = u32::try_from(out.len()).unwrap();
    let count = u16::try_from(entries.len()).unwrap();
    out.extend(&central);
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0; 4]); // disk numbers
    out.extend(count.to_le_bytes());
    out.extend(count.to_le_bytes());
    out.extend(u32::try_from(central.len()).unwrap().to_le_bytes());
    out.extend(central_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes()); // comment length
    out
}

/// An .xlsx-shaped zip whose sheet inflates to about `size` zero bytes and says so in its
/// directory, at about 160:1: a 4 MB upload for 600 MiB. Its CRCs are zero, which only a
/// reader that inflates it would notice.
pub fn xlsx_bomb(size: usize) -> Vec<u8> {
    let sheet = deflated_zeros(size);
    let mut entries: Vec<RawEntry<'_>> = XLSX_PARTS
        .iter()
        .map(|(name, data)| RawEntry {
            name,
            flags: 0,
            deflated: false,
            data,
            declared_size: u32::try_from(data.len()).unwrap(),
        })
        .collect();
    entries.push(RawEntry {
        name: "xl/worksheets/sheet1.xml",
        flags: 0,
        deflated: true,
        data: &sheet,
        declared_size: u32::try_from(deflated_zeros_len(size)).unwrap(),
    });
    raw_zip(&entries)
}

/// What [`deflated_zeros`] of `size` really inflates to.
pub fn deflated_zeros_len(size: usize) -> usize {
    1 + size.saturating_sub(1) / 258 * 258
}

/// A raw deflate stream that inflates to `size` zero bytes (to within 258), written directly as
/// one fixed-Huffman block of back-references, so the test never holds the zeros itself:
/// a literal 0, then matches of length 258 at distance 1.
pub fn deflated_zeros(size: usize) -> Vec<u8> {
    let mut bits = BitWriter::default();
    bits.put(0b011, 3); // BFINAL = 1, BTYPE = 01 (fixed Huffman)
    bits.put_code(0b0011_0000, 8); // literal 0
    for _ in 0..size.saturating_sub(1) / 258 {
        bits.put_code(0b1100_0101, 8); // length code 285: 258 bytes
        bits.put_code(0b00000, 5); // distance code 0: 1 byte back
    }
    bits.put_code(0b000_0000, 7); // end of block
    bits.finish()
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl BitWriter {
    /// Appends `count` bits of `value`, least significant first (deflate's header bits).
    fn put(&mut self, value: u64, count: u32) {
        self.acc |= value << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// Appends a Huffman code, most significant bit first.
    fn put_code(&mut self, code: u64, count: u32) {
        let reversed = code.reverse_bits() >> (64 - count);
        self.put(reversed, count);
    }

    fn finish(mut self) -> Vec<u8> {
        if self.count > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}
