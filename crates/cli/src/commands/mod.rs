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

/// Opens (and migrates) the configured database and builds the use-case context.
pub async fn context(config: &Config, create: bool) -> anyhow::Result<Ctx> {
    let url = config.database_url();
    let db = if create {
        jinguo_storage::connect(&url, None).await?
    } else {
        jinguo_storage::connect_existing(&url).await?
    };
    let settings = ServiceSettings {
        session_idle_minutes: config.session_idle_minutes,
        media_dir: config.media_dir(),
        // Each instance keeps its own index beside its data; it follows the shared change log.
        search_dir: Some(config.data_dir.join("search")),
    };
    Ok(Ctx::new(db, Arc::new(SystemClock), settings))
}
