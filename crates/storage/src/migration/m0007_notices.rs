//! Notices (通知): a notice issued by an organisation (structured blocks, contacts, a date, an
//! optional parent when it forwards another notice), its recipient organisations with the read
//! receipt of each (first opened when and by whom), and its attachments (content-addressed files
//! under the media folder).

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    IssuerOrgId,
    IssuerName,
    AuthorId,
    AuthorName,
    ParentId,
    Title,
    Body,
    ContactPerson,
    ContactPhone,
    IssuedOn,
    CreatedAt,
}

#[derive(DeriveIden)]
enum NoticeRecipients {
    Table,
    NoticeId,
    OrgId,
    ReadAt,
    ReadById,
    ReadByName,
}

#[derive(DeriveIden)]
enum NoticeAttachments {
    Table,
    Id,
    NoticeId,
    FileName,
    StoredName,
    Kind,
    SizeBytes,
    CreatedAt,
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
                    .table(Notices::Table)
                    .col(big_pk_auto(Notices::Id))
                    .col(big_integer(Notices::IssuerOrgId))
                    // The issuer's name when it issued the notice (names change, notices don't).
                    .col(string_len(Notices::IssuerName, 200))
                    .col(big_integer(Notices::AuthorId))
                    .col(string_len(Notices::AuthorName, 100))
                    .col(big_integer_null(Notices::ParentId))
                    .col(string_len(Notices::Title, 200))
                    // The body as JSON blocks (paragraph, subheading), never HTML.
                    .col(text(Notices::Body))
                    .col(string_len(Notices::ContactPerson, 100))
                    .col(string_len(Notices::ContactPhone, 100))
                    // The China date printed on the notice, `YYYY-MM-DD`.
                    .col(string_len(Notices::IssuedOn, 10))
                    .col(timestamp_with_time_zone(Notices::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notices::Table, Notices::IssuerOrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Notices::Table, Notices::ParentId)
                            .to(Notices::Table, Notices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notices_issuer")
                    .table(Notices::Table)
                    .col(Notices::IssuerOrgId)
                    .col(Notices::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NoticeRecipients::Table)
                    .col(big_integer(NoticeRecipients::NoticeId))
                    .col(big_integer(NoticeRecipients::OrgId))
                    .col(timestamp_with_time_zone_null(NoticeRecipients::ReadAt))
                    .col(big_integer_null(NoticeRecipients::ReadById))
                    .col(string_len(NoticeRecipients::ReadByName, 100).default(""))
                    .primary_key(
                        Index::create()
                            .col(NoticeRecipients::NoticeId)
                            .col(NoticeRecipients::OrgId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(NoticeRecipients::Table, NoticeRecipients::NoticeId)
                            .to(Notices::Table, Notices::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(NoticeRecipients::Table, NoticeRecipients::OrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notice_recipients_org")
                    .table(NoticeRecipients::Table)
                    .col(NoticeRecipients::OrgId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(NoticeAttachments::Table)
                    .col(big_pk_auto(NoticeAttachments::Id))
                    .col(big_integer(NoticeAttachments::NoticeId))
                    .col(string_len(NoticeAttachments::FileName, 255))
                    // The content-addressed file name under `media/attachments/`.
                    .col(string_len(NoticeAttachments::StoredName, 100))
                    // `pdf`, `doc`, `docx`, `xls`, `xlsx`, `jpg` or `png` (from the content).
                    .col(string_len(NoticeAttachments::Kind, 10))
                    .col(big_integer(NoticeAttachments::SizeBytes))
                    .col(timestamp_with_time_zone(NoticeAttachments::CreatedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(NoticeAttachments::Table, NoticeAttachments::NoticeId)
                            .to(Notices::Table, Notices::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_notice_attachments_notice")
                    .table(NoticeAttachments::Table)
                    .col(NoticeAttachments::NoticeId)
                    .to_owned(),
            )
            .await?;
        Ok(())
    }
}
