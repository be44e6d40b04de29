//! The `articles` table: the current state and text of each article.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "articles")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub campaign_id: i64,
    pub post_org_id: i64,
    pub author_id: i64,
    pub status: String,
    pub holder_org_id: Option<i64>,
    pub review_started: bool,
    pub title: String,
    /// `ArticleContent` as JSON.
    pub content: String,
    pub cover_media: Option<String>,
    pub word_count: i32,
    /// Bumped on every change: the optimistic-concurrency token.
    pub version: i32,
    /// How many versions have been submitted.
    pub revision: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
