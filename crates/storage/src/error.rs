//! The one place database errors are classified.

use sea_orm::{DbErr, RuntimeErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("not found")]
    NotFound,
    /// A unique constraint said no: the caller raced another writer or repeated a key.
    #[error("conflict: {0}")]
    Conflict(String),
    /// The database is unreachable or the pool is exhausted.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A write was attempted with a permit for another action or organisation: a bug.
    #[error("permit does not cover this write: {0}")]
    PermitMismatch(&'static str),
    /// A stored document (JSON) that does not parse: a bug or a manual edit.
    #[error("stored data does not parse: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(DbErr),
}

impl From<DbErr> for StorageError {
    fn from(err: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(detail)) = err.sql_err() {
            return StorageError::Conflict(detail);
        }
        if is_contention(&err) {
            return StorageError::Unavailable(err.to_string());
        }
        match err {
            DbErr::RecordNotFound(_) => StorageError::NotFound,
            DbErr::ConnectionAcquire(e) => StorageError::Unavailable(e.to_string()),
            DbErr::Conn(e) => StorageError::Unavailable(e.to_string()),
            other => StorageError::Database(other),
        }
    }
}

/// The database is there but too busy to serve this statement now: SQLite still locked after
/// `busy_timeout`, or PostgreSQL giving up on a lock (deadlock, lock or statement timeout,
/// serialization failure, too many connections, shutting down). The user is asked to retry.
fn is_contention(err: &DbErr) -> bool {
    let (DbErr::Exec(RuntimeErr::SqlxError(inner))
    | DbErr::Query(RuntimeErr::SqlxError(inner))
    | DbErr::Conn(RuntimeErr::SqlxError(inner))) = err
    else {
        return false;
    };
    match inner.as_ref() {
        sea_orm::sqlx::Error::Database(db) => {
            let code = db.code().unwrap_or_default();
            // SQLite: BUSY (5) and LOCKED (6), plain or extended (low byte).
            if db
                .try_downcast_ref::<sea_orm::sqlx::sqlite::SqliteError>()
                .is_some()
            {
                return code.parse::<u32>().is_ok_and(|c| matches!(c & 0xff, 5 | 6));
            }
            matches!(
                code.as_ref(),
                "40001" | "40P01" | "55P03" | "57014" | "53300" | "57P01" | "57P03"
            )
        }
        sea_orm::sqlx::Error::PoolTimedOut | sea_orm::sqlx::Error::PoolClosed => true,
        _ => false,
    }
}

pub type StorageResult<T> = Result<T, StorageError>;
