//! The `recommendations` table: one row per article in a province's list (推荐名单), with its
//! place, the province's reason and when it was pushed (报送) to national.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "recommendations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Unique: an article is in at most one list.
    pub article_id: i64,
    pub province_org_id: i64,
    pub campaign_id: i64,
    /// Ascending order in the list; gaps allowed, ties broken by `id`.
    pub position: i64,
    pub reason: String,
    pub recommended_at: DateTimeUtc,
    /// `None` until the province pushes it; national sees it from then on.
    pub pushed_at: Option<DateTimeUtc>,
    pub pushed_by: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
