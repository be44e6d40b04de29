//! Files that are not a readable .docx: legacy, encrypted, damaged, hostile.

use jinguo_docx::{ContainerError, DocxError, Limits, ZipLimits, read_docx, read_docx_with_limits};

use crate::bombs::{RawEntry, deflated_zeros, raw_zip};
use crate::builder::{Docx, PNG, drawing, zip_parts};

const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const MIB: usize = 1024 * 1024;

fn docx_with_document(xml: &[u8]) -> Vec<u8> {
    zip_parts(&[("word/document.xml".into(), xml.to_vec())])
}

fn assert_corrupt(bytes: &[u8]) {
    let result = read_docx(bytes);
    assert!(
        matches!(result, Err(DocxError::Corrupt { .. })),
        "{result:?}"
    );
}

#[test]
fn a_legacy_doc_is_refused_so_the_user_can_save_it_as_docx() {
    let mut doc = OLE_MAGIC.to_vec();
    doc.resize(4096, 0);
    assert_eq!(read_docx(&doc), Err(DocxError::LegacyDoc));
}

#[test]
fn a_password_protected_document_is_refused_as_encrypted() {
    let mut doc = OLE_MAGIC.to_vec();
    doc.resize(1024, 0);
    doc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    doc.resize(4096, 0);
    assert_eq!(read_docx(&doc), Err(DocxError::Encrypted));
}

#[test]
fn random_bytes_and_empty_files_are_not_a_docx() {
    let mut state = 0x2020_0123_u32;
    let random: Vec<u8> = (0..4096)
        .map(|_| {
            state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (state >> 24) as u8
        })
        .collect();
    assert_eq!(read_docx(&random), Err(DocxError::NotADocx));
    assert_eq!(read_docx(b""), Err(DocxError::NotADocx));
    assert_eq!(read_docx(b"%PDF-1.7\n"), Err(DocxError::NotADocx));
}

#[test]
fn a_zip_without_a_word_document_is_not_a_docx() {
    let xlsx = zip_parts(&[("xl/workbook.xml".into(), b"<workbook/>".to_vec())]);
    assert_eq!(read_docx(&xlsx), Err(DocxError::NotADocx));
}

#[test]
fn a_damaged_or_truncated_zip_is_corrupt() {
    assert_corrupt(b"PK\x03\x04 this is not really a zip archive at all");
    let docx = Docx::new().body("<w:p/>").build();
    assert_corrupt(&docx[..docx.len() - 30]);
}

#[test]
fn an_encrypted_zip_entry_is_corrupt() {
    let zip = raw_zip(&[RawEntry {
        name: "word/document.xml",
        flags: 1,
        deflated: false,
        data: b"\x12\x34 ciphertext",
        declared_size: 13,
    }]);
    assert_corrupt(&zip);
}

#[test]
fn a_zip_bomb_declaring_a_small_size_is_refused_once_its_count_passes_the_cap() {
    // The directory says 4 KiB; the data inflates to 300 MiB. The zip reader stops the entry
    // at 4 KiB, and counting (keeping nothing) stops at the per-entry cap.
    let bomb = deflated_zeros(300 * MIB);
    assert!(bomb.len() < 3 * MIB, "the bomb is {} bytes", bomb.len());
    let zip = raw_zip(&[RawEntry {
        name: "word/document.xml",
        flags: 0,
        deflated: true,
        data: &bomb,
        declared_size: 4096,
    }]);
    assert_eq!(
        read_docx(&zip),
        Err(DocxError::Zip(ContainerError::TooLargeUncompressed {
            limit_bytes: Limits::default().zip.entry
        }))
    );
}

#[test]
fn an_entry_declaring_more_than_the_container_allows_is_refused_before_inflating() {
    let bomb = deflated_zeros(300 * MIB);
    let zip = raw_zip(&[RawEntry {
        name: "word/document.xml",
        flags: 0,
        deflated: true,
        data: &bomb,
        declared_size: 300 * 1024 * 1024,
    }]);
    assert_eq!(
        read_docx(&zip),
        Err(DocxError::Zip(ContainerError::TooLargeUncompressed {
            limit_bytes: Limits::default().zip.entry
        }))
    );
}

#[test]
fn a_part_declaring_more_than_its_own_limit_is_refused_naming_it() {
    let docx = Docx::new().body(&"<w:p/>".repeat(1_000)).build();
    let limits = Limits {
        document: 2_000,
        ..Limits::default()
    };
    assert_eq!(
        read_docx_with_limits(&docx, limits),
        Err(DocxError::TooLarge {
            part: "word/document.xml".into(),
            limit: 2_000,
        })
    );
}

#[test]
fn pictures_past_the_total_limit_are_refused() {
    let big = vec![7u8; 100_000];
    let docx = Docx::new()
        .image("rId5", "image1.png", &big)
        .image("rId6", "image2.png", &big)
        .image("rId7", "image3.png", PNG)
        .body(&format!(
            "<w:p>{}{}{}</w:p>",
            drawing("rId5"),
            drawing("rId6"),
            drawing("rId7")
        ))
        .build();
    let limits = Limits {
        zip: ZipLimits {
            total: 150_000,
            ..Limits::default().zip
        },
        ..Limits::default()
    };
    assert_eq!(
        read_docx_with_limits(&docx, limits),
        Err(DocxError::Zip(ContainerError::TooLargeUncompressed {
            limit_bytes: 150_000
        }))
    );
    let limits = Limits {
        image: 50_000,
        ..Limits::default()
    };
    assert!(matches!(
        read_docx_with_limits(&docx, limits),
        Err(DocxError::TooLarge { limit: 50_000, .. })
    ));
}

#[test]
fn malformed_xml_is_corrupt_and_never_panics() {
    let open = r#"<w:document xmlns:w="w"><w:body>"#;
    for xml in [
        format!("{open}<w:p><w:r><w:t>文字</w:r></w:p></w:body></w:document>"),
        format!("{open}<w:p><w:r><w:t>没有结束"),
        format!("{open}<w:p><w:r><w:t>&nbsp;</w:t></w:r></w:p></w:body></w:document>"),
        format!("{open}<w:p><w:r><w:t>&#xD800;</w:t></w:r></w:p></w:body></w:document>"),
        "<html><body>不是文档</body></html>".to_owned(),
        "纯文本".to_owned(),
        String::new(),
    ] {
        assert_corrupt(&docx_with_document(xml.as_bytes()));
    }
    assert_corrupt(&docx_with_document(b"<w:document>\xFF\xFE</w:document>"));
}
