//! API bearer tokens issued to an account for integrations.

use crate::actor::{self, SignedIn};
use crate::audit::{self, RequestMeta, codes};
use crate::context::Ctx;
use crate::error::{ServiceError, ServiceResult};
use crate::secrets::{random_token, token_hash};
use chrono::Duration;
use jinguo_domain::validation::{FieldErrors, FieldIssue};
use jinguo_storage::repo::tokens::{self, ApiToken};

/// Prefix that makes leaked tokens easy to recognise in logs and scanners.
pub const TOKEN_PREFIX: &str = "jgt_";

/// Issues a token for the signed-in account, expiring after the configured lifetime (90 days
/// by default); the plain token is returned once.
pub async fn issue(
    ctx: &Ctx,
    who: &SignedIn,
    name: &str,
    meta: &RequestMeta,
) -> ServiceResult<(String, ApiToken)> {
    let name = name.trim();
    if name.is_empty() {
        return Err(FieldErrors::single("name", FieldIssue::Required).into());
    }
    if name.chars().count() > 80 {
        return Err(FieldErrors::single("name", FieldIssue::TooLong { max: 80 }).into());
    }
    let token = format!(
        "{TOKEN_PREFIX}{}",
        random_token().map_err(|e| ServiceError::Internal(e.to_string()))?
    );
    let txn = ctx.db.begin_write().await?;
    let now = ctx.now();
    let expires_at = now + Duration::days(ctx.settings.token_lifetime_days);
    let stored = tokens::insert(
        &txn,
        who.account.id,
        name,
        &token_hash(&token),
        now,
        expires_at,
    )
    .await?;
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::TOKEN_ISSUED,
        name,
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok((token, stored))
}

pub async fn list(ctx: &Ctx, who: &SignedIn) -> ServiceResult<Vec<ApiToken>> {
    Ok(tokens::list_for_account(&ctx.db.conn, who.account.id).await?)
}

pub async fn revoke(ctx: &Ctx, who: &SignedIn, id: i64, meta: &RequestMeta) -> ServiceResult<()> {
    let txn = ctx.db.begin_write().await?;
    if !tokens::revoke(&txn, who.account.id, id, ctx.now()).await? {
        return Err(ServiceError::NotFound);
    }
    audit::record(
        &txn,
        ctx,
        Some(who),
        &who.org,
        codes::TOKEN_REVOKED,
        &id.to_string(),
        "",
        meta,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The account behind a bearer token that is neither revoked nor expired.
pub async fn resolve_bearer(ctx: &Ctx, token: &str) -> ServiceResult<SignedIn> {
    let now = ctx.now();
    let stored = tokens::find_live_by_hash(&ctx.db.conn, &token_hash(token), now)
        .await?
        .ok_or(ServiceError::Unauthenticated)?;
    let who = actor::load(&ctx.db.conn, stored.account_id).await?;
    if stored
        .last_used_at
        .is_none_or(|at| now - at > Duration::minutes(5))
    {
        tokens::touch(&ctx.db.conn, stored.id, now).await?;
    }
    Ok(who)
}

/// The stored token as callers see it (never the token itself), for listing and answers.
pub use jinguo_storage::repo::tokens::ApiToken as IssuedToken;
