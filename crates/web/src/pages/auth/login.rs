//! The login page and its form.

use crate::auth::{Auth, DEVICE_COOKIE, Meta, device_cookie, session_cookie};
use crate::messages;
use crate::pages::auth::next::safe_next;
use crate::pages::chrome::Chrome;
use crate::pages::render::render;
use crate::state::AppState;
use askama::Template;
use axum::Extension;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use jinguo_service::ServiceError;
use jinguo_service::auth::login;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/auth/login.html")]
pub struct LoginPage {
    pub chrome: Chrome,
    pub username: String,
    pub next: String,
    pub message: String,
    pub expired: bool,
}

#[derive(Debug, Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    pub next: String,
    #[serde(default)]
    pub expired: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub next: String,
}

pub async fn show_login(
    Extension(auth): Extension<Auth>,
    Query(query): Query<LoginQuery>,
) -> Response {
    if matches!(auth, Auth::Session { .. }) {
        return Redirect::to("/workbench").into_response();
    }
    let page = LoginPage {
        chrome: Chrome::public("登录"),
        username: String::new(),
        next: query.next,
        message: String::new(),
        expired: query.expired.is_some(),
    };
    render(StatusCode::OK, &page)
}

pub async fn submit_login(
    State(state): State<AppState>,
    Meta(meta): Meta,
    jar: CookieJar,
    Form(form): Form<LoginForm>,
) -> Response {
    let device = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    match login(
        &state.ctx,
        &form.username,
        &form.password,
        device.as_deref(),
        &meta,
    )
    .await
    {
        Ok(session) => {
            let cookie = session_cookie(
                session.token,
                state.ctx.settings.session_idle_minutes,
                state.web.cookie_secure,
            );
            let jar = match session.new_device {
                Some(device) => jar.add(device_cookie(device, state.web.cookie_secure)),
                None => jar,
            };
            let target = if session.must_change_password {
                "/account/password".to_string()
            } else {
                safe_next(&form.next)
            };
            (jar.add(cookie), Redirect::to(&target)).into_response()
        }
        Err(err) => {
            let status = match &err {
                ServiceError::LoginFailed { .. }
                | ServiceError::AccountLocked { .. }
                | ServiceError::AccountDisabled => StatusCode::UNAUTHORIZED,
                other => crate::error::classify(other).0,
            };
            let page = LoginPage {
                chrome: Chrome::public("登录"),
                username: form.username,
                next: form.next,
                message: messages::error(&err),
                expired: false,
            };
            render(status, &page)
        }
    }
}
