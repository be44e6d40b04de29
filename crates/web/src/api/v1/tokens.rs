//! My API bearer tokens over JSON: list, issue (the plain token is shown once), revoke.

use crate::api::v1::dates::rfc3339;
use crate::api::v1::doc;
use crate::api::v1::extract::{ApiJson, ApiPath};
use crate::auth::Caller;
use crate::error::{ApiError, ErrorBody};
use crate::state::AppState;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use jinguo_service::auth::tokens::{self, IssuedToken};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub id: i64,
    pub name: String,
    pub created_at: String,
    /// Updated at most every five minutes.
    pub last_used_at: Option<String>,
    pub revoked_at: Option<String>,
    /// After this the token answers 401 (90 days after issue by default).
    pub expires_at: String,
}

impl TokenResponse {
    fn of(token: &IssuedToken) -> Self {
        TokenResponse {
            id: token.id,
            name: token.name.clone(),
            created_at: rfc3339(token.created_at),
            last_used_at: token.last_used_at.map(rfc3339),
            revoked_at: token.revoked_at.map(rfc3339),
            expires_at: rfc3339(token.expires_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenListResponse {
    /// Mine, revoked ones included; never the tokens themselves.
    pub items: Vec<TokenResponse>,
    pub total: u64,
}

#[utoipa::path(
    get,
    path = "/api/v1/tokens",
    tag = "tokens",
    responses(
        (status = 200, body = TokenListResponse, description = "My tokens, revoked ones included"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN)
    ),
    security(("bearer" = []))
)]
pub async fn list_tokens(
    State(state): State<AppState>,
    caller: Caller,
) -> Result<Json<TokenListResponse>, ApiError> {
    let items: Vec<_> = tokens::list(&state.ctx, &caller.who)
        .await?
        .iter()
        .map(TokenResponse::of)
        .collect();
    Ok(Json(TokenListResponse {
        total: items.len() as u64,
        items,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IssueTokenRequest {
    /// What the token is for, e.g. the name of the integration (at most 80 characters).
    #[serde(default)]
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct IssueTokenResponse {
    /// Send as `Authorization: Bearer …`. Shown this once: only its hash is stored.
    pub token: String,
    pub details: TokenResponse,
}

#[utoipa::path(
    post,
    path = "/api/v1/tokens",
    tag = "tokens",
    request_body = IssueTokenRequest,
    responses(
        (status = 201, body = IssueTokenResponse,
            description = "Issued; the token is in this answer only"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 422, body = ErrorBody, description = doc::INVALID)
    ),
    security(("bearer" = []))
)]
pub async fn issue_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(request): ApiJson<IssueTokenRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let (token, stored) =
        tokens::issue(&state.ctx, &caller.who, &request.name, &caller.meta).await?;
    Ok((
        StatusCode::CREATED,
        Json(IssueTokenResponse {
            token,
            details: TokenResponse::of(&stored),
        }),
    ))
}

#[utoipa::path(
    delete,
    path = "/api/v1/tokens/{id}",
    tag = "tokens",
    params(("id" = i64, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked: it answers 401 from now on"),
        (status = 401, body = ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = ErrorBody, description = doc::FORBIDDEN),
        (status = 404, body = ErrorBody, description = "Not mine, or revoked already")
    ),
    security(("bearer" = []))
)]
pub async fn revoke_token(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    tokens::revoke(&state.ctx, &caller.who, id, &caller.meta).await?;
    Ok(StatusCode::NO_CONTENT)
}
