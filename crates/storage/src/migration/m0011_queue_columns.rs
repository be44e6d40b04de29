//! Review queues paged in SQL (issue 13 §10): an article's theme keys in a column of their own
//! (`,key,key,`, like `public_themes`) so the theme filter is a `LIKE` and not a scan of every
//! article's JSON, and an index on the history by organisation for the “已处理” tab. Additive
//! only: the column is filled from the content here and kept by every write of the content.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Articles {
    Table,
    ThemeKeys,
}

#[derive(DeriveIden)]
enum ArticleEvents {
    Table,
    OrgId,
    ArticleId,
}

/// Rows filled per statement batch when the column is first computed.
const BACKFILL_BATCH: u64 = 500;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(string(Articles::ThemeKeys).default(""))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_events_org")
                    .table(ArticleEvents::Table)
                    .col(ArticleEvents::OrgId)
                    .col(ArticleEvents::ArticleId)
                    .to_owned(),
            )
            .await?;
        backfill(manager.get_connection()).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_article_events_org")
                    .table(ArticleEvents::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .drop_column(Articles::ThemeKeys)
                    .to_owned(),
            )
            .await
    }
}

async fn backfill<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let mut after = 0_i64;
    loop {
        let rows = db
            .query_all_raw(Statement::from_sql_and_values(
                backend,
                "SELECT id, content FROM articles WHERE id > $1 ORDER BY id LIMIT $2",
                [after.into(), (BACKFILL_BATCH as i64).into()],
            ))
            .await?;
        let Some(last) = rows.last() else {
            return Ok(());
        };
        after = last.try_get("", "id")?;
        for row in &rows {
            let id: i64 = row.try_get("", "id")?;
            let content: String = row.try_get("", "content")?;
            let keys = crate::repo::articles::theme_keys_of_json(&content);
            db.execute_raw(Statement::from_sql_and_values(
                backend,
                "UPDATE articles SET theme_keys = $1 WHERE id = $2",
                [keys.into(), id.into()],
            ))
            .await?;
        }
    }
}
