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
    /// When it last went public (published or featured); None while it is not public.
    pub published_at: Option<DateTimeUtc>,
    /// When national featured it; None unless featured.
    pub featured_at: Option<DateTimeUtc>,
    /// The themes of a public article as `,key,key,` (for theme pages); None while not public.
    pub public_themes: Option<String>,
    /// The article's theme keys as `,key,key,` (empty without themes), for the queues' filter.
    pub theme_keys: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
