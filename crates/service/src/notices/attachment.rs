//! A notice's attachments: the type comes from the content (PDF, OLE2 Word/Excel, OOXML
//! Word/Excel told apart by their zip entries, JPEG, PNG) and the file name's extension must
//! agree with it; at most 20 MB each. Files arrive on disk (`Spooled`, never whole in memory),
//! are checked from their first bytes and zip directory, and are copied under content-addressed
//! names (temp file + rename) before the notice's row commits.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::Spooled;
use crate::media::store::{self, Download, Kind};

/// Largest accepted attachment.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
/// Most attachments on one notice.
pub const MAX_FILES: usize = 10;

/// What the content is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    /// OLE2 compound file: a .doc or .xls (the name's extension decides which).
    Ole2,
    Docx,
    Xlsx,
    Jpeg,
    Png,
}

impl FileType {
    /// The extensions a file of this content may carry.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Ole2 => &["doc", "xls"],
            FileType::Docx => &["docx"],
            FileType::Xlsx => &["xlsx"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Png => &["png"],
        }
    }
}

/// Why an attachment is refused (worded in Chinese by the web layer, with the file's name).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentProblem {
    Empty,
    TooLarge {
        limit_mb: usize,
    },
    /// Not one of the accepted kinds of content.
    UnsupportedType,
    /// The name says one thing, the content another (`detected` is the content's type).
    ExtensionMismatch {
        extension: String,
        detected: FileType,
    },
    TooMany {
        max: usize,
    },
}

/// A file as uploaded (on disk; `file.file_name` is the browser's name for it).
pub struct IncomingFile {
    pub file: Spooled,
}

/// A checked file ready to store.
pub struct CheckedFile {
    pub file_name: String,
    /// The stored kind: the extension it will be served as (`doc`, `xlsx` …).
    pub kind: String,
    pub stored_name: String,
    pub file: Spooled,
}

/// Reads only the zip's central directory (entry names), never an entry's content.
fn zip_kind(reader: impl std::io::Read + std::io::Seek) -> Option<FileType> {
    let archive = zip::ZipArchive::new(reader).ok()?;
    let names: Vec<String> = archive
        .file_names()
        .filter_map(Result::ok)
        .map(|n| n.into_owned())
        .collect();
    if names.iter().any(|n| n.starts_with("word/")) {
        Some(FileType::Docx)
    } else if names.iter().any(|n| n.starts_with("xl/")) {
        Some(FileType::Xlsx)
    } else {
        None
    }
}

/// The type of the content, from its first bytes (and, for zip files, its entries).
pub fn detect(bytes: &[u8]) -> Option<FileType> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileType::Pdf)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(FileType::Ole2)
    } else if bytes.starts_with(b"PK\x03\x04") {
        zip_kind(std::io::Cursor::new(bytes))
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileType::Jpeg)
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some(FileType::Png)
    } else {
        None
    }
}

/// The name as shown and stored: no folders, no control characters, at most 120 characters.
pub fn clean_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // Control and bidi characters (a U+202E that shows “gpj.exe” as “exe.jpg”), quotes and
    // separators are dropped: the name was chosen by the browser, not typed, so it is cleaned
    // rather than refused.
    let cleaned: String = jinguo_domain::validation::safe_download_name(base, "附件")
        .chars()
        .take(120)
        .collect();
    let trimmed = cleaned.trim();
    if trimmed.is_empty() {
        "附件".to_string()
    } else {
        trimmed.to_string()
    }
}

/// The type of a file on disk: its first bytes, and for a zip its directory.
fn detect_file(path: &std::path::Path) -> std::io::Result<Option<FileType>> {
    use std::io::Read;
    let mut head = Vec::with_capacity(16);
    std::fs::File::open(path)?.take(16).read_to_end(&mut head)?;
    if head.starts_with(b"PK\x03\x04") {
        return Ok(zip_kind(std::io::BufReader::new(std::fs::File::open(
            path,
        )?)));
    }
    Ok(detect(&head))
}

/// Checks one file (reading its head and, for a zip, its directory); the refusal names it.
pub fn check(incoming: IncomingFile) -> ServiceResult<CheckedFile> {
    let file = incoming.file;
    let file_name = clean_name(&file.file_name);
    let refuse = |problem| ServiceError::AttachmentRefused {
        file_name: file_name.clone(),
        problem,
    };
    if file.is_empty() {
        return Err(refuse(AttachmentProblem::Empty));
    }
    if file.len() > MAX_BYTES as u64 {
        return Err(refuse(AttachmentProblem::TooLarge {
            limit_mb: MAX_BYTES / 1024 / 1024,
        }));
    }
    let io = |e: std::io::Error| ServiceError::Internal(format!("reading an attachment: {e}"));
    let detected = detect_file(file.path())
        .map_err(io)?
        .ok_or_else(|| refuse(AttachmentProblem::UnsupportedType))?;
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if !detected.extensions().contains(&extension.as_str()) {
        return Err(refuse(AttachmentProblem::ExtensionMismatch {
            extension,
            detected,
        }));
    }
    let kind = if extension == "jpeg" {
        "jpg".to_string()
    } else {
        extension
    };
    let content_name =
        jinguo_imaging::content_name_of(std::fs::File::open(file.path()).map_err(io)?)
            .map_err(io)?;
    Ok(CheckedFile {
        stored_name: format!("{content_name}.{kind}"),
        file_name,
        kind,
        file,
    })
}

