//! `jinguo backup <dir>`: a consistent copy of the database and of every object it names,
//! safe while serving. `jinguo restore <backup>`: rebuilds a deployment from such a copy into
//! an empty database and the configured media store.

use crate::config::Config;
use std::path::Path;

pub async fn run(config: &Config, dir: &Path) -> anyhow::Result<()> {
    let ctx = super::context(config, false).await?;
    let summary = jinguo_service::backup::backup(&ctx, dir, &config.database_url()).await?;
    println!(
        "备份完成：{}（数据库 {}，媒体文件 {} 个，来自 {}）",
        summary.folder.display(),
        summary.database_file.display(),
        summary.media_files,
        ctx.settings.media.url()
    );
    Ok(())
}

pub async fn restore(config: &Config, backup_folder: &Path) -> anyhow::Result<()> {
    let url = config.database_url();
    let backend = jinguo_storage::Backend::of_url(&url)
        .ok_or_else(|| anyhow::anyhow!("database_url: 不支持的数据库地址"))?;
    if backend == jinguo_storage::Backend::Postgres {
        // Only into a database without our tables: a restore never merges into live data.
        let db = jinguo_storage::connect_raw(&url).await?;
        if jinguo_storage::db::has_tables(&db).await? {
            anyhow::bail!("数据库中已有数据表：请恢复到一个空数据库");
        }
        db.close().await?;
    }
    jinguo_service::backup::restore_database(
        backup_folder,
        backend,
        &url,
        &jinguo_storage::db::sqlite_file_of(&url).unwrap_or_default(),
    )
    .await?;
    // Opening it applies any migration newer than the backup.
    let ctx = super::context(config, false).await?;
    let summary = jinguo_service::backup::restore_media(&ctx, backup_folder).await?;
    println!(
        "恢复完成：数据库已恢复，媒体文件 {} 个已写入 {}",
        summary.media_files,
        ctx.settings.media.url()
    );
    Ok(())
}
