//! Webhook subscriptions: national admins list, add, disable and re-enable them; every change
//! is in the audit log. The secret is generated (or typed by the admin), shown once at
//! creation, and stored as it is: HMAC needs the secret itself, so it cannot be hashed; it is
//! never shown again (only its last four characters), and backups hold it like the rest.

use crate::actor::{SignedIn, permit_for};
use crate::audit::{self, RequestMeta};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use jinguo_domain::Action;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_domain::webhook::{EventType, MAX_URL_CHARS, check_target_url};
use jinguo_storage::repo::webhooks::{self, NewSubscription, Subscription};

/// Shortest secret an admin may type.
pub const MIN_SECRET_CHARS: usize = 16;
/// Longest secret an admin may type.
pub const MAX_SECRET_CHARS: usize = 200;
/// Longest description (“中国妇女网”, “浙江省妇联门户”).
pub const MAX_DESCRIPTION_CHARS: usize = 100;

/// What the admin typed into the form.
#[derive(Debug, Clone, Default)]
pub struct SubscriptionInput {
    pub url: String,
    pub description: String,
    /// Empty: generate one.
    pub secret: String,
    pub events: Vec<EventType>,
}

/// A new subscription and its secret, to show once.
#[derive(Debug, Clone)]
pub struct Created {
    pub subscription: Subscription,
    pub secret: String,
}

pub async fn list(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<Subscription>> {
    permit_for(&who.actor, Action::ManageWebhooks, &who.org)?;
    Ok(webhooks::subscriptions(&ctx.db.conn).await?)
}

fn check(ctx: &Ctx, input: &SubscriptionInput) -> ServiceResult<(String, String, String)> {
    let mut errors = FieldErrors::default();
    let url = input.url.trim().to_string();
    if url.is_empty() {
        errors.add("url", FieldIssue::Required);
    } else if url.chars().count() > MAX_URL_CHARS {
        errors.add("url", FieldIssue::TooLong { max: MAX_URL_CHARS });
    } else if let Err(refused) = check_target_url(&url, ctx.settings.webhooks.allow_private_targets)
    {
        errors.add("url", FieldIssue::WebhookUrl { refused });
    }
    let description = input.description.trim().to_string();
    if description.chars().count() > MAX_DESCRIPTION_CHARS {
        errors.add(
            "description",
            FieldIssue::TooLong {
                max: MAX_DESCRIPTION_CHARS,
            },
        );
    } else if let Err(issue) = jinguo_domain::validation::check_one_line(&description) {
        errors.add("description", issue);
    }
    let secret = input.secret.trim().to_string();
    let n = secret.chars().count();
    if n > 0 && n < MIN_SECRET_CHARS {
        errors.add(
            "secret",
            FieldIssue::TooShort {
                min: MIN_SECRET_CHARS,
            },
        );
    } else if n > MAX_SECRET_CHARS {
        errors.add(
            "secret",
            FieldIssue::TooLong {
                max: MAX_SECRET_CHARS,
            },
        );
    } else if secret.chars().any(|c| c.is_control()) {
        errors.add("secret", FieldIssue::NotAllowedHere);
    }
    if input.events.is_empty() {
        errors.add("events", FieldIssue::ChooseAtLeastOne);
    }
    if !errors.is_empty() {
        return Err(ServiceError::Invalid(errors));
    }
    let secret = if secret.is_empty() {
        let token = crate::secrets::random_token()
            .map_err(|e| ServiceError::Unavailable(format!("random: {e}")))?;
        format!("whsec_{token}")
    } else {
        secret
    };
    Ok((url, description, secret))
}

/// Registers a subscriber. National admins only; audited (the secret never is).
pub async fn create(
    ctx: &Ctx,
    who: &SignedIn,
    input: &SubscriptionInput,
    meta: &RequestMeta,
) -> ServiceResult<Created> {
    let permit = permit_for(&who.actor, Action::ManageWebhooks, &who.org)?;
    let (url, description, secret) = check(ctx, input)?;
    let txn = ctx.db.begin_write().await?;
    let subscription = webhooks::create_subscription(
        &txn,
        &permit,
        &NewSubscription {
            url: &url,
            secret: &secret,
            events: &input.events,
            description: &description,
        },
        who.account.id,
        ctx.now(),
    )
    .await?;
    let events: Vec<&str> = webhooks::events_of(&subscription)
        .iter()
        .map(|e| e.as_str())
        .collect();
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        audit::codes::WEBHOOK_CREATED,
        &url,
        &events.join(" "),
        meta,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(webhook.id = subscription.id, "webhook subscription created");
    Ok(Created {
        subscription,
        secret,
    })
}

/// Disables (`active = false`) or re-enables a subscription. National admins only; audited.
pub async fn set_active(
    ctx: &Ctx,
    who: &SignedIn,
    id: i64,
    active: bool,
    meta: &RequestMeta,
) -> ServiceResult<Subscription> {
    let permit = permit_for(&who.actor, Action::ManageWebhooks, &who.org)?;
    let txn = ctx.db.begin_write().await?;
    let subscription = webhooks::set_active(&txn, &permit, id, active, ctx.now()).await?;
    let code = if active {
        audit::codes::WEBHOOK_ENABLED
    } else {
        audit::codes::WEBHOOK_DISABLED
    };
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        code,
        &subscription.url,
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(subscription)
}

/// The last four characters of a secret, for the list (“…9f3a”).
pub fn secret_hint(sub: &Subscription) -> String {
    let tail: Vec<char> = sub.secret.chars().rev().take(4).collect();
    format!("…{}", tail.into_iter().rev().collect::<String>())
}
