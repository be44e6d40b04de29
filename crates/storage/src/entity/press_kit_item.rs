//! The `press_kit_items` table: the articles of a press kit in their order, with how often
//! each of their files was downloaded.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "press_kit_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub kit_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub article_id: i64,
    pub position: i32,
    pub photo_downloads: i64,
    pub docx_downloads: i64,
    pub text_downloads: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
