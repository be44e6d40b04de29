//! What every use case needs: the database, the clock and the service settings.

use crate::media::store::MediaStore;
use crate::showcase::Live;
use jinguo_domain::Clock;
use jinguo_storage::Db;
use std::path::PathBuf;
use std::sync::Arc;

/// Settings the use cases read. Built once from the validated configuration.
#[derive(Debug, Clone)]
pub struct ServiceSettings {
    /// How long a browser session lives without activity.
    pub session_idle_minutes: i64,
    /// Where media files live (images, originals, attachments): one store every instance of
    /// the deployment shares; part of every backup.
    pub media: MediaStore,
    /// Where this instance keeps its search index; None keeps it in memory (rebuilt at start).
    pub search_dir: Option<PathBuf>,
    /// Where uploads are received to temporary files (never held in memory whole).
    pub upload_dir: PathBuf,
    /// The cost of new password hashes (existing hashes keep theirs until changed).
    pub argon2: Argon2Settings,
    /// Days an API token lives from its issue.
    pub token_lifetime_days: i64,
    /// Every how many days a password must be changed; 0 (the default) never.
    pub password_max_age_days: u32,
    /// How webhooks are sent.
    pub webhooks: crate::webhooks::WebhookSettings,
}

/// argon2id parameters. The defaults are OWASP's minimum for argon2id (19 MiB, 2 passes, one
/// lane), which is also the `argon2` crate's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Argon2Settings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
}

impl Default for Argon2Settings {
    fn default() -> Self {
        Self {
            memory_kib: 19 * 1024,
            iterations: 2,
            parallelism: 1,
        }
    }
}

impl Default for ServiceSettings {
    fn default() -> Self {
        Self {
            session_idle_minutes: 8 * 60,
            media: MediaStore::in_memory(),
            search_dir: None,
            upload_dir: std::env::temp_dir().join("jinguo-uploads"),
            argon2: Argon2Settings::default(),
            token_lifetime_days: 90,
            password_max_age_days: 0,
            webhooks: crate::webhooks::WebhookSettings::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Ctx {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    pub settings: Arc<ServiceSettings>,
    /// This instance's view of the public side: change-log position and search index.
    pub showcase: Arc<Live>,
    /// Wakes this instance's webhook worker when a move queued deliveries.
    pub webhook_wake: Arc<tokio::sync::Notify>,
    /// Subtree figures (dashboard, units to chase), reused while nothing they count changed.
    pub figures: Arc<crate::stats::cache::FigureCache>,
}

impl Ctx {
    pub fn new(db: Db, clock: Arc<dyn Clock>, settings: ServiceSettings) -> Self {
        let showcase = Arc::new(Live::open(settings.search_dir.as_deref()));
        Self {
            db,
            clock,
            settings: Arc::new(settings),
            showcase,
            webhook_wake: Arc::new(tokio::sync::Notify::new()),
            figures: Arc::default(),
        }
    }

    /// Like `new`, but refuses to start when the search index folder cannot be opened (another
    /// process holds it): for `serve` and `reindex`, where a silent fallback would hide it.
    pub fn try_new(
        db: Db,
        clock: Arc<dyn Clock>,
        settings: ServiceSettings,
    ) -> Result<Self, jinguo_search::SearchError> {
        let showcase = match settings.search_dir.as_deref() {
            Some(dir) => Arc::new(Live::open_strict(dir)?),
            None => Arc::new(Live::open(None)),
        };
        Ok(Self {
            db,
            clock,
            settings: Arc::new(settings),
            showcase,
            webhook_wake: Arc::new(tokio::sync::Notify::new()),
            figures: Arc::default(),
        })
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }
}
