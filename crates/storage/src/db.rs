//! Opening the database chosen by URL, with the settings each backend needs, and migrating it.

use crate::write::WriteTxn;
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr,
    SqliteTransactionMode, TransactionOptions, TransactionTrait,
};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A pooled connection to either backend. Cheap to clone.
#[derive(Debug, Clone)]
pub struct Db {
    pub conn: DatabaseConnection,
    pub backend: Backend,
    /// SQLite has one writer: write transactions of this process queue here, in arrival order,
    /// without holding a pooled connection while they wait (so readers are never starved of
    /// connections by queued writers). Other processes are waited for by `busy_timeout`.
    write_gate: Arc<tokio::sync::Mutex<()>>,
}

/// Pool sizes; the defaults suit one instance on a small machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolSize {
    pub max_connections: u32,
}

/// Keys of `Db::exclusive`, one per kind of start-up work.
pub const MIGRATION_LOCK: i32 = 0;
pub const DEMO_SEED_LOCK: i32 = 1;

impl PoolSize {
    pub const SQLITE_DEFAULT: u32 = 8;
    pub const POSTGRES_DEFAULT: u32 = 16;
}

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("unsupported database URL (use sqlite://… or postgres://…): {0}")]
    UnsupportedUrl(String),
    #[error("could not create the data directory {0}: {1}")]
    DataDir(String, std::io::Error),
    #[error("the SQLite database {0} does not exist; run `jinguo migrate` or `jinguo serve` first")]
    Missing(String),
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The default database: a SQLite file under the data directory.
pub fn default_sqlite_url(data_dir: &Path) -> String {
    format!("sqlite://{}?mode=rwc", data_dir.join("jinguo.db").display())
}

/// Connects, creating the SQLite file if needed, and applies pending migrations.
pub async fn connect(url: &str, schema: Option<&str>) -> Result<Db, ConnectError> {
    connect_with(url, schema, None).await
}

/// Like `connect`, with a pool size (`None`: the backend's default).
pub async fn connect_with(
    url: &str,
    schema: Option<&str>,
    pool: Option<PoolSize>,
) -> Result<Db, ConnectError> {
    let db = open(url, schema, true, pool).await?;
    crate::migration::up_exclusively(&db).await?;
    db.refresh_planner_statistics().await?;
    Ok(db)
}

/// Connects to a database that must already exist (backup, import): never creates an empty one.
pub async fn connect_existing(url: &str) -> Result<Db, ConnectError> {
    if let Some(path) = sqlite_file(url)
        && !Path::new(&path).exists()
    {
        return Err(ConnectError::Missing(path));
    }
    let db = open(url, None, false, None).await?;
    crate::migration::up_exclusively(&db).await?;
    Ok(db)
}

impl Backend {
    /// The backend a database URL names, if any.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// The file a `sqlite://` URL names.
pub fn sqlite_file_of(url: &str) -> Option<std::path::PathBuf> {
    sqlite_file(url).map(std::path::PathBuf::from)
}

/// Whether the connected database (or schema) holds any table already: a restore goes only
/// into an empty one.
pub async fn has_tables(conn: &DatabaseConnection) -> Result<bool, DbErr> {
    let sql = match conn.get_database_backend() {
        sea_orm::DbBackend::Sqlite => {
            "SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        }
        _ => {
            "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()"
        }
    };
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            sql.to_string(),
        ))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<i64>("", "n").ok())
        .is_some_and(|n| n > 0))
}

fn sqlite_file(url: &str) -> Option<String> {
    let rest = url.strip_prefix("sqlite://")?;
    Some(rest.split('?').next().unwrap_or(rest).to_string())
}

