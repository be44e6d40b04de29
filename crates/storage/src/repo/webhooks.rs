//! Webhooks: subscriptions, the outbox (an event and its deliveries, written inside the caller's
//! transaction), and the delivery queue that workers of every instance share. A worker takes a
//! delivery with a conditional `UPDATE` that succeeds only when the row is pending, due and not
//! leased (or its lease ran out), so two instances never send the same attempt; the attempt's
//! result is written only by the lease holder.

use crate::entity::{webhook_attempt, webhook_delivery, webhook_event, webhook_subscription};
use crate::error::{StorageError, StorageResult};
use chrono::{DateTime, Utc};
use jinguo_domain::webhook::EventType;
use jinguo_domain::{AccountId, Action, Permit};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use std::collections::HashMap;

pub type Subscription = webhook_subscription::Model;
pub type Event = webhook_event::Model;
pub type Delivery = webhook_delivery::Model;
pub type Attempt = webhook_attempt::Model;

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

fn require_manage(permit: &Permit) -> StorageResult<()> {
    if permit.action() == Action::ManageWebhooks {
        Ok(())
    } else {
        Err(StorageError::PermitMismatch(
            "permit is not for managing webhooks",
        ))
    }
}

/// The stored form of a set of event types: `,a,b,` (matched with `LIKE '%,a,%'`).
pub fn events_column(events: &[EventType]) -> String {
    let mut out = String::from(",");
    for e in EventType::ALL.iter().filter(|e| events.contains(e)) {
        out.push_str(e.as_str());
        out.push(',');
    }
    out
}

/// The event types of a stored subscription.
pub fn events_of(sub: &Subscription) -> Vec<EventType> {
    sub.events.split(',').filter_map(EventType::parse).collect()
}

#[derive(Debug, Clone)]
pub struct NewSubscription<'a> {
    pub url: &'a str,
    pub secret: &'a str,
    pub events: &'a [EventType],
    pub description: &'a str,
}

