//! The province's recommendation lists (推荐名单): a `recommendations` row per article in a list,
//! with its place, the reason and when it was pushed (报送). Articles already recommended,
//! published or featured before this migration count as pushed (national saw them already), in
//! the order they were created.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Recommendations {
    Table,
    Id,
    ArticleId,
    ProvinceOrgId,
    CampaignId,
    Position,
    Reason,
    RecommendedAt,
    PushedAt,
    PushedBy,
}

#[derive(DeriveIden)]
enum Articles {
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
                    .table(Recommendations::Table)
                    .col(big_pk_auto(Recommendations::Id))
                    .col(big_integer_uniq(Recommendations::ArticleId))
                    .col(big_integer(Recommendations::ProvinceOrgId))
                    .col(big_integer(Recommendations::CampaignId))
                    .col(big_integer(Recommendations::Position))
                    .col(text(Recommendations::Reason))
                    .col(timestamp_with_time_zone(Recommendations::RecommendedAt))
                    .col(timestamp_with_time_zone_null(Recommendations::PushedAt))
                    .col(big_integer_null(Recommendations::PushedBy))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Recommendations::Table, Recommendations::ArticleId)
                            .to(Articles::Table, Articles::Id),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Recommendations::Table, Recommendations::ProvinceOrgId)
                            .to(Organisations::Table, Organisations::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_recommendations_list")
                    .table(Recommendations::Table)
                    .col(Recommendations::ProvinceOrgId)
                    .col(Recommendations::CampaignId)
                    .to_owned(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO recommendations \
                   (article_id, province_org_id, campaign_id, position, reason, recommended_at, \
                    pushed_at, pushed_by) \
                 SELECT id, holder_org_id, campaign_id, id, '', updated_at, updated_at, NULL \
                 FROM articles \
                 WHERE status IN ('recommended', 'published', 'featured') \
                   AND holder_org_id IS NOT NULL",
            )
            .await?;
        Ok(())
    }
}
