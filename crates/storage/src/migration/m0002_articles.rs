//! Campaigns and columns, media (processed images and their private originals), articles with
//! their submitted revisions and the append-only event history.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Campaigns {
    Table,
    Id,
    Slug,
    Name,
    Description,
    Rules,
    SortOrder,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
    ContentName,
    OrgId,
    UploadedBy,
    OriginalKey,
    OriginalFormat,
    OriginalBytes,
    SourceWidth,
    SourceHeight,
    Width,
    Height,
    Bytes,
    BlurScore,
    Blurry,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
    CampaignId,
    PostOrgId,
    AuthorId,
    Status,
    HolderOrgId,
    ReviewStarted,
    Title,
    Content,
    CoverMedia,
    WordCount,
    Version,
    Revision,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
}

#[derive(DeriveIden)]
enum ArticleRevisions {
    Table,
    Id,
    ArticleId,
    Revision,
    Title,
    Content,
    WordCount,
    SubmittedAt,
    SubmittedBy,
}

#[derive(DeriveIden)]
enum ArticleEvents {
    Table,
    Id,
    ArticleId,
    At,
    ActorId,
    ActorName,
    OrgId,
    OrgName,
    FromStatus,
    ToStatus,
    Action,
    Comment,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Campaigns::Table)
                    .col(big_pk_auto(Campaigns::Id))
                    .col(string_len_uniq(Campaigns::Slug, 40))
                    .col(string_len(Campaigns::Name, 100))
                    .col(text(Campaigns::Description))
                    // The rules as JSON (themes, windows, eligibility, quotas, limits): one
                    // document the domain owns, so a new rule needs no migration.
                    .col(text(Campaigns::Rules))
                    .col(integer(Campaigns::SortOrder))
                    .col(timestamp_with_time_zone(Campaigns::CreatedAt))
                    .col(timestamp_with_time_zone(Campaigns::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Media::Table)
                    .col(big_pk_auto(Media::Id))
                    .col(string_len_uniq(Media::ContentName, 64))
                    .col(big_integer(Media::OrgId))
                    .col(big_integer(Media::UploadedBy))
                    .col(string_len(Media::OriginalKey, 200))
                    .col(string_len(Media::OriginalFormat, 16))
                    .col(big_integer(Media::OriginalBytes))
                    .col(integer(Media::SourceWidth))
                    .col(integer(Media::SourceHeight))
                    .col(integer(Media::Width))
                    .col(integer(Media::Height))
                    .col(big_integer(Media::Bytes))
                    .col(double(Media::BlurScore))
                    .col(boolean(Media::Blurry))
                    .col(timestamp_with_time_zone(Media::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Media::Table, Media::OrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Articles::Table)
                    .col(big_pk_auto(Articles::Id))
                    .col(big_integer(Articles::CampaignId))
                    .col(big_integer(Articles::PostOrgId))
                    .col(big_integer(Articles::AuthorId))
                    .col(string_len(Articles::Status, 16))
                    .col(big_integer_null(Articles::HolderOrgId))
                    .col(boolean(Articles::ReviewStarted))
                    .col(string_len(Articles::Title, 200))
                    .col(text(Articles::Content))
                    .col(string_len_null(Articles::CoverMedia, 64))
                    .col(integer(Articles::WordCount))
                    .col(integer(Articles::Version))
                    .col(integer(Articles::Revision))
                    .col(timestamp_with_time_zone(Articles::CreatedAt))
                    .col(timestamp_with_time_zone(Articles::UpdatedAt))
                    .col(timestamp_with_time_zone_null(Articles::SubmittedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Articles::Table, Articles::CampaignId)
                            .to(Campaigns::Table, Campaigns::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Articles::Table, Articles::PostOrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        for (name, column) in [
            ("idx_articles_post", Articles::PostOrgId),
            ("idx_articles_holder", Articles::HolderOrgId),
            ("idx_articles_campaign", Articles::CampaignId),
        ] {
            manager
                .create_index(
                    Index::create()
                        .name(name)
                        .table(Articles::Table)
                        .col(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(ArticleRevisions::Table)
                    .col(big_pk_auto(ArticleRevisions::Id))
                    .col(big_integer(ArticleRevisions::ArticleId))
                    .col(integer(ArticleRevisions::Revision))
                    .col(string_len(ArticleRevisions::Title, 200))
                    .col(text(ArticleRevisions::Content))
                    .col(integer(ArticleRevisions::WordCount))
                    .col(timestamp_with_time_zone(ArticleRevisions::SubmittedAt))
                    .col(big_integer(ArticleRevisions::SubmittedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArticleRevisions::Table, ArticleRevisions::ArticleId)
                            .to(Articles::Table, Articles::Id),
                    )
                    .index(
                        Index::create()
                            .name("uq_article_revision")
                            .col(ArticleRevisions::ArticleId)
                            .col(ArticleRevisions::Revision)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ArticleEvents::Table)
                    .col(big_pk_auto(ArticleEvents::Id))
                    .col(big_integer(ArticleEvents::ArticleId))
                    .col(timestamp_with_time_zone(ArticleEvents::At))
                    .col(big_integer(ArticleEvents::ActorId))
                    .col(string_len(ArticleEvents::ActorName, 80))
                    .col(big_integer(ArticleEvents::OrgId))
                    .col(string_len(ArticleEvents::OrgName, 200))
                    .col(string_len(ArticleEvents::FromStatus, 16))
                    .col(string_len(ArticleEvents::ToStatus, 16))
                    .col(string_len(ArticleEvents::Action, 24))
                    .col(text(ArticleEvents::Comment))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ArticleEvents::Table, ArticleEvents::ArticleId)
                            .to(Articles::Table, Articles::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_article_events_article")
                    .table(ArticleEvents::Table)
                    .col(ArticleEvents::ArticleId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
