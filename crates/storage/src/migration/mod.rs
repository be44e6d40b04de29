//! The one set of migrations for SQLite and PostgreSQL. Never edit an applied migration: add a
//! new one (expand/contract so instances still running the previous release keep working).

use sea_orm_migration::prelude::*;

mod m0001_foundation;
mod m0002_articles;
mod m0003_recommendation_lists;
mod m0004_inbox;
mod m0005_sensitive_words;
mod m0006_showcase;
mod m0007_notices;
mod m0008_media_uploads;
mod m0009_auth_hardening;
mod m0010_webhooks;
mod m0011_queue_columns;
mod m0012_path_order;
mod m0013_queue_marks;
mod m0014_press_kits;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_articles::Migration),
            Box::new(m0003_recommendation_lists::Migration),
            Box::new(m0004_inbox::Migration),
            Box::new(m0005_sensitive_words::Migration),
            Box::new(m0006_showcase::Migration),
            Box::new(m0007_notices::Migration),
            Box::new(m0008_media_uploads::Migration),
            Box::new(m0009_auth_hardening::Migration),
            Box::new(m0010_webhooks::Migration),
            Box::new(m0011_queue_columns::Migration),
            Box::new(m0012_path_order::Migration),
            Box::new(m0013_queue_marks::Migration),
            Box::new(m0014_press_kits::Migration),
        ]
    }
}

/// Applies pending migrations under the database's migration lock, so instances started at the
/// same moment on an empty database take turns: the first migrates, the others then find
/// nothing pending. PostgreSQL: inside the transaction holding the advisory lock (DDL is
/// transactional there, so a crash mid-way leaves nothing half-applied); SQLite: inside an
/// immediate transaction, which holds the write lock.
pub(crate) async fn up_exclusively(db: &crate::Db) -> Result<(), DbErr> {
    match db.exclusive(crate::db::MIGRATION_LOCK).await? {
        Some(locked) => {
            Migrator::up(&locked, None).await?;
            locked.commit().await
        }
        None => {
            let txn = db.begin_write().await?;
            Migrator::up(txn.inner(), None).await?;
            txn.commit().await
        }
    }
}
