//! The `notices` table: a notice (通知) as issued, or a forward of another (`parent_id`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub issuer_org_id: i64,
    pub issuer_name: String,
    pub author_id: i64,
    pub author_name: String,
    pub parent_id: Option<i64>,
    pub title: String,
    pub body: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub issued_on: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
