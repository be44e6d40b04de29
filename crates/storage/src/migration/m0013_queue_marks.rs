//! What the back office reads on every page at national scale (issue 13 §10): an index of what
//! an organisation holds by status (its 待审 count, its quota used); an index that holds every
//! column the campaign's figures count, by post (a province's dashboard seeks its posts' entries,
//! the national one reads 100,000 index entries instead of 100,000 rows with their content);
//! an index of organisation
//! changes, whose newest is a mark of the figure cache (without it, a scan of every
//! organisation); and the `change_marks` counters, of which `lists` moves with every write to a
//! province's list (reorder, reason, 报送), which no history event records.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Articles {
    Table,
    HolderOrgId,
    Status,
    CampaignId,
    Revision,
    PostOrgId,
    ThemeKeys,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ChangeMarks {
    Table,
    Name,
    Seq,
}

const HOLDER_STATUS: &str = "idx_articles_holder_status";
const ORG_CHANGES: &str = "idx_organisations_updated";
const CAMPAIGN_FIGURES: &str = "idx_articles_campaign_figures";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(HOLDER_STATUS)
                    .table(Articles::Table)
                    .col(Articles::HolderOrgId)
                    .col(Articles::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(CAMPAIGN_FIGURES)
                    .table(Articles::Table)
                    .col(Articles::CampaignId)
                    .col(Articles::PostOrgId)
                    .col(Articles::Revision)
                    .col(Articles::Status)
                    .col(Articles::HolderOrgId)
                    .col(Articles::ThemeKeys)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(ORG_CHANGES)
                    .table(Organisations::Table)
                    .col(Organisations::UpdatedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ChangeMarks::Table)
                    .col(string(ChangeMarks::Name).primary_key())
                    .col(big_integer(ChangeMarks::Seq).default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("INSERT INTO change_marks (name, seq) VALUES ('lists', 0)")
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ChangeMarks::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(CAMPAIGN_FIGURES)
                    .table(Articles::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(ORG_CHANGES)
                    .table(Organisations::Table)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(HOLDER_STATUS)
                    .table(Articles::Table)
                    .to_owned(),
            )
            .await
    }
}
