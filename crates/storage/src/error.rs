//! The one place database errors are classified.

use sea_orm::{DbErr, SqlErr};

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
        match err {
            DbErr::RecordNotFound(_) => StorageError::NotFound,
            DbErr::ConnectionAcquire(e) => StorageError::Unavailable(e.to_string()),
            DbErr::Conn(e) => StorageError::Unavailable(e.to_string()),
            other => StorageError::Database(other),
        }
    }
}

pub type StorageResult<T> = Result<T, StorageError>;
