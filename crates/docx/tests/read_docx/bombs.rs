//! Hostile zips built in code with the zip crate: a bomb of deflated zeros, a zip of thousands
//! of tiny entries, a directory that lies about sizes. Shared by the .docx, import and HTTP
//! tests (included by path), so it depends on nothing but `zip`.

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
