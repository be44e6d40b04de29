//! The local media folder. Files are written under content-addressed names, to a temporary
//! file first and then renamed, so a crash never leaves a half-written image under a real name;
//! rows that name them are committed only after the files are in place.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The 750×445 article image.
    Image,
    /// The 300×178 list thumbnail.
    Thumbnail,
    /// The upload as received, for reviewers only.
    Original,
    /// A notice's attachment (通知附件), for its recipients only.
    Attachment,
}

impl Kind {
    fn folder(self) -> &'static str {
        match self {
            Kind::Image => "images",
            Kind::Thumbnail => "thumbs",
            Kind::Original => "originals",
            Kind::Attachment => "attachments",
        }
    }
}

/// The path of a stored file. Names are hex (checked by the caller), so no `..` can sneak in.
pub fn path(root: &Path, kind: Kind, name: &str) -> PathBuf {
    let shard = name.get(..2).unwrap_or("00");
    root.join(kind.folder()).join(shard).join(name)
}

pub fn is_safe_name(name: &str) -> bool {
    let (stem, ext) = name.split_once('.').unwrap_or((name, ""));
    !stem.is_empty()
        && stem.len() <= 64
        && stem.chars().all(|c| c.is_ascii_hexdigit())
        && ext.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Writes a file if it is not there yet (same name, same content).
pub fn put(root: &Path, kind: Kind, name: &str, bytes: &[u8]) -> std::io::Result<()> {
    put_with(root, kind, name, |file| file.write_all(bytes))
}

/// Copies a file (an upload on disk) in under `name`, piece by piece, if it is not there yet.
pub fn put_file(root: &Path, kind: Kind, name: &str, source: &Path) -> std::io::Result<()> {
    put_with(root, kind, name, |file| {
        std::io::copy(&mut std::fs::File::open(source)?, file).map(|_| ())
    })
}

/// Writes through a temporary file of its own (a unique name: two requests storing the same
/// content at once never share one), synced, then renamed into place.
fn put_with(
    root: &Path,
    kind: Kind,
    name: &str,
    write: impl FnOnce(&mut std::fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target = path(root, kind, name);
    if target.exists() {
        return Ok(());
    }
    let folder = target.parent().unwrap_or(root);
    std::fs::create_dir_all(folder)?;
    let mut temporary = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(folder)?;
    write(temporary.as_file_mut())?;
    temporary.as_file().sync_all()?;
    temporary.persist(&target).map_err(|e| e.error)?;
    Ok(())
}

pub fn get(root: &Path, kind: Kind, name: &str) -> std::io::Result<Vec<u8>> {
    std::fs::read(path(root, kind, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_hex_with_an_optional_extension() {
        assert!(is_safe_name("0123abcd.jpg"));
        assert!(is_safe_name("0123abcd"));
        assert!(!is_safe_name("../etc/passwd"));
        assert!(!is_safe_name("abc/def.jpg"));
        assert!(!is_safe_name(".jpg"));
    }
}
