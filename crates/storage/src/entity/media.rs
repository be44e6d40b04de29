//! The `media` table: one row per processed image; the original is kept privately.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "media")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub content_name: String,
    pub org_id: i64,
    pub uploaded_by: i64,
    pub original_key: String,
    pub original_format: String,
    pub original_bytes: i64,
    pub source_width: i32,
    pub source_height: i32,
    pub width: i32,
    pub height: i32,
    pub bytes: i64,
    pub blur_score: f64,
    pub blurry: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
