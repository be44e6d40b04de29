//! Accounts over JSON: list my subtree's, add one to an organisation, disable, enable, reset a
//! password.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::{ApiJson, ApiPath, ApiQuery};
use crate::api::v1::orgs::OrgRefResponse;
use crate::api::v1::paging::Paging;
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use chrono::{DateTime, Utc};
use jinguo_domain::{AccountId, OrgId};
use jinguo_service::accounts::list::get_account_with_org;
use jinguo_service::accounts::{self, AccountDraft};
use jinguo_service::{Account, Org};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountResponse {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// `submitter`, `reviewer` or `admin`.
    pub role: String,
    pub org: OrgRefResponse,
    pub disabled: bool,
    /// Set for new accounts and after a reset: the holder must choose a password first.
    pub must_change_password: bool,
    /// Present while too many wrong passwords keep the account locked.
    pub locked_until: Option<String>,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

impl AccountResponse {
    fn of(account: &Account, org: &Org, now: DateTime<Utc>) -> Self {
        AccountResponse {
            id: account.id.0,
            username: account.username.clone(),
            display_name: account.display_name.clone(),
            role: account.role.as_str().to_string(),
            org: OrgRefResponse::of(org),
            disabled: account.disabled,
            must_change_password: account.must_change_password,
            locked_until: account.guard.is_locked(now).map(rfc3339),
            created_at: rfc3339(account.created_at),
            last_login_at: account.last_login_at.map(rfc3339),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountListResponse {
    pub items: Vec<AccountResponse>,
    /// Accounts matching the filter, on all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListAccountsQuery {
    /// Part of a username, a display name or an organisation name.
    pub q: Option<String>,
    /// 1-based page number (default 1).
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u64>,
    /// Rows per page, 1 to 100 (default 50).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u64>,
}

#[utoipa::path(
    get,
    path = "/api/v1/accounts",
    tag = "accounts",
    params(ListAccountsQuery),
    responses(
        (status = 200, body = AccountListResponse,
            description = "A page of the accounts of my subtree"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = "Admins only"),
        (status = 422, body = ErrorBody, description = doc::INVALID)
    ),
    security(("bearer" = []))
)]
pub async fn list_accounts(
    State(state): State<AppState>,
    caller: Caller,
    ApiQuery(query): ApiQuery<ListAccountsQuery>,
) -> Result<Json<AccountListResponse>, ApiError> {
    let paging = Paging::new(query.page, query.per_page)?;
    let q = query.q.unwrap_or_default();
    let listing =
        accounts::list_accounts(&state.ctx, &caller.who, &q, paging.page, paging.per_page).await?;
    let now = state.ctx.now();
    let items = listing
        .accounts
        .iter()
        .filter_map(|a| {
            listing
                .orgs
                .get(&a.org_id)
                .map(|org| AccountResponse::of(a, org, now))
        })
        .collect();
    Ok(Json(AccountListResponse {
        items,
        total: listing.total,
        page: paging.page,
        per_page: paging.per_page,
    }))
}

/// A new account; it must change its password at first login.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateAccountRequest {
    #[serde(default)]
    pub username: String,
    /// Defaults to the organisation's name.
    #[serde(default)]
    pub display_name: String,
    /// `submitter` (posts only), `reviewer` (federations only) or `admin`.
    #[serde(default)]
    pub role: String,
    /// The first, temporary password: letters and digits.
    #[serde(default)]
    pub password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/orgs/{id}/accounts",
    tag = "accounts",
    params(("id" = i64, Path, description = "The organisation the account belongs to")),
    request_body = CreateAccountRequest,
    responses(
        (status = 201, body = AccountResponse,
            description = "Created; it must change its password at first login"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
        (status = 422, body = ErrorBody,
            description = "Invalid fields or a username already in use")
    ),
    security(("bearer" = []))
)]
pub async fn create_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(org_id): ApiPath<i64>,
    ApiJson(request): ApiJson<CreateAccountRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let draft = AccountDraft {
        username: request.username,
        display_name: request.display_name,
        role: request.role,
        password: request.password,
    };
    let account =
        accounts::create_account(&state.ctx, &caller.who, OrgId(org_id), &draft, &caller.meta)
            .await?;
    Ok((
        StatusCode::CREATED,
        Json(answer(&state, &caller, account.id).await?),
    ))
}

#[utoipa::path(
    post,
    path = "/api/v1/accounts/{id}/disable",
    tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, body = AccountResponse, description = "Disabled and signed out everywhere"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND)
    ),
    security(("bearer" = []))
)]
pub async fn disable_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AccountResponse>, ApiError> {
    accounts::set_account_enabled(&state.ctx, &caller.who, AccountId(id), false, &caller.meta)
        .await?;
    Ok(Json(answer(&state, &caller, AccountId(id)).await?))
}

#[utoipa::path(
    post,
    path = "/api/v1/accounts/{id}/enable",
    tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    responses(
        (status = 200, body = AccountResponse, description = "Enabled"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND)
    ),
    security(("bearer" = []))
)]
pub async fn enable_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AccountResponse>, ApiError> {
    accounts::set_account_enabled(&state.ctx, &caller.who, AccountId(id), true, &caller.meta)
        .await?;
    Ok(Json(answer(&state, &caller, AccountId(id)).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResetPasswordRequest {
    /// A temporary password: letters and digits. The holder must change it at next login.
    #[serde(default)]
    pub password: String,
}

#[utoipa::path(
    post,
    path = "/api/v1/accounts/{id}/reset-password",
    tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Reset; every session of the account ended"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = doc::NOT_FOUND),
        (status = 422, body = ErrorBody, description = doc::INVALID)
    ),
    security(("bearer" = []))
)]
pub async fn reset_account_password(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(request): ApiJson<ResetPasswordRequest>,
) -> Result<StatusCode, ApiError> {
    accounts::reset_password(
        &state.ctx,
        &caller.who,
        AccountId(id),
        &request.password,
        &caller.meta,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn answer(
    state: &AppState,
    caller: &Caller,
    id: AccountId,
) -> Result<AccountResponse, ApiError> {
    let (account, org) = get_account_with_org(&state.ctx, &caller.who, id).await?;
    Ok(AccountResponse::of(&account, &org, state.ctx.now()))
}

#[utoipa::path(post, path = "/api/v1/accounts/{id}/unlock", tag = "accounts",
    params(("id" = i64, Path, description = "Account id")),
    responses((status = 200, body = AccountResponse, description = "The login lock lifted and the failures forgotten")),
    security(("bearer" = [])))]
pub async fn unlock_account(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<Json<AccountResponse>, ApiError> {
    accounts::unlock_account(&state.ctx, &caller.who, AccountId(id), &caller.meta).await?;
    Ok(Json(answer(&state, &caller, AccountId(id)).await?))
}
