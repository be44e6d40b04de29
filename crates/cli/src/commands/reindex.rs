//! `jinguo reindex`: rebuild the search index from the published articles (after restoring a
//! backup, or if the index folder was lost). A running server keeps its own open index; stop it
//! first, or let it catch up by itself — it follows the change log.

use crate::config::Config;

pub async fn run(config: &Config) -> anyhow::Result<()> {
    let ctx = super::context(config, false).await?;
    let (latest, _) = jinguo_storage::repo::showcase::latest_change(&ctx.db.conn).await?;
    let started = std::time::Instant::now();
    let count = jinguo_service::showcase::rebuild_search(&ctx, latest).await?;
    println!(
        "搜索索引已重建：{count} 篇已发布稿件，用时 {:.1} 秒。",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
