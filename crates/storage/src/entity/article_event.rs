//! The `article_events` table: append-only history of transitions (who, which organisation
//! under the name it had then, when, from → to, comment).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "article_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub article_id: i64,
    pub at: DateTimeUtc,
    pub actor_id: i64,
    pub actor_name: String,
    pub org_id: i64,
    pub org_name: String,
    pub from_status: String,
    pub to_status: String,
    pub action: String,
    pub comment: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
