//! `jinguo backup <dir>`: a consistent copy of database and media, safe while serving.

use crate::config::Config;
use std::path::Path;

pub async fn run(config: &Config, dir: &Path) -> anyhow::Result<()> {
    let ctx = super::context(config, false).await?;
    let summary = jinguo_service::backup::backup(&ctx, dir, &config.database_url()).await?;
    println!(
        "备份完成：{}（数据库 {}，媒体文件 {} 个）",
        summary.folder.display(),
        summary.database_file.display(),
        summary.media_files
    );
    Ok(())
}
