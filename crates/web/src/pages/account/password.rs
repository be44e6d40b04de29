//! Changing one's own password (forced at first login and after a reset).

use crate::auth::Page;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_service::auth::session::change_password;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "pages/auth/change_password.html")]
pub struct ChangePasswordPage {
    pub chrome: Chrome,
    pub forced: bool,
    pub done: bool,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct DoneQuery {
    pub done: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ChangePasswordForm {
    #[serde(default)]
    pub current_password: String,
    #[serde(default)]
    pub new_password: String,
    #[serde(default)]
    pub repeat_password: String,
}

pub async fn show_change_password(page: Page, Query(query): Query<DoneQuery>) -> Response {
    let view = ChangePasswordPage {
        chrome: Chrome::signed_in("修改密码", &page, "password"),
        forced: page.who.account.must_change_password,
        done: query.done.is_some(),
        errors: FormErrors::default(),
    };
    render(StatusCode::OK, &view)
}

pub async fn submit_change_password(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<ChangePasswordForm>,
) -> Response {
    let result = change_password(
        &state.ctx,
        &page.who,
        Some(&page.token),
        &form.current_password,
        &form.new_password,
        &form.repeat_password,
        &page.meta,
    )
    .await;
    match result {
        Ok(()) if page.who.account.must_change_password => {
            Redirect::to("/workbench").into_response()
        }
        Ok(()) => Redirect::to("/account/password?done=1").into_response(),
        Err(err) => {
            let status = crate::error::classify(&err).0;
            let view = ChangePasswordPage {
                chrome: Chrome::signed_in("修改密码", &page, "password"),
                forced: page.who.account.must_change_password,
                done: false,
                errors: FormErrors::from_service(&err),
            };
            render(status, &view)
        }
    }
}
