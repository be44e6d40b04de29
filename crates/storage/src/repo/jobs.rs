//! Runs of scheduled jobs. Claiming a run inserts its unique key; when another instance has
//! claimed it already (committed, or still in its transaction) the claim says no.

use crate::entity::job_run;
use crate::error::StorageResult;
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};

/// Claims the run of `job` for (campaign, China date, days before). `true`: this caller does the
/// work, in the same transaction; `false`: the run was done (or is being done) elsewhere.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    job: &str,
    campaign_id: i64,
    date: NaiveDate,
    days_before: i32,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    let inserted = job_run::Entity::insert(job_run::ActiveModel {
        job: Set(job.to_string()),
        campaign_id: Set(campaign_id),
        run_date: Set(date.format("%Y-%m-%d").to_string()),
        days_before: Set(days_before),
        created_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            job_run::Column::Job,
            job_run::Column::CampaignId,
            job_run::Column::RunDate,
            job_run::Column::DaysBefore,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(inserted == 1)
}
