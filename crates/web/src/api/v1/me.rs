//! `GET /api/v1/me`: who the token or session belongs to.

use crate::api::v1::doc;
use crate::auth::Caller;
use axum::Json;
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub account_id: i64,
    pub username: String,
    pub display_name: String,
    /// `submitter`, `reviewer` or `admin`.
    pub role: String,
    pub org_id: i64,
    pub org_code: String,
    pub org_name: String,
    /// `national`, `provincial`, `district` or `post`.
    pub org_kind: String,
}

#[utoipa::path(
    get,
    path = "/api/v1/me",
    tag = "accounts",
    responses(
        (status = 200, body = MeResponse, description = "The account behind the token or session"),
        (status = 401, body = crate::error::ErrorBody, description = doc::UNAUTHENTICATED),
        (status = 403, body = crate::error::ErrorBody, description = doc::FORBIDDEN)
    ),
    security(("bearer" = []))
)]
pub async fn get_me(caller: Caller) -> Json<MeResponse> {
    let who = caller.who;
    Json(MeResponse {
        account_id: who.account.id.0,
        username: who.account.username,
        display_name: who.account.display_name,
        role: who.account.role.as_str().to_string(),
        org_id: who.org.id.0,
        org_code: who.org.code,
        org_name: who.org.name,
        org_kind: who.org.kind.as_str().to_string(),
    })
}

#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    /// At least 10 characters with three of: upper case, lower case, digits, symbols; not one
    /// of the last five, not containing the username.
    pub new_password: String,
    pub repeat_password: String,
}

#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", request_body = ChangePasswordRequest,
    responses((status = 204, description = "Changed. Every session and token of the account ends, this token too: sign in again and issue a new one"),
              (status = 422, body = crate::error::ErrorBody, description = "Wrong current password, too weak, or the two differ (`invalid`, `password_refused`)")),
    security(("bearer" = [])))]
pub async fn change_my_password(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    caller: Caller,
    crate::api::v1::extract::ApiJson(request): crate::api::v1::extract::ApiJson<
        ChangePasswordRequest,
    >,
) -> Result<axum::http::StatusCode, crate::error::ApiError> {
    jinguo_service::auth::session::change_password(
        &state.ctx,
        &caller.who,
        None,
        &request.current_password,
        &request.new_password,
        &request.repeat_password,
        &caller.meta,
    )
    .await?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}
