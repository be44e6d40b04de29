//! The delivery worker, one per instance (started by `serve`). Each round it lists due
//! deliveries, takes each with a database lease (`repo::webhooks::claim`: of several
//! instances exactly one gets it), sends it, and records the attempt: 2xx delivers it; any
//! other answer, a timeout or a network error schedules a retry by the backoff, or fails it
//! once the next try would fall past its deadline. A worker that dies mid-request leaves its
//! lease to run out, and the delivery is sent again — receivers dedupe on `X-Jinguo-Delivery`.

use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::webhooks::guard::PublicOnly;
use crate::webhooks::sign::signature;
use crate::webhooks::{RESPONSE_READ_LIMIT, WebhookSettings};
use chrono::{DateTime, Utc};
use jinguo_domain::webhook::check_target_url;
use jinguo_storage::repo::webhooks::{self, AttemptRecord, Next, ToSend};
use std::sync::Arc;
use std::time::Instant;

/// One instance's sender.
#[derive(Clone)]
pub struct Worker {
    ctx: Ctx,
    id: Arc<str>,
    client: reqwest::Client,
}

/// What one request brought back.
struct Sent {
    status: Option<u16>,
    excerpt: String,
    error: Option<String>,
}

impl Worker {
    /// A worker named `id` (unique per instance: it owns the leases it takes).
    pub fn new(ctx: Ctx, id: &str) -> ServiceResult<Worker> {
        let settings = &ctx.settings.webhooks;
        let client = reqwest::Client::builder()
            .timeout(settings.request_timeout)
            .connect_timeout(settings.request_timeout)
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .user_agent("jinguo-webhooks/1")
            .dns_resolver(Arc::new(PublicOnly {
                allow_private: settings.allow_private_targets,
            }))
            .build()
            .map_err(|e| ServiceError::Unavailable(format!("webhook client: {e}")))?;
        Ok(Worker {
            ctx,
            id: Arc::from(id),
            client,
        })
    }

    /// Runs until the process ends: a round, then waits for the poll interval or a move of
    /// this instance, whichever comes first.
    pub async fn run(self) {
        let poll = self.ctx.settings.webhooks.poll_interval;
        loop {
            // A round sends what is due; keep going while rounds find work.
            loop {
                match self.run_once().await {
                    Ok(0) => break,
                    Ok(_) => continue,
                    Err(err) => {
                        tracing::warn!(error = %err, "webhook delivery round failed");
                        break;
                    }
                }
            }
            tokio::select! {
                () = tokio::time::sleep(poll) => {},
                () = self.ctx.webhook_wake.notified() => {},
            }
        }
    }

    /// One round: takes the due deliveries it can and sends them (at most `concurrency` at a
    /// time). Returns how many attempts it made.
    pub async fn run_once(&self) -> ServiceResult<usize> {
        let settings = &self.ctx.settings.webhooks;
        let now = self.ctx.now();
        let due = webhooks::due(&self.ctx.db.conn, now, settings.concurrency as u64 * 4).await?;
        let mut claimed = Vec::new();
        for id in due {
            if claimed.len() >= settings.concurrency.max(1) {
                break;
            }
            let lease_until = now + chrono::Duration::from_std(settings.lease).unwrap_or_default();
            let txn = self.ctx.db.begin_write().await?;
            let taken = webhooks::claim(&txn, id, &self.id, now, lease_until).await?;
            txn.commit().await?;
            if taken {
                claimed.push(id);
            }
        }
        let count = claimed.len();
        let mut sends = tokio::task::JoinSet::new();
        for id in claimed {
            let worker = self.clone();
            sends.spawn(async move { worker.attempt(id).await });
        }
        while let Some(done) = sends.join_next().await {
            match done {
                Ok(Ok(())) => {}
                Ok(Err(err)) => tracing::warn!(error = %err, "webhook attempt not recorded"),
                Err(err) => tracing::warn!(error = %err, "webhook attempt task failed"),
            }
        }
        Ok(count)
    }