pub async fn create_subscription<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    new: &NewSubscription<'_>,
    created_by: AccountId,
    now: DateTime<Utc>,
) -> StorageResult<Subscription> {
    require_manage(permit)?;
    Ok(webhook_subscription::ActiveModel {
        url: Set(new.url.to_string()),
        secret: Set(new.secret.to_string()),
        events: Set(events_column(new.events)),
        description: Set(new.description.to_string()),
        active: Set(true),
        created_by: Set(created_by.0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// Disables or re-enables a subscription. A disabled one gets no new deliveries and its
/// pending ones wait (they resume, or fail past their deadline, when it is enabled again).
pub async fn set_active<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    id: i64,
    active: bool,
    now: DateTime<Utc>,
) -> StorageResult<Subscription> {
    require_manage(permit)?;
    let result = webhook_subscription::Entity::update_many()
        .col_expr(webhook_subscription::Column::Active, Expr::value(active))
        .col_expr(webhook_subscription::Column::UpdatedAt, Expr::value(now))
        .filter(webhook_subscription::Column::Id.eq(id))
        .exec(db)
        .await?;
    if result.rows_affected == 0 {
        return Err(StorageError::NotFound);
    }
    subscription(db, id).await?.ok_or(StorageError::NotFound)
}

pub async fn subscription<C: ConnectionTrait>(
    db: &C,
    id: i64,
) -> StorageResult<Option<Subscription>> {
    Ok(webhook_subscription::Entity::find_by_id(id).one(db).await?)
}

pub async fn subscriptions<C: ConnectionTrait>(db: &C) -> StorageResult<Vec<Subscription>> {
    Ok(webhook_subscription::Entity::find()
        .order_by_asc(webhook_subscription::Column::Id)
        .all(db)
        .await?)
}

/// Writes an event to the outbox and one pending delivery for each active subscription that
/// wants its type, all inside the caller's transaction. Delivery keys are `{nonce}_{subscription}`
/// (the nonce random per event, from the caller). Returns how many deliveries were queued.
pub async fn record_event<C: ConnectionTrait>(
    db: &C,
    event_type: EventType,
    article_id: i64,
    payload: &str,
    nonce: &str,
    now: DateTime<Utc>,
    give_up_at: DateTime<Utc>,
) -> StorageResult<u64> {
    let event = webhook_event::ActiveModel {
        event_type: Set(event_type.as_str().to_string()),
        article_id: Set(article_id),
        payload: Set(payload.to_string()),
        occurred_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let subscribers = webhook_subscription::Entity::find()
        .filter(webhook_subscription::Column::Active.eq(true))
        .filter(webhook_subscription::Column::Events.contains(format!(",{},", event_type.as_str())))
        .order_by_asc(webhook_subscription::Column::Id)
        .all(db)
        .await?;
    for sub in &subscribers {
        webhook_delivery::ActiveModel {
            delivery_key: Set(format!("{nonce}_{}", sub.id)),
            event_id: Set(event.id),
            subscription_id: Set(sub.id),
            status: Set(PENDING.to_string()),
            attempts: Set(0),
            next_attempt_at: Set(now),
            give_up_at: Set(give_up_at),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(subscribers.len() as u64)
}

fn lease_free(now: DateTime<Utc>) -> Condition {
    Condition::any()
        .add(webhook_delivery::Column::LeaseUntil.is_null())
        .add(webhook_delivery::Column::LeaseUntil.lt(now))
}

/// Pending deliveries due at `now`, not leased, of active subscriptions, oldest due first.
pub async fn due<C: ConnectionTrait>(
    db: &C,
    now: DateTime<Utc>,
    limit: u64,
) -> StorageResult<Vec<i64>> {
    Ok(webhook_delivery::Entity::find()
        .select_only()
        .column(webhook_delivery::Column::Id)
        .filter(webhook_delivery::Column::Status.eq(PENDING))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .filter(lease_free(now))
        .filter(
            webhook_delivery::Column::SubscriptionId.in_subquery(
                Query::select()
                    .column(webhook_subscription::Column::Id)
                    .from(webhook_subscription::Entity)
                    .and_where(webhook_subscription::Column::Active.eq(true))
                    .to_owned(),
            ),
        )
        .order_by_asc(webhook_delivery::Column::NextAttemptAt)
        .order_by_asc(webhook_delivery::Column::Id)
        .limit(limit)
        .into_tuple()
        .all(db)
        .await?)
}

/// Takes delivery `id` for `owner` until `lease_until`, if it is still pending, due and free.
/// One `UPDATE` whose condition is re-checked on the locked row (PostgreSQL) or under the
/// write lock (SQLite): of several workers, exactly one gets `true`.
pub async fn claim<C: ConnectionTrait>(
    db: &C,
    id: i64,
    owner: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> StorageResult<bool> {
    let result = webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::LeaseOwner, Expr::value(owner))
        .col_expr(
            webhook_delivery::Column::LeaseUntil,
            Expr::value(lease_until),
        )
        .filter(webhook_delivery::Column::Id.eq(id))
        .filter(webhook_delivery::Column::Status.eq(PENDING))
        .filter(webhook_delivery::Column::NextAttemptAt.lte(now))
        .filter(lease_free(now))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// A delivery with its event and subscription, for sending.
#[derive(Debug, Clone)]
pub struct ToSend {
    pub delivery: Delivery,
    pub event: Event,
    pub subscription: Subscription,
}

pub async fn to_send<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<ToSend>> {
    let Some(delivery) = webhook_delivery::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let event = webhook_event::Entity::find_by_id(delivery.event_id)
        .one(db)
        .await?
        .ok_or(StorageError::NotFound)?;
    let subscription = subscription(db, delivery.subscription_id)
        .await?
        .ok_or(StorageError::NotFound)?;
    Ok(Some(ToSend {
        delivery,
        event,
        subscription,
    }))
}

/// What one request brought back.
#[derive(Debug, Clone)]
pub struct AttemptRecord<'a> {
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    pub status_code: Option<i32>,
    pub response_excerpt: &'a str,
    pub error: Option<&'a str>,
    pub worker: &'a str,
}

/// Where the delivery goes after an attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    Delivered,
    RetryAt(DateTime<Utc>),
    Failed,
}

/// Records an attempt and moves the delivery on, releasing the lease. Returns false (the
/// attempt is still recorded) when `owner` no longer held the lease.
pub async fn finish_attempt<C: ConnectionTrait>(
    db: &C,
    delivery_id: i64,
    record: &AttemptRecord<'_>,
    next: Next,
    now: DateTime<Utc>,
) -> StorageResult<bool> {
    let error: Option<String> = record.error.map(|e| e.chars().take(500).collect());
    webhook_attempt::ActiveModel {
        delivery_id: Set(delivery_id),
        started_at: Set(record.started_at),
        duration_ms: Set(record.duration_ms),
        status_code: Set(record.status_code),
        response_excerpt: Set(record.response_excerpt.chars().take(500).collect()),
        error: Set(error.clone()),
        worker: Set(record.worker.chars().take(64).collect()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let mut update = webhook_delivery::Entity::update_many()
        .col_expr(
            webhook_delivery::Column::Attempts,
            Expr::col(webhook_delivery::Column::Attempts).add(1),
        )
        .col_expr(
            webhook_delivery::Column::LastStatusCode,
            Expr::value(record.status_code),
        )
        .col_expr(webhook_delivery::Column::LastError, Expr::value(error))
        .col_expr(
            webhook_delivery::Column::LeaseOwner,
            Expr::value(None::<String>),
        )
        .col_expr(
            webhook_delivery::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        );
    update = match next {
        Next::Delivered => update
            .col_expr(webhook_delivery::Column::Status, Expr::value(DELIVERED))
            .col_expr(webhook_delivery::Column::DeliveredAt, Expr::value(now)),
        Next::RetryAt(at) => {
            update.col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(at))
        }
        Next::Failed => update.col_expr(webhook_delivery::Column::Status, Expr::value(FAILED)),
    };
    let result = update
        .filter(webhook_delivery::Column::Id.eq(delivery_id))
        .filter(webhook_delivery::Column::LeaseOwner.eq(record.worker))
        .exec(db)
        .await?;
    Ok(result.rows_affected == 1)
}

/// 重新发送: the delivery (same key, same body) becomes pending and due now, with a new retry
/// window, unless a worker is sending it at this moment (`Conflict`).
pub async fn requeue<C: ConnectionTrait>(
    db: &C,
    permit: &Permit,
    id: i64,
    now: DateTime<Utc>,
    give_up_at: DateTime<Utc>,
) -> StorageResult<()> {
    require_manage(permit)?;
    let result = webhook_delivery::Entity::update_many()
        .col_expr(webhook_delivery::Column::Status, Expr::value(PENDING))
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::value(now))
        .col_expr(webhook_delivery::Column::GiveUpAt, Expr::value(give_up_at))
        .col_expr(
            webhook_delivery::Column::LeaseOwner,
            Expr::value(None::<String>),
        )
        .col_expr(
            webhook_delivery::Column::LeaseUntil,
            Expr::value(None::<DateTime<Utc>>),
        )
        .filter(webhook_delivery::Column::Id.eq(id))
        .filter(lease_free(now))
        .exec(db)
        .await?;
    if result.rows_affected == 1 {
        return Ok(());
    }
    match webhook_delivery::Entity::find_by_id(id).one(db).await? {
        Some(_) => Err(StorageError::Conflict("the delivery is being sent".into())),
        None => Err(StorageError::NotFound),
    }
}

/// A delivery as the list shows it.
#[derive(Debug, Clone)]
pub struct DeliveryView {
    pub delivery: Delivery,
    pub event_type: String,
    pub article_id: i64,
    pub url: String,
}

/// The latest deliveries, newest first.
pub async fn recent_deliveries<C: ConnectionTrait>(
    db: &C,
    limit: u64,
) -> StorageResult<Vec<DeliveryView>> {
    let deliveries = webhook_delivery::Entity::find()
        .order_by_desc(webhook_delivery::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    views(db, deliveries).await
}

pub async fn delivery<C: ConnectionTrait>(db: &C, id: i64) -> StorageResult<Option<DeliveryView>> {
    let found = webhook_delivery::Entity::find_by_id(id).one(db).await?;
    Ok(views(db, found.into_iter().collect()).await?.pop())
}

async fn views<C: ConnectionTrait>(
    db: &C,
    deliveries: Vec<Delivery>,
) -> StorageResult<Vec<DeliveryView>> {
    let event_ids: Vec<i64> = deliveries.iter().map(|d| d.event_id).collect();
    let events: HashMap<i64, Event> = webhook_event::Entity::find()
        .filter(webhook_event::Column::Id.is_in(event_ids))
        .all(db)
        .await?
        .into_iter()
        .map(|e| (e.id, e))
        .collect();
    let subs: HashMap<i64, Subscription> = subscriptions(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    Ok(deliveries
        .into_iter()
        .map(|d| {
            let event = events.get(&d.event_id);
            DeliveryView {
                event_type: event.map(|e| e.event_type.clone()).unwrap_or_default(),
                article_id: event.map_or(0, |e| e.article_id),
                url: subs
                    .get(&d.subscription_id)
                    .map(|s| s.url.clone())
                    .unwrap_or_default(),
                delivery: d,
            }
        })
        .collect())
}

/// Every attempt of a delivery, oldest first.
pub async fn attempts<C: ConnectionTrait>(db: &C, delivery_id: i64) -> StorageResult<Vec<Attempt>> {
    Ok(webhook_attempt::Entity::find()
        .filter(webhook_attempt::Column::DeliveryId.eq(delivery_id))
        .order_by_asc(webhook_attempt::Column::Id)
        .all(db)
        .await?)
}
