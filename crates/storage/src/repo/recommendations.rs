//! A province's recommendation list (推荐名单): rows in order with the reason, added when the
//! province recommends, removed when the article leaves the list, pushed (报送) to national.

use crate::entity::recommendation;
use crate::error::{StorageError, StorageResult};
use crate::repo::marks::bump_lists;
use crate::repo::require;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, Action, OrgId, Permit};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

pub type Recommendation = recommendation::Model;

/// Puts an article at the end of its province's list for a campaign (not yet pushed).
pub async fn add<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    article_id: i64,
    campaign_id: i64,
    now: DateTime<Utc>,
) -> StorageResult<()> {
    require(permit, Action::ReviewArticles, permit.org())?;
    let province = permit.org();
    let last: Option<Option<i64>> = recommendation::Entity::find()
        .select_only()
        .column_as(recommendation::Column::Position.max(), "p")
        .filter(recommendation::Column::ProvinceOrgId.eq(province.0))
        .filter(recommendation::Column::CampaignId.eq(campaign_id))
        .into_tuple()
        .one(db)
        .await?;
    recommendation::ActiveModel {
        article_id: Set(article_id),
        province_org_id: Set(province.0),
        campaign_id: Set(campaign_id),
        position: Set(last.flatten().unwrap_or(0) + 1),
        reason: Set(String::new()),
        recommended_at: Set(now),
        pushed_at: Set(None),
        pushed_by: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    bump_lists(db).await
}

/// Takes an article out of whatever list it is in (a no-op when it is in none): a review move
/// of the province (recall) or of national (return to the province, reject, unpublish).
pub async fn remove<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    article_id: i64,
) -> StorageResult<()> {
    if permit.action() != Action::ReviewArticles {
        return Err(StorageError::PermitMismatch("not a review permit"));
    }
    let Some(row) = for_article(db, article_id).await? else {
        return Ok(());
    };
    recommendation::Entity::delete_many()
        .filter(recommendation::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    // The rows after it move up one place, so the list stays numbered 1, 2, 3 … as the page
    // and the API show it.
    recommendation::Entity::update_many()
        .col_expr(
            recommendation::Column::Position,
            Expr::col(recommendation::Column::Position).sub(1),
        )
        .filter(recommendation::Column::ProvinceOrgId.eq(row.province_org_id))
        .filter(recommendation::Column::CampaignId.eq(row.campaign_id))
        .filter(recommendation::Column::Position.gt(row.position))
        .exec(db)
        .await?;
    bump_lists(db).await
}

pub async fn for_article<C: ConnectionTrait>(
    db: &C,
    article_id: i64,
) -> StorageResult<Option<Recommendation>> {
    Ok(recommendation::Entity::find()
        .filter(recommendation::Column::ArticleId.eq(article_id))
        .one(db)
        .await?)
}

/// A province's list for a campaign, in order.
pub async fn list<C: ConnectionTrait>(
    db: &C,
    province: OrgId,
    campaign_id: i64,
) -> StorageResult<Vec<Recommendation>> {
    Ok(recommendation::Entity::find()
        .filter(recommendation::Column::ProvinceOrgId.eq(province.0))
        .filter(recommendation::Column::CampaignId.eq(campaign_id))
        .order_by_asc(recommendation::Column::Position)
        .order_by_asc(recommendation::Column::Id)
        .all(db)
        .await?)
}

/// Writes the reason of one row of the permit's province.
pub async fn set_reason<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    row: &Recommendation,
    reason: &str,
) -> StorageResult<()> {
    require(permit, Action::ReviewArticles, OrgId(row.province_org_id))?;
    recommendation::Entity::update_many()
        .col_expr(recommendation::Column::Reason, Expr::value(reason))
        .filter(recommendation::Column::Id.eq(row.id))
        .exec(db)
        .await?;
    bump_lists(db).await
}

/// Numbers the rows 1, 2, 3 … in the order given (rows of the permit's province only).
pub async fn renumber<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    ordered: &[Recommendation],
) -> StorageResult<()> {
    for (index, row) in ordered.iter().enumerate() {
        require(permit, Action::ReviewArticles, OrgId(row.province_org_id))?;
        let position = i64::try_from(index).unwrap_or(i64::MAX - 1) + 1;
        if row.position != position {
            recommendation::Entity::update_many()
                .col_expr(recommendation::Column::Position, Expr::value(position))
                .filter(recommendation::Column::Id.eq(row.id))
                .exec(db)
                .await?;
        }
    }
    bump_lists(db).await
}

/// Marks the given rows of the permit's province as pushed (those not pushed yet).
pub async fn push<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    row_ids: &[i64],
    by: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<u64> {
    require(permit, Action::ReviewArticles, permit.org())?;
    let result = recommendation::Entity::update_many()
        .col_expr(recommendation::Column::PushedAt, Expr::value(Some(now)))
        .col_expr(recommendation::Column::PushedBy, Expr::value(Some(by.0)))
        .filter(recommendation::Column::Id.is_in(row_ids.to_vec()))
        .filter(recommendation::Column::ProvinceOrgId.eq(permit.org().0))
        .filter(recommendation::Column::PushedAt.is_null())
        .exec(db)
        .await?;
    bump_lists(db).await?;
    Ok(result.rows_affected)
}

/// The ids of articles whose province has pushed them, as a subquery.
pub fn pushed_article_ids() -> SelectStatement {
    Query::select()
        .column(recommendation::Column::ArticleId)
        .from(recommendation::Entity)
        .and_where(recommendation::Column::PushedAt.is_not_null())
        .to_owned()
}
