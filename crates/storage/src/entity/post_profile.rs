//! The `post_profiles` table: what SPEC §1 records for a 巾帼文明岗.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "post_profiles")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: i64,
    pub work_unit: String,
    pub industry: String,
    pub honour_level: String,
    pub year_named: Option<i32>,
    pub contact_person: String,
    pub contact_phone: String,
    pub military_or_classified: bool,
    pub revoked: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
