//! Signing out: the session row is deleted and the cookie cleared.

use crate::auth::{Page, clear_session_cookie};
use crate::error::PageError;
use crate::state::AppState;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use jinguo_service::auth::logout;

pub async fn submit_logout(
    State(state): State<AppState>,
    page: Page,
    jar: CookieJar,
) -> Result<Response, PageError> {
    logout(&state.ctx, &page.token, &page.who, &page.meta).await?;
    Ok((jar.remove(clear_session_cookie()), Redirect::to("/login")).into_response())
}
