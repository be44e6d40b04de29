//! The inbox (站内消息): messages addressed to an organisation, each account's read marks, and
//! the runs of scheduled jobs (a unique key per run, so several instances run a job once).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Messages {
    Table,
    Id,
    RecipientOrgId,
    Kind,
    Title,
    Body,
    ArticleId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum MessageReads {
    Table,
    MessageId,
    AccountId,
    ReadAt,
}

#[derive(DeriveIden)]
enum JobRuns {
    Table,
    Id,
    Job,
    CampaignId,
    RunDate,
    DaysBefore,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Organisations {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Articles {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Messages::Table)
                    .col(big_pk_auto(Messages::Id))
                    // Every account of the recipient organisation sees the message.
                    .col(big_integer(Messages::RecipientOrgId))
                    .col(string_len(Messages::Kind, 24))
                    .col(string_len(Messages::Title, 300))
                    .col(text(Messages::Body))
                    .col(big_integer_null(Messages::ArticleId))
                    .col(timestamp_with_time_zone(Messages::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::RecipientOrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Messages::Table, Messages::ArticleId)
                            .to(Articles::Table, Articles::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_messages_recipient")
                    .table(Messages::Table)
                    .col(Messages::RecipientOrgId)
                    .col(Messages::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(MessageReads::Table)
                    .col(big_integer(MessageReads::MessageId))
                    .col(big_integer(MessageReads::AccountId))
                    .col(timestamp_with_time_zone(MessageReads::ReadAt))
                    .primary_key(
                        Index::create()
                            .col(MessageReads::MessageId)
                            .col(MessageReads::AccountId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MessageReads::Table, MessageReads::MessageId)
                            .to(Messages::Table, Messages::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MessageReads::Table, MessageReads::AccountId)
                            .to(Accounts::Table, Accounts::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_message_reads_account")
                    .table(MessageReads::Table)
                    .col(MessageReads::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(JobRuns::Table)
                    .col(big_pk_auto(JobRuns::Id))
                    .col(string_len(JobRuns::Job, 40))
                    .col(big_integer(JobRuns::CampaignId))
                    // The China date the run is for, `YYYY-MM-DD`.
                    .col(string_len(JobRuns::RunDate, 10))
                    .col(integer(JobRuns::DaysBefore))
                    .col(timestamp_with_time_zone(JobRuns::CreatedAt))
                    .index(
                        Index::create()
                            .name("uq_job_runs")
                            .col(JobRuns::Job)
                            .col(JobRuns::CampaignId)
                            .col(JobRuns::RunDate)
                            .col(JobRuns::DaysBefore)
                            .unique(),
                    )
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
