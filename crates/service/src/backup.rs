//! Consistent backups while the server runs: the database first (SQLite `VACUUM INTO`, a
//! single consistent snapshot; PostgreSQL through `pg_dump`, which reads one snapshot), then
//! the media folder. Media files are written once under content-addressed names before the rows
//! that name them commit, so every file the database copy refers to is already on disk.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::clock::china_offset;
use jinguo_storage::Backend;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone)]
pub struct BackupSummary {
    pub folder: PathBuf,
    pub database_file: PathBuf,
    pub media_files: u64,
}

pub async fn backup(
    ctx: &Ctx,
    target_dir: &Path,
    database_url: &str,
) -> ServiceResult<BackupSummary> {
    let stamp = ctx
        .now()
        .with_timezone(&china_offset())
        .format("%Y%m%d-%H%M%S")
        .to_string();
    let folder = target_dir.join(format!("jinguo-backup-{stamp}"));
    std::fs::create_dir_all(&folder).map_err(io)?;
    let database_file = match ctx.db.backend {
        Backend::Sqlite => {
            let file = folder.join("jinguo.db");
            ctx.db.sqlite_snapshot(&file).await?;
            file
        }
        Backend::Postgres => {
            let file = folder.join("jinguo.sql");
            let output = tokio::process::Command::new("pg_dump")
                .arg("--no-owner")
                .arg("--file")
                .arg(&file)
                .arg(database_url)
                .output()
                .await
                .map_err(|e| ServiceError::Unavailable(format!("pg_dump could not start: {e}")))?;
            if !output.status.success() {
                return Err(ServiceError::Unavailable(format!(
                    "pg_dump failed: {}",
                    String::from_utf8_lossy(&output.stderr).trim()
                )));
            }
            file
        }
    };
    let media_source = ctx.settings.media_dir.clone();
    let media_target = folder.join("media");
    let media_files = tokio::task::spawn_blocking(move || copy_tree(&media_source, &media_target))
        .await
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .map_err(io)?;
    Ok(BackupSummary {
        folder,
        database_file,
        media_files,
    })
}

fn copy_tree(from: &Path, to: &Path) -> std::io::Result<u64> {
    std::fs::create_dir_all(to)?;
    if !from.exists() {
        return Ok(0);
    }
    let mut copied = 0;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copied += copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
            copied += 1;
        }
    }
    Ok(copied)
}

fn io(err: std::io::Error) -> ServiceError {
    ServiceError::Internal(format!("backup I/O: {err}"))
}
