//! The `notice_recipients` table: one row per notice and recipient organisation, with the read
//! receipt (the first opening by any account of that organisation).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notice_recipients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub notice_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: i64,
    pub read_at: Option<DateTimeUtc>,
    pub read_by_id: Option<i64>,
    pub read_by_name: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