    async fn attempt(&self, id: i64) -> ServiceResult<()> {
        let Some(item) = webhooks::to_send(&self.ctx.db.conn, id).await? else {
            return Ok(());
        };
        let started_at = self.ctx.now();
        let clock = Instant::now();
        let sent = self.send(&item, started_at).await;
        let duration_ms = i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX);
        let now = self.ctx.now();
        let ok = sent.status.is_some_and(|s| (200..300).contains(&s));
        let next = if ok {
            Next::Delivered
        } else {
            next_after_failure(
                &self.ctx.settings.webhooks,
                item.delivery.attempts + 1,
                now,
                item.delivery.give_up_at,
            )
        };
        let record = AttemptRecord {
            started_at,
            duration_ms,
            status_code: sent.status.map(i32::from),
            response_excerpt: &sent.excerpt,
            error: sent.error.as_deref(),
            worker: &self.id,
        };
        let txn = self.ctx.db.begin_write().await?;
        let kept = webhooks::finish_attempt(&txn, id, &record, next, now).await?;
        txn.commit().await?;
        if !kept {
            tracing::warn!(
                webhook.delivery = id,
                "webhook lease lost before the attempt was recorded"
            );
        }
        tracing::info!(
            webhook.delivery = %item.delivery.delivery_key,
            webhook.event = %item.event.event_type,
            http.status = sent.status.unwrap_or(0),
            duration_ms,
            delivered = ok,
            "webhook attempt"
        );
        Ok(())
    }

    async fn send(&self, item: &ToSend, at: DateTime<Utc>) -> Sent {
        let failed = |error: String| Sent {
            status: None,
            excerpt: String::new(),
            error: Some(error),
        };
        let settings = &self.ctx.settings.webhooks;
        let url = &item.subscription.url;
        if let Err(refused) = check_target_url(url, settings.allow_private_targets) {
            return failed(format!("refused address: {refused}"));
        }
        let body = body_of(item);
        let timestamp = at.timestamp();
        let request = self
            .client
            .post(url.as_str())
            .header("Content-Type", "application/json")
            .header("X-Jinguo-Event", item.event.event_type.as_str())
            .header("X-Jinguo-Delivery", item.delivery.delivery_key.as_str())
            .header("X-Jinguo-Timestamp", timestamp.to_string())
            .header(
                "X-Jinguo-Signature",
                signature(&item.subscription.secret, timestamp, body.as_bytes()),
            )
            .body(body);
        let mut response = match request.send().await {
            Ok(response) => response,
            Err(err) => return failed(describe(&err)),
        };
        let status = response.status().as_u16();
        let mut bytes = Vec::new();
        let mut error = None;
        while bytes.len() < RESPONSE_READ_LIMIT {
            match response.chunk().await {
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                Ok(None) => break,
                Err(err) => {
                    error = Some(describe(&err));
                    break;
                }
            }
        }
        bytes.truncate(RESPONSE_READ_LIMIT);
        Sent {
            status: Some(status),
            excerpt: String::from_utf8_lossy(&bytes).chars().take(500).collect(),
            error,
        }
    }
}

/// The JSON body of a delivery: the same for every attempt of it.
pub fn body_of(item: &ToSend) -> String {
    let data: serde_json::Value =
        serde_json::from_str(&item.event.payload).unwrap_or(serde_json::Value::Null);
    serde_json::json!({
        "event": item.event.event_type,
        "delivery_id": item.delivery.delivery_key,
        "occurred_at": item.event.occurred_at.to_rfc3339(),
        "data": data,
    })
    .to_string()
}

/// After the `failures`-th failed attempt: the next try by the backoff, or failed when that
/// would fall past the deadline.
fn next_after_failure(
    settings: &WebhookSettings,
    failures: i32,
    now: DateTime<Utc>,
    give_up_at: DateTime<Utc>,
) -> Next {
    let wait = settings
        .backoff
        .wait_after(u32::try_from(failures).unwrap_or(u32::MAX));
    let at = now + chrono::Duration::seconds(wait);
    if at > give_up_at {
        Next::Failed
    } else {
        Next::RetryAt(at)
    }
}

/// A request error with its causes (“error sending request: connection refused”).
fn describe(err: &reqwest::Error) -> String {
    let mut text = err.to_string();
    let mut source = std::error::Error::source(err);
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    if err.is_timeout() {
        text.insert_str(0, "timeout: ");
    }
    text
}
