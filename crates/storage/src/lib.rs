//! Persistence for both backends (SQLite and PostgreSQL) behind one sea-orm connection:
//! migrations, entities, repositories (one module per aggregate) and database-error mapping.

pub mod db;
pub mod entity;
pub mod error;
pub mod migration;
pub mod repo;

pub use db::{Backend, Db, connect, connect_existing, connect_raw};
pub use error::StorageError;
pub use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, TransactionTrait};
