//! One module per subcommand.

pub mod backup;
pub mod import;
pub mod init;
pub mod migrate;
pub mod reindex;
pub mod serve;
pub mod user;

use crate::config::Config;
use jinguo_domain::SystemClock;
use jinguo_service::Ctx;
use jinguo_service::context::ServiceSettings;
use std::sync::Arc;

/// Opens (and migrates) the configured database and builds the use-case context. One-off
/// commands keep no search index (a running server holds it).
pub async fn context(config: &Config, create: bool) -> anyhow::Result<Ctx> {
    build(config, create, false).await
}

/// The context of `serve` and `reindex`: with this instance's search index folder.
pub async fn serving_context(config: &Config, create: bool) -> anyhow::Result<Ctx> {
    build(config, create, true).await
}

async fn build(config: &Config, create: bool, with_search: bool) -> anyhow::Result<Ctx> {
    let url = config.database_url();
    let db = if create {
        let pool = (config.db_max_connections > 0).then_some(jinguo_storage::PoolSize {
            max_connections: config.db_max_connections,
        });
        jinguo_storage::connect_with(&url, None, pool).await?
    } else {
        jinguo_storage::connect_existing(&url).await?
    };
    let settings = ServiceSettings {
        session_idle_minutes: config.session_idle_minutes,
        media: jinguo_service::media::store::MediaStore::open(&config.media_url())
            .map_err(|e| anyhow::anyhow!("媒体存储无法打开（media_url）: {e}"))?,
        // Each instance keeps its own index beside its data; it follows the shared change log.
        search_dir: with_search.then(|| config.data_dir.join("search")),
        upload_dir: config.data_dir.join("tmp"),
        argon2: config.argon2(),
        token_lifetime_days: config.token_lifetime_days,
        password_max_age_days: config.password_max_age_days,
        webhooks: jinguo_service::webhooks::WebhookSettings {
            public_url: config.public_url.trim().to_string(),
            allow_private_targets: config.webhook_allow_private_targets,
            poll_interval: std::time::Duration::from_secs(config.webhook_poll_seconds.max(1)),
            ..Default::default()
        },
    };
    let swept = jinguo_service::media::spool::sweep(&settings.upload_dir);
    if swept > 0 {
        tracing::info!(
            files = swept,
            "temporary upload files left by a crash removed"
        );
    }
    if !with_search {
        return Ok(Ctx::new(db, Arc::new(SystemClock), settings));
    }
    Ctx::try_new(db, Arc::new(SystemClock), settings).map_err(|err| {
        anyhow::anyhow!("搜索索引目录无法打开（是否有另一个进程正在使用同一数据目录？）: {err}")
    })
}
