//! The public showcase: when an article went public (and was featured), and a change log of
//! everything that alters public pages. Each instance compares the log's highest id with the one
//! its page cache and search index were built at, so several instances sharing one PostgreSQL
//! stay consistent without talking to each other.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Articles {
    Table,
    Status,
    Id,
    Content,
    UpdatedAt,
    PublishedAt,
    FeaturedAt,
    PublicThemes,
}

#[derive(DeriveIden)]
enum PublicChanges {
    Table,
    Id,
    ArticleId,
    Kind,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(timestamp_with_time_zone_null(Articles::PublishedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    .add_column(timestamp_with_time_zone_null(Articles::FeaturedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Articles::Table)
                    // The themes of a public article as `,key,key,`, so theme pages filter with a
                    // portable LIKE instead of reading JSON.
                    .add_column(string_len_null(Articles::PublicThemes, 200))
                    .to_owned(),
            )
            .await?;
        backfill_public_articles(manager).await?;
        manager
            .create_index(
                Index::create()
                    // Public lists walk this index newest first and stop at the page's end;
                    // `published_at` is NULL for everything that is not public.
                    .name("idx_articles_public")
                    .table(Articles::Table)
                    .col(Articles::PublishedAt)
                    .col(Articles::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PublicChanges::Table)
                    .col(big_pk_auto(PublicChanges::Id))
                    // None for changes that are not about one article (an organisation renamed).
                    .col(big_integer_null(PublicChanges::ArticleId))
                    .col(string_len(PublicChanges::Kind, 20))
                    .col(timestamp_with_time_zone(PublicChanges::CreatedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PublicChanges::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_articles_public")
                    .table(Articles::Table)
                    .to_owned(),
            )
            .await?;
        for col in [
            Articles::PublishedAt,
            Articles::FeaturedAt,
            Articles::PublicThemes,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Articles::Table)
                        .drop_column(col)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Articles already public before this migration get their dates and theme keys.
async fn backfill_public_articles(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let select = Query::select()
        .columns([Articles::Id, Articles::Content])
        .from(Articles::Table)
        .and_where(Expr::col(Articles::Status).is_in(["published", "featured"]))
        .to_owned();
    let rows = db.query_all(&select).await?;
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let content: String = row.try_get("", "content")?;
        let themes = serde_json::from_str::<serde_json::Value>(&content)
            .ok()
            .and_then(|v| v.get("themes").cloned())
            .and_then(|v| v.as_array().cloned())
            .unwrap_or_default()
            .iter()
            .filter_map(|t| t.as_str().map(str::to_string))
            .collect::<Vec<_>>();
        let keys = format!(",{},", themes.join(","));
        let update = Query::update()
            .table(Articles::Table)
            .value(Articles::PublicThemes, keys)
            .value(Articles::PublishedAt, Expr::col(Articles::UpdatedAt))
            .and_where(Expr::col(Articles::Id).eq(id))
            .to_owned();
        db.execute(&update).await?;
    }
    Ok(())
}