async fn open(
    url: &str,
    schema: Option<&str>,
    create: bool,
    pool: Option<PoolSize>,
) -> Result<Db, ConnectError> {
    let Some(backend) = Backend::of_url(url) else {
        return Err(ConnectError::UnsupportedUrl(url.to_string()));
    };
    if backend == Backend::Sqlite
        && let Some(file) = sqlite_file(url)
        && let Some(parent) = Path::new(&file).parent()
        && !parent.as_os_str().is_empty()
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| ConnectError::DataDir(parent.display().to_string(), e))?;
    }
    let mut options = ConnectOptions::new(url.to_string());
    // Every statement with its time at debug (`JINGUO_LOG=sqlx=debug`), a slow one (over a
    // second) as a warning, so a query that degrades with the data shows in the log.
    options
        .sqlx_logging(true)
        .sqlx_logging_level(log::LevelFilter::Debug)
        .sqlx_slow_statements_logging_settings(log::LevelFilter::Warn, Duration::from_secs(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect_timeout(Duration::from_secs(10));
    match backend {
        Backend::Sqlite => {
            // WAL lets readers proceed while the one writer writes; busy_timeout makes a second
            // writer wait instead of failing at once.
            options
                .max_connections(pool.map_or(PoolSize::SQLITE_DEFAULT, |p| p.max_connections))
                .min_connections(1)
                .map_sqlx_sqlite_opts(move |opts| {
                    opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                        .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                        .busy_timeout(Duration::from_secs(30))
                        .foreign_keys(true)
                        .create_if_missing(create)
                });
        }
        Backend::Postgres => {
            options
                .max_connections(pool.map_or(PoolSize::POSTGRES_DEFAULT, |p| p.max_connections))
                .min_connections(1);
            if let Some(schema) = schema {
                options.set_schema_search_path(schema.to_string());
            }
        }
    }
    let conn = Database::connect(options).await?;
    Ok(Db {
        conn,
        backend,
        write_gate: Arc::new(tokio::sync::Mutex::new(())),
    })
}

impl Db {
    pub fn db_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// Keeps the query planner informed of the tables' sizes. Without statistics SQLite picks
    /// an index by rule of thumb (at 100,000 articles, the campaign's instead of the holder's:
    /// 136 ms instead of 0.1 ms for a queue count), and PostgreSQL's autovacuum only analyses a
    /// bulk-filled table a while later. `analysis_limit` bounds SQLite's work (tens of ms at
    /// 100,000 articles); PostgreSQL samples by itself. Run at start and hourly.
    pub async fn refresh_planner_statistics(&self) -> Result<(), DbErr> {
        let sql = match self.backend {
            Backend::Sqlite => "PRAGMA analysis_limit = 10000; ANALYZE;",
            // The tables the review's figures read, in this schema only (a database may hold
            // several deployments' schemas, as the tests' does).
            Backend::Postgres => {
                "ANALYZE articles, organisations, article_events, article_revisions, \
                 recommendations"
            }
        };
        self.conn.execute_unprepared(sql).await?;
        Ok(())
    }

    /// Begins a transaction that may write. On SQLite it waits its turn behind this process's
    /// other writers and then starts as `BEGIN IMMEDIATE`: it holds the write lock from its
    /// first statement, so it can never fail half-way with `database is locked` when it turns
    /// from reading to writing (a deferred transaction whose snapshot went stale cannot wait,
    /// busy_timeout or not). Keep slow work (hashing, images, files) outside it.
    pub async fn begin_write(&self) -> Result<WriteTxn, DbErr> {
        match self.backend {
            Backend::Sqlite => {
                let gate = self.write_gate.clone().lock_owned().await;
                let txn = self
                    .conn
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..TransactionOptions::default()
                    })
                    .await?;
                Ok(WriteTxn::new(txn, Some(gate)))
            }
            Backend::Postgres => Ok(WriteTxn::new(self.conn.begin().await?, None)),
        }
    }

    /// Holds a database-wide lock named by `key` for as long as the returned guard lives, for
    /// start-up work that several instances may attempt at the same moment (migrations, the
    /// demo seed; the keys are the `*_LOCK` constants above).
    /// PostgreSQL: an advisory lock in a transaction of its own, released when the guard is
    /// dropped (or the process dies). SQLite: no guard; the work's own write transactions
    /// are serialised, and a second instance on one SQLite file is not a deployment.
    pub async fn exclusive(&self, key: i32) -> Result<Option<sea_orm::DatabaseTransaction>, DbErr> {
        match self.backend {
            Backend::Sqlite => Ok(None),
            Backend::Postgres => {
                let txn = self.conn.begin().await?;
                txn.execute_unprepared(&format!(
                    "SELECT pg_advisory_xact_lock(7302, {key} # hashtext(current_schema()))"
                ))
                .await?;
                Ok(Some(txn))
            }
        }
    }

    /// Writes a consistent copy of a SQLite database to `target` while others keep using it.
    /// (open, idle) connections of this instance's pool.
    pub fn pool_usage(&self) -> (u32, u32) {
        match self.backend {
            Backend::Sqlite => {
                let pool = self.conn.get_sqlite_connection_pool();
                (
                    pool.size(),
                    u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                )
            }
            Backend::Postgres => {
                let pool = self.conn.get_postgres_connection_pool();
                (
                    pool.size(),
                    u32::try_from(pool.num_idle()).unwrap_or(u32::MAX),
                )
            }
        }
    }

    pub async fn sqlite_snapshot(&self, target: &Path) -> Result<(), DbErr> {
        let escaped = target.display().to_string().replace('\'', "''");
        self.conn
            .execute_unprepared(&format!("VACUUM INTO '{escaped}'"))
            .await?;
        Ok(())
    }
}

/// A plain connection without migrations (test harness: creating and dropping schemas).
pub async fn connect_raw(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_string());
    options.sqlx_logging(false).max_connections(2);
    Database::connect(options).await
}