/// Checks every file (at most `MAX_FILES`) on a blocking thread; the first refusal stops.
pub async fn check_all(files: Vec<IncomingFile>) -> ServiceResult<Vec<CheckedFile>> {
    if files.len() > MAX_FILES {
        return Err(ServiceError::AttachmentRefused {
            file_name: String::new(),
            problem: AttachmentProblem::TooMany { max: MAX_FILES },
        });
    }
    tokio::task::spawn_blocking(move || files.into_iter().map(check).collect())
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
}

/// Stores the files under their content names, each streamed from its temporary file.
pub async fn store_all(ctx: &Ctx, files: &[CheckedFile]) -> ServiceResult<()> {
    for file in files {
        ctx.settings
            .media
            .put_file(
                Kind::Attachment,
                &file.stored_name,
                file.file.path(),
                ctx.now(),
            )
            .await
            .map_err(crate::media::upload::store_failed)?;
    }
    Ok(())
}

/// A stored attachment, as a stream from the media store.
pub async fn read(ctx: &Ctx, stored_name: &str) -> ServiceResult<Download> {
    if !store::is_safe_name(stored_name) {
        return Err(ServiceError::NotFound);
    }
    ctx.settings
        .media
        .download(Kind::Attachment, stored_name)
        .await
        .map_err(crate::media::upload::store_failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, bytes: &[u8]) -> IncomingFile {
        IncomingFile {
            file: Spooled::from_bytes(&std::env::temp_dir().join("jinguo-unit"), name, bytes)
                .unwrap(),
        }
    }

    fn problem(result: ServiceResult<CheckedFile>) -> AttachmentProblem {
        match result {
            Err(ServiceError::AttachmentRefused { problem, .. }) => problem,
            Err(other) => panic!("unexpected {other:?}"),
            Ok(f) => panic!("accepted {}", f.file_name),
        }
    }

    #[test]
    fn types_come_from_the_content_and_the_extension_must_agree() {
        let pdf = check(file("报名表.PDF", b"%PDF-1.4 ...")).unwrap();
        assert_eq!(pdf.kind, "pdf");
        assert!(pdf.stored_name.ends_with(".pdf"));
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(check(file("a.doc", &ole)).unwrap().kind, "doc");
        assert_eq!(check(file("a.xls", &ole)).unwrap().kind, "xls");
        assert_eq!(
            check(file("a.jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]))
                .unwrap()
                .kind,
            "jpg"
        );
        assert_eq!(
            problem(check(file("脚本.pdf", b"#!/bin/sh\nrm -rf /"))),
            AttachmentProblem::UnsupportedType
        );
        assert_eq!(
            problem(check(file("照片.pdf", &[0xFF, 0xD8, 0xFF, 0xE0]))),
            AttachmentProblem::ExtensionMismatch {
                extension: "pdf".into(),
                detected: FileType::Jpeg
            }
        );
        assert_eq!(
            problem(check(file("空.pdf", b""))),
            AttachmentProblem::Empty
        );
        let big = vec![b'%'; MAX_BYTES + 1];
        assert_eq!(
            problem(check(file("大.pdf", &big))),
            AttachmentProblem::TooLarge { limit_mb: 20 }
        );
    }

    #[test]
    fn zip_files_are_told_apart_by_their_entries() {
        use std::io::Write;
        let make = |entry: &str| {
            let mut buf = std::io::Cursor::new(Vec::new());
            let mut zip = zip::ZipWriter::new(&mut buf);
            zip.start_file(entry, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(b"<x/>").unwrap();
            zip.finish().unwrap();
            buf.into_inner()
        };
        assert_eq!(detect(&make("word/document.xml")), Some(FileType::Docx));
        assert_eq!(detect(&make("xl/workbook.xml")), Some(FileType::Xlsx));
        assert_eq!(detect(&make("other.txt")), None);
    }

    #[test]
    fn names_lose_folders_and_quotes() {
        assert_eq!(clean_name("C:\\tmp\\报名\"表.xlsx"), "报名表.xlsx");
        assert_eq!(clean_name("../../"), "附件");
    }
}
