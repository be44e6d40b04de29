//! 宣推 (issue 16 §3): press kits national issues to journalists — one share link (only its
//! hash stored) naming a batch of published articles, with its expiry and revocation — the
//! download counters of each article in a kit, and each federation's press contact
//! (宣传联络人) that kits print beside the post's own contact. Additive only.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum PressKits {
    Table,
    Id,
    TokenHash,
    Title,
    Note,
    IssuerOrgId,
    IssuedBy,
    CreatedAt,
    ExpiresAt,
    RevokedAt,
    RevokedBy,
}

#[derive(DeriveIden)]
enum PressKitItems {
    Table,
    KitId,
    ArticleId,
    Position,
    PhotoDownloads,
    DocxDownloads,
    TextDownloads,
}

#[derive(DeriveIden)]
enum PressContacts {
    Table,
    OrgId,
    Person,
    Phone,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PressKits::Table)
                    .col(big_pk_auto(PressKits::Id))
                    .col(string_len(PressKits::TokenHash, 64).unique_key())
                    .col(string_len(PressKits::Title, 200))
                    .col(string_len(PressKits::Note, 1000))
                    .col(big_integer(PressKits::IssuerOrgId))
                    .col(big_integer(PressKits::IssuedBy))
                    .col(timestamp_with_time_zone(PressKits::CreatedAt))
                    .col(timestamp_with_time_zone(PressKits::ExpiresAt))
                    .col(timestamp_with_time_zone_null(PressKits::RevokedAt))
                    .col(big_integer_null(PressKits::RevokedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PressKitItems::Table)
                    .col(big_integer(PressKitItems::KitId))
                    .col(big_integer(PressKitItems::ArticleId))
                    .col(integer(PressKitItems::Position))
                    .col(big_integer(PressKitItems::PhotoDownloads).default(0))
                    .col(big_integer(PressKitItems::DocxDownloads).default(0))
                    .col(big_integer(PressKitItems::TextDownloads).default(0))
                    .primary_key(
                        Index::create()
                            .col(PressKitItems::KitId)
                            .col(PressKitItems::ArticleId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(PressKitItems::Table, PressKitItems::KitId)
                            .to(PressKits::Table, PressKits::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(PressContacts::Table)
                    .col(big_integer(PressContacts::OrgId).primary_key())
                    .col(string_len(PressContacts::Person, 40))
                    .col(string_len(PressContacts::Phone, 40))
                    .col(timestamp_with_time_zone(PressContacts::UpdatedAt))
                    .col(big_integer(PressContacts::UpdatedBy))
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PressContacts::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PressKitItems::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(PressKits::Table).to_owned())
            .await
    }
}
