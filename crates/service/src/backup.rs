//! Consistent backups while the server runs, and restoring one into a new deployment.
//!
//! A backup is the database first (SQLite `VACUUM INTO`, a single consistent snapshot;
//! PostgreSQL through `pg_dump`, which reads one snapshot), then every object that copy names,
//! fetched from the media store whatever it is (a folder, S3). Objects are stored before the
//! rows that name them commit, so every object the database copy names exists. The count copied
//! is checked against the count named.
//!
//! The folder holds `jinguo.db` or `jinguo.sql` and `media/<kind>/<shard>/<name>`, the layout of
//! a `file://` store, so a restore (or an operator with `cp`) puts it back.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::media::store::{Kind, MediaStore, StoreError};
use jinguo_domain::clock::china_offset;
use jinguo_storage::Backend;
use jinguo_storage::repo::media_objects::{NamedObjects, named_objects};
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
            run_tool(
                "pg_dump",
                &[
                    "--no-owner".as_ref(),
                    "--file".as_ref(),
                    file.as_os_str(),
                    database_url.as_ref(),
                ],
            )
            .await?;
            file
        }
    };
    // The objects the copy names: read from the copy itself where it is a file, so a photo
    // uploaded after the snapshot is neither missing nor extra.
    let named = match ctx.db.backend {
        Backend::Sqlite => {
            let copy = jinguo_storage::connect_existing(&format!(
                "sqlite://{}?mode=rw",
                database_file.display()
            ))
            .await
            .map_err(|e| ServiceError::Internal(format!("opening the backup's copy: {e}")))?;
            let named = named_objects(&copy.conn).await?;
            copy.conn.close().await?;
            named
        }
        // pg_dump read one snapshot; objects committed after it are merely extra in the copy.
        Backend::Postgres => named_objects(&ctx.db.conn).await?,
    };
    let media = MediaStore::local(&folder.join("media")).map_err(store)?;
    let media_files = copy_objects(&ctx.settings.media, &media, &named, ctx.now()).await?;
    Ok(BackupSummary {
        folder,
        database_file,
        media_files,
    })
}

/// Copies every named object from one store to another (through a temporary file, so no
/// object is held in memory) and checks that all arrived.
async fn copy_objects(
    from: &MediaStore,
    to: &MediaStore,
    named: &NamedObjects,
    now: chrono::DateTime<chrono::Utc>,
) -> ServiceResult<u64> {
    let scratch = tempfile::tempdir().map_err(io)?;
    let buffer = scratch.path().join("object");
    let wanted = [
        (Kind::Image, &named.images),
        (Kind::Thumbnail, &named.images),
        (Kind::Original, &named.originals),
        (Kind::Attachment, &named.attachments),
    ];
    let mut copied = 0;
    for (kind, names) in wanted {
        for name in names {
            if to.exists(kind, name).await.map_err(store)? {
                copied += 1;
                continue;
            }
            match from.download_to(kind, name, &buffer).await {
                Ok(_) => {}
                Err(StoreError::NotFound) => {
                    return Err(ServiceError::Internal(format!(
                        "the database names {}/{name}, which the media store ({}) does not hold",
                        kind.folder(),
                        from.url()
                    )));
                }
                Err(other) => return Err(store(other)),
            }
            to.put_file(kind, name, &buffer, now).await.map_err(store)?;
            copied += 1;
        }
    }
    if copied != named.count() {
        return Err(ServiceError::Internal(format!(
            "copied {copied} media files of the {} the database names",
            named.count()
        )));
    }
    Ok(copied)
}

#[derive(Debug, Clone)]
pub struct RestoreSummary {
    pub media_files: u64,
}

/// Rebuilds a deployment from a backup folder: the database (which must be empty: a new
/// SQLite file, or a PostgreSQL database without tables) and every object into the configured
/// media store (`restore_media`, once the restored database is open).
pub async fn restore_database(
    backup_folder: &Path,
    backend: Backend,
    database_url: &str,
    sqlite_file: &Path,
) -> ServiceResult<()> {
    match backend {
        Backend::Sqlite => {
            let source = backup_folder.join("jinguo.db");
            if !source.exists() {
                return Err(ServiceError::Internal(format!(
                    "{} holds no jinguo.db (a backup of a SQLite deployment)",
                    backup_folder.display()
                )));
            }
            if sqlite_file.exists() {
                return Err(ServiceError::Internal(format!(
                    "{} exists already: restore into an empty data folder",
                    sqlite_file.display()
                )));
            }
            if let Some(parent) = sqlite_file.parent() {
                std::fs::create_dir_all(parent).map_err(io)?;
            }
            std::fs::copy(&source, sqlite_file).map_err(io)?;
        }
        Backend::Postgres => {
            let source = backup_folder.join("jinguo.sql");
            if !source.exists() {
                return Err(ServiceError::Internal(format!(
                    "{} holds no jinguo.sql (a backup of a PostgreSQL deployment)",
                    backup_folder.display()
                )));
            }
            run_tool(
                "psql",
                &[
                    "--quiet".as_ref(),
                    "--set".as_ref(),
                    "ON_ERROR_STOP=1".as_ref(),
                    "--single-transaction".as_ref(),
                    "--file".as_ref(),
                    source.as_os_str(),
                    database_url.as_ref(),
                ],
            )
            .await?;
        }
    }
    Ok(())
}

/// Puts the backup's objects into the deployment's store and checks that every object the
/// restored database names is there.
pub async fn restore_media(ctx: &Ctx, backup_folder: &Path) -> ServiceResult<RestoreSummary> {
    let source = MediaStore::local(&backup_folder.join("media")).map_err(store)?;
    let named = named_objects(&ctx.db.conn).await?;
    let media_files = copy_objects(&source, &ctx.settings.media, &named, ctx.now()).await?;
    Ok(RestoreSummary { media_files })
}

async fn run_tool(program: &str, args: &[&std::ffi::OsStr]) -> ServiceResult<()> {
    let output = tokio::process::Command::new(program)
        .args(args)
        .output()
        .await
        .map_err(|e| ServiceError::Unavailable(format!("{program} could not start: {e}")))?;
    if !output.status.success() {
        return Err(ServiceError::Unavailable(format!(
            "{program} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    Ok(())
}

fn store(err: StoreError) -> ServiceError {
    ServiceError::Unavailable(format!("media store: {err}"))
}

fn io(err: std::io::Error) -> ServiceError {
    ServiceError::Internal(format!("backup I/O: {err}"))
}
