//! Uploads arrive in pieces and are written to a temporary file as they come, with the size
//! limit checked on every piece, so a request never holds a whole file in memory. The file has
//! a unique name (two uploads of the same photo never share one) and is deleted when the
//! `Spooled` is dropped, whatever happened; `sweep` removes what a crash left behind.

use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// A received upload, on disk until dropped.
#[derive(Debug)]
pub struct Spooled {
    /// The name the browser gave (not trusted: only shown and checked).
    pub file_name: String,
    path: tempfile::TempPath,
    len: u64,
}

impl Spooled {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn len(&self) -> u64 {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The whole file, for the pipelines that need it in memory (images, Word, Excel); callers
    /// do this inside `cpu::run`, so only one file per core is in memory at once.
    pub fn read_blocking(&self) -> std::io::Result<Vec<u8>> {
        std::fs::read(&self.path)
    }

    /// A spooled copy of bytes already in memory (pictures out of a Word file, the demo, tests).
    pub fn from_bytes(dir: &Path, file_name: &str, bytes: &[u8]) -> std::io::Result<Spooled> {
        std::fs::create_dir_all(dir)?;
        let mut file = tempfile::Builder::new()
            .prefix(".upload-")
            .tempfile_in(dir)?;
        std::io::Write::write_all(&mut file, bytes)?;
        Ok(Spooled {
            file_name: file_name.to_string(),
            path: file.into_temp_path(),
            len: bytes.len() as u64,
        })
    }
}

/// Why a piece was not taken.
#[derive(Debug)]
pub enum SpoolError {
    /// The file went past its limit; nothing more is read.
    TooLarge {
        limit_bytes: u64,
    },
    Io(std::io::Error),
}

/// An upload being received.
pub struct SpoolWriter {
    file: tokio::fs::File,
    path: tempfile::TempPath,
    len: u64,
    limit: u64,
}

impl SpoolWriter {
    /// A new temporary file under `dir` taking at most `limit` bytes.
    pub async fn create(dir: &Path, limit: u64) -> Result<SpoolWriter, SpoolError> {
        let dir = dir.to_path_buf();
        let (file, path) = tokio::task::spawn_blocking(move || {
            std::fs::create_dir_all(&dir)?;
            tempfile::Builder::new()
                .prefix(".upload-")
                .tempfile_in(&dir)
                .map(tempfile::NamedTempFile::into_parts)
        })
        .await
        .map_err(|e| SpoolError::Io(std::io::Error::other(e)))?
        .map_err(SpoolError::Io)?;
        Ok(SpoolWriter {
            file: tokio::fs::File::from_std(file),
            path,
            len: 0,
            limit,
        })
    }

    pub async fn write(&mut self, piece: &[u8]) -> Result<(), SpoolError> {
        self.len += piece.len() as u64;
        if self.len > self.limit {
            return Err(SpoolError::TooLarge {
                limit_bytes: self.limit,
            });
        }
        self.file.write_all(piece).await.map_err(SpoolError::Io)
    }

    pub async fn finish(mut self, file_name: String) -> Result<Spooled, SpoolError> {
        self.file.flush().await.map_err(SpoolError::Io)?;
        Ok(Spooled {
            file_name,
            path: self.path,
            len: self.len,
        })
    }
}

/// Removes upload files older than an hour (left by a crash) from `dir`; returns how many.
pub fn sweep(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    #[expect(
        clippy::disallowed_methods,
        reason = "file modification times are the file system's wall clock, not China dates"
    )]
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    let stale: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".upload-"))
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < hour_ago)
        })
        .map(|e| e.path())
        .collect();
    stale
        .iter()
        .filter(|p| std::fs::remove_file(p).is_ok())
        .count()
}
