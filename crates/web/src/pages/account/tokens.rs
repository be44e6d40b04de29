//! Issuing and revoking one's own API bearer tokens.

use crate::auth::Page;
use crate::error::PageError;
use crate::pages::chrome::Chrome;
use crate::pages::render::{FormErrors, render};
use crate::state::AppState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use jinguo_domain::clock::china_time_string;
use jinguo_service::auth::tokens;
use serde::Deserialize;

pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub last_used: String,
    pub revoked: bool,
    /// When it stops working (China time).
    pub expires: String,
    pub expired: bool,
}

#[derive(Template)]
#[template(path = "pages/tokens.html")]
pub struct TokensPage {
    pub chrome: Chrome,
    pub tokens: Vec<TokenRow>,
    pub new_token: Option<String>,
    /// When the token just issued expires.
    pub new_token_expires: String,
    pub name: String,
    pub errors: FormErrors,
}

#[derive(Debug, Deserialize)]
pub struct NewTokenForm {
    #[serde(default)]
    pub name: String,
}

async fn page_with(
    state: &AppState,
    page: &Page,
    new_token: Option<String>,
    name: String,
    errors: FormErrors,
) -> Result<TokensPage, PageError> {
    let rows: Vec<TokenRow> = tokens::list(&state.ctx, &page.who)
        .await?
        .into_iter()
        .map(|t| TokenRow {
            id: t.id,
            name: t.name,
            created: china_time_string(t.created_at),
            last_used: t
                .last_used_at
                .map(china_time_string)
                .unwrap_or_else(|| "从未使用".into()),
            revoked: t.revoked_at.is_some(),
            expires: china_time_string(t.expires_at),
            expired: t.expires_at <= state.ctx.now(),
        })
        .collect();
    let new_token_expires = match (&new_token, rows.first()) {
        (Some(_), Some(row)) => row.expires.clone(),
        _ => String::new(),
    };
    Ok(TokensPage {
        chrome: Chrome::signed_in("接口令牌", page, "tokens"),
        new_token_expires,
        tokens: rows,
        new_token,
        name,
        errors,
    })
}

pub async fn show_tokens(State(state): State<AppState>, page: Page) -> Result<Response, PageError> {
    let view = page_with(&state, &page, None, String::new(), FormErrors::default()).await?;
    Ok(render(StatusCode::OK, &view))
}

pub async fn issue_token(
    State(state): State<AppState>,
    page: Page,
    Form(form): Form<NewTokenForm>,
) -> Result<Response, PageError> {
    match tokens::issue(&state.ctx, &page.who, &form.name, &page.meta).await {
        Ok((token, _)) => {
            let view = page_with(
                &state,
                &page,
                Some(token),
                String::new(),
                FormErrors::default(),
            )
            .await?;
            Ok(render(StatusCode::OK, &view))
        }
        Err(err) => {
            let status = crate::error::classify(&err).0;
            let view = page_with(
                &state,
                &page,
                None,
                form.name,
                FormErrors::from_service(&err),
            )
            .await?;
            Ok(render(status, &view))
        }
    }
}

pub async fn revoke_token(
    State(state): State<AppState>,
    page: Page,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    tokens::revoke(&state.ctx, &page.who, id, &page.meta).await?;
    Ok(Redirect::to("/account/tokens").into_response())
}
