//! The `messages` table: the inbox (站内消息), addressed to an organisation; every account of it
//! sees the message and has its own read mark in `message_reads`.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "messages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub recipient_org_id: i64,
    pub kind: String,
    pub title: String,
    pub body: String,
    pub article_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
