//! Organisation paths compared byte by byte on PostgreSQL too (issue 13 §10). A subtree is
//! read as the range `[/1/5/, /1/50)` of the path index (`repo::path_range`), which needs `/`
//! to sort before the digits; a database created with a language collation (`en_US.UTF-8`)
//! ignores punctuation when ordering, so the column gets the `C` collation. SQLite's default
//! collation is already bytewise.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE organisations ALTER COLUMN path TYPE VARCHAR COLLATE \"C\"",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .get_connection()
            .execute_unprepared(
                "ALTER TABLE organisations ALTER COLUMN path TYPE VARCHAR COLLATE \"default\"",
            )
            .await?;
        Ok(())
    }
}
