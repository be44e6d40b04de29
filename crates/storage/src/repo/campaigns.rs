//! Campaigns and columns with their rules.

use crate::entity::campaign;
use crate::error::{StorageError, StorageResult};
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::campaign::CampaignRules;
use jinguo_domain::{Action, OrgId, Permit};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Campaign {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub rules: CampaignRules,
    pub sort_order: i32,
    /// The version an edit form carries (optimistic concurrency).
    pub updated_at: DateTime<Utc>,
}

fn to_campaign(m: campaign::Model) -> StorageResult<Campaign> {
    let rules = serde_json::from_str(&m.rules)
        .map_err(|e| StorageError::Corrupt(format!("campaign {} rules: {e}", m.id)))?;
    Ok(Campaign {
        id: m.id,
        slug: m.slug,
        name: m.name,
        description: m.description,
        rules,
        sort_order: m.sort_order,
        updated_at: m.updated_at,
    })
}

/// Fields of a new or edited campaign.
pub struct CampaignFields<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub description: &'a str,
    pub rules: &'a CampaignRules,
    pub sort_order: i32,
}

fn rules_json(rules: &CampaignRules) -> StorageResult<String> {
    serde_json::to_string(rules).map_err(|e| StorageError::Corrupt(e.to_string()))
}

pub async fn list<C: ConnectionTrait>(db: &C) -> StorageResult<Vec<Campaign>> {
    campaign::Entity::find()
        .order_by_asc(campaign::Column::SortOrder)
        .order_by_desc(campaign::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(to_campaign)
        .collect()
}

pub async fn get<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<Campaign>> {
    campaign::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(to_campaign)
        .transpose()
}

pub async fn get_by_slug<C: ConnectionTrait>(
    db: &C,
    slug: &str,
) -> StorageResult<Option<Campaign>> {
    campaign::Entity::find()
        .filter(campaign::Column::Slug.eq(slug))
        .one(db)
        .await?
        .map(to_campaign)
        .transpose()
}

/// Adds a campaign; the permit is `ManageCampaigns` on the root.
pub async fn insert<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    root: OrgId,
    fields: &CampaignFields<'_>,
    now: DateTime<Utc>,
) -> StorageResult<Campaign> {
    require(permit, Action::ManageCampaigns, root)?;
    let model = campaign::ActiveModel {
        slug: Set(fields.slug.to_string()),
        name: Set(fields.name.to_string()),
        description: Set(fields.description.to_string()),
        rules: Set(rules_json(fields.rules)?),
        sort_order: Set(fields.sort_order),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    to_campaign(model)
}

/// Updates the campaign if it is still at the version `read` (the caller's copy); false when
/// someone else saved it meanwhile, so nobody's edit is overwritten unseen.
pub async fn update<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    root: OrgId,
    read: &Campaign,
    fields: &CampaignFields<'_>,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    require(permit, Action::ManageCampaigns, root)?;
    let result = campaign::Entity::update_many()
        .col_expr(campaign::Column::Slug, fields.slug.into())
        .col_expr(campaign::Column::Name, fields.name.into())
        .col_expr(campaign::Column::Description, fields.description.into())
        .col_expr(campaign::Column::Rules, rules_json(fields.rules)?.into())
        .col_expr(campaign::Column::SortOrder, fields.sort_order.into())
        .col_expr(campaign::Column::UpdatedAt, now.into())
        .filter(campaign::Column::Id.eq(read.id))
        .filter(campaign::Column::UpdatedAt.eq(read.updated_at))
        .exec(db)
        .await?;
    Ok(result.rows_affected > 0)
}
