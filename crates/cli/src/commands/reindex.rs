//! `jinguo reindex`: rebuild the search index from the published articles (after restoring a
//! backup, or if the index folder was lost). A running server holds its index folder and keeps
//! it current by itself (it follows the change log); this command refuses while one runs.

use crate::config::Config;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let ctx = super::serving_context(config, false).await?;
    let (latest, _) = jinguo_storage::repo::public_changes::latest_change(&ctx.db.conn).await?;
    let started = std::time::Instant::now();
    let count = jinguo_service::showcase::rebuild_search(&ctx, latest).await?;
    println!(
        "搜索索引已重建：{count} 篇已发布稿件，用时 {:.1} 秒。",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
