//! Version 1 of the JSON API: one file per area, every route registered here. Unknown paths
//! below `/api/v1` answer the JSON `not_found` body, not the HTML page.

pub mod accounts;
pub mod articles;
pub mod audit;
pub mod campaigns;
pub mod dashboard;
pub mod dates;
pub mod doc;
pub mod extract;
pub mod me;
pub mod media;
pub mod org_changes;
pub mod orgs;
pub mod paging;
pub mod public;
pub mod review;
pub mod tokens;

use crate::error::ApiError;
use crate::state::AppState;
use axum::Router;
use axum::routing::{delete, get, post};
use jinguo_service::ServiceError;

pub fn routes(upload_limit: axum::extract::DefaultBodyLimit) -> Router<AppState> {
    Router::new()
        .route("/me", get(me::get_me))
        .route(
            "/orgs",
            get(orgs::search_orgs).post(org_changes::create_org),
        )
        .route(
            "/orgs/{id}",
            get(orgs::show_org).patch(org_changes::edit_org),
        )
        .route("/orgs/{id}/disable", post(org_changes::disable_org))
        .route("/orgs/{id}/enable", post(org_changes::enable_org))
        .route("/orgs/{id}/merge", post(org_changes::merge_org))
        .route("/orgs/{id}/accounts", post(accounts::create_account))
        .route("/accounts", get(accounts::list_accounts))
        .route("/accounts/{id}/disable", post(accounts::disable_account))
        .route("/accounts/{id}/enable", post(accounts::enable_account))
        .route(
            "/accounts/{id}/reset-password",
            post(accounts::reset_account_password),
        )
        .route("/audit", get(audit::list_audit_events))
        .route(
            "/tokens",
            get(tokens::list_tokens).post(tokens::issue_token),
        )
        .route("/tokens/{id}", delete(tokens::revoke_token))
        .route("/campaigns", get(campaigns::list_campaigns))
        .route(
            "/articles",
            get(articles::list_my_articles).post(articles::start_article),
        )
        .route(
            "/articles/docx",
            post(articles::blocks_from_docx).layer(upload_limit),
        )
        .route(
            "/articles/{id}",
            get(articles::show_my_article).put(articles::save_my_article),
        )
        .route("/articles/{id}/submit", post(articles::submit_my_article))
        .route(
            "/articles/{id}/withdraw",
            post(articles::withdraw_my_article),
        )
        .route("/review/queue", get(review::list_review_queue))
        .route("/review/articles/{id}", get(review::show_reviewed_article))
        .route(
            "/review/articles/{id}/{move}",
            post(review::make_review_move),
        )
        .route("/public/articles", get(public::list_public_articles))
        .route("/public/articles/{id}", get(public::show_public_article))
        .route(
            "/publication-package",
            get(public::download_publication_package),
        )
        .route("/dashboard", get(dashboard::show_dashboard))
        .route("/media", post(media::upload_photo).layer(upload_limit))
        .route("/media/{media}/crop", post(media::crop_photo))
        .fallback(no_such_endpoint)
}

async fn no_such_endpoint() -> ApiError {
    ApiError(ServiceError::NotFound)
}
