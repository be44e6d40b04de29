//! The national sensitive-word list (敏感词): one row, the words one per line, with who edited
//! it last and when. Reviewers see matches highlighted; article text is never changed.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SensitiveWords {
    Table,
    Id,
    Words,
    UpdatedBy,
    UpdatedByName,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SensitiveWords::Table)
                    // Always 1: there is one list, written with ON CONFLICT (id).
                    .col(big_integer(SensitiveWords::Id).primary_key())
                    .col(text(SensitiveWords::Words))
                    .col(big_integer_null(SensitiveWords::UpdatedBy))
                    .col(string_len(SensitiveWords::UpdatedByName, 100))
                    .col(timestamp_with_time_zone(SensitiveWords::UpdatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SensitiveWords::Table, SensitiveWords::UpdatedBy)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SensitiveWords::Table).to_owned())
            .await
    }
}
