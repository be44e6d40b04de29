//! The `article_revisions` table: every submitted version, kept for reviewers' diffs.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "article_revisions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub article_id: i64,
    pub revision: i32,
    pub title: String,
    pub content: String,
    pub word_count: i32,
    pub submitted_at: DateTimeUtc,
    pub submitted_by: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
