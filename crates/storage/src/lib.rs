//! Persistence for both backends (SQLite and PostgreSQL) behind one sea-orm connection:
//! migrations, entities, repositories (one module per aggregate) and database-error mapping.

pub mod db;
pub mod entity;
pub mod error;
pub mod migration;
pub mod repo;
pub mod write;

pub use db::{Backend, Db, PoolSize, connect, connect_existing, connect_raw, connect_with};
pub use error::StorageError;
pub use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait};
pub use write::WriteTxn;
