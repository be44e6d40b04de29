//! Who uploaded each image: a photo is stored once by content, but every post that uploaded the
//! same bytes owns it (may re-crop it, its reviewers may open the original). Existing images
//! keep their first uploader as owner.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum MediaUploads {
    Table,
    MediaId,
    OrgId,
    UploadedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Media {
    Table,
    Id,
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
                    .table(MediaUploads::Table)
                    .col(big_integer(MediaUploads::MediaId))
                    .col(big_integer(MediaUploads::OrgId))
                    .col(big_integer(MediaUploads::UploadedBy))
                    .col(timestamp_with_time_zone(MediaUploads::CreatedAt))
                    .primary_key(
                        Index::create()
                            .col(MediaUploads::MediaId)
                            .col(MediaUploads::OrgId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MediaUploads::Table, MediaUploads::MediaId)
                            .to(Media::Table, Media::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(MediaUploads::Table, MediaUploads::OrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO media_uploads (media_id, org_id, uploaded_by, created_at) \
                 SELECT id, org_id, uploaded_by, created_at FROM media",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(MediaUploads::Table).to_owned())
            .await
    }
}
