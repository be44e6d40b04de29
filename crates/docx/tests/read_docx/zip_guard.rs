//! The zip guard on its own and through the .docx reader: bombs built with the zip crate are
//! refused with the reason that fits, before they can take memory; real files pass.

use jinguo_docx::container::{self, Container};
use jinguo_docx::{ContainerError, DocxBlock, DocxError, Limits, ZipLimits, read_docx};

use crate::bombs::{
    DOCX_PARTS, XLSX_PARTS, lying_about_size, with_tiny_entries, with_zeros, xlsx_bomb,
};
use crate::builder::{Docx, PNG, drawing, p};

const MIB: usize = 1024 * 1024;
const DOCUMENT: &str = "word/document.xml";

fn docx_limits() -> ZipLimits {
    Limits::default().zip
}

#[test]
fn a_few_megabytes_of_deflated_zeros_are_refused_for_their_ratio() {
    let bomb = with_zeros(&DOCX_PARTS, DOCUMENT, 4 * MIB);
    assert!(bomb.len() < 64 * 1024, "the bomb is {} bytes", bomb.len());
    assert_eq!(
        read_docx(&bomb),
        Err(DocxError::Zip(ContainerError::SuspiciousRatio {
            ratio_limit: 100
        }))
    );
    assert_eq!(
        container::check(&bomb, docx_limits()),
        Err(ContainerError::SuspiciousRatio { ratio_limit: 100 })
    );
}

#[test]
fn a_bomb_that_declares_its_size_is_refused_from_the_directory_alone() {
    // 100 MiB of zeros in about 650 KB, declared honestly.
    let bomb = xlsx_bomb(100 * MIB);
    assert!(bomb.len() < MIB, "the bomb is {} bytes", bomb.len());
    assert!(matches!(
        Container::open(&bomb, docx_limits()),
        Err(ContainerError::TooLargeUncompressed { limit_bytes }) if limit_bytes == docx_limits().entry
    ));
}

#[test]
fn ten_thousand_tiny_entries_are_refused_before_the_directory_is_indexed() {
    let zip = with_tiny_entries(&[(DOCUMENT, b"<w:document/>".as_slice())], 10_000);
    assert_eq!(
        read_docx(&zip),
        Err(DocxError::Zip(ContainerError::TooManyEntries {
            limit: 2_000
        }))
    );
    assert!(matches!(
        Container::open(&zip, docx_limits()),
        Err(ContainerError::TooManyEntries { limit: 2_000 })
    ));
}

#[test]
fn a_directory_that_understates_a_bomb_is_caught_while_counting() {
    // Says 1,000 bytes; inflates to 4 MiB from a few kilobytes.
    let bomb = lying_about_size(with_zeros(&DOCX_PARTS, DOCUMENT, 4 * MIB), DOCUMENT, 1_000);
    assert!(Container::open(&bomb, docx_limits()).is_ok());
    assert_eq!(
        read_docx(&bomb),
        Err(DocxError::Zip(ContainerError::SuspiciousRatio {
            ratio_limit: 100
        }))
    );
    assert_eq!(
        container::check(&bomb, docx_limits()),
        Err(ContainerError::SuspiciousRatio { ratio_limit: 100 })
    );
}

#[test]
fn a_directory_that_misstates_a_small_part_is_damage_not_a_bomb() {
    let docx = Docx::new().body(&p("真实的正文")).build();
    let real = u32::try_from(
        Container::open(&docx, docx_limits())
            .unwrap()
            .declared_size(DOCUMENT)
            .unwrap(),
    )
    .unwrap();
    for declared in [real - 10, real + 10] {
        let lying = lying_about_size(docx.clone(), DOCUMENT, declared);
        let read = read_docx(&lying);
        assert!(
            matches!(&read, Err(DocxError::Corrupt { part, .. }) if part == DOCUMENT),
            "declared {declared}: {read:?}"
        );
        assert!(matches!(
            container::check(&lying, docx_limits()),
            Err(ContainerError::Corrupt { .. })
        ));
    }
}

#[test]
fn declared_sizes_past_the_totals_are_refused_before_inflating() {
    let limits = ZipLimits {
        entries: 10,
        total: 3 * 1024,
        entry: 2 * 1024,
        ratio: 100,
        ratio_from: 1024 * 1024,
    };
    let one_large = with_zeros(&XLSX_PARTS, "xl/worksheets/sheet1.xml", 3 * 1024);
    assert!(matches!(
        Container::open(&one_large, limits),
        Err(ContainerError::TooLargeUncompressed { limit_bytes: 2048 })
    ));
    let two_medium = with_zeros(&[("a.xml", [b'a'; 1_500].as_slice())], "b.xml", 1_600);
    assert!(matches!(
        Container::open(&two_medium, limits),
        Err(ContainerError::TooLargeUncompressed { limit_bytes: 3072 })
    ));
}

#[test]
fn real_files_pass_the_guard_and_read_as_before() {
    let photo: Vec<u8> = (0..200_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let docx = Docx::new()
        .image("rId5", "image1.png", &photo)
        .image("rId6", "image2.png", PNG)
        .body(&format!(
            "{}<w:p>{}{}</w:p>",
            p("正文"),
            drawing("rId5"),
            drawing("rId6")
        ))
        .build();
    assert_eq!(container::check(&docx, docx_limits()), Ok(()));
    let document = read_docx(&docx).unwrap();
    let pictures: Vec<&[u8]> = document
        .blocks
        .iter()
        .filter_map(|block| match block {
            DocxBlock::Image { bytes, .. } => Some(bytes.as_slice()),
            _ => None,
        })
        .collect();
    assert_eq!(pictures, vec![photo.as_slice(), PNG]);
}

#[test]
fn garbage_after_the_magic_never_panics() {
    let docx = Docx::new().body(&p("正文")).build();
    let mut state = 0x5EED_u32;
    for round in 0..300 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let mut bytes = docx.clone();
        let at = 2 + state as usize % (bytes.len() - 2);
        bytes[at] ^= (state >> 8) as u8 | 1;
        if round % 3 == 0 {
            bytes.truncate(2 + (state >> 4) as usize % (bytes.len() - 2));
        }
        let _ = read_docx(&bytes);
        let _ = container::check(&bytes, docx_limits());
    }
}
