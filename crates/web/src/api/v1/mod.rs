//! Version 1 of the JSON API: one file per area, every route registered here. Unknown paths
//! below `/api/v1` answer the JSON `not_found` body, not the HTML page.

pub mod accounts;
pub mod articles;
pub mod audit;
pub mod campaigns;
pub mod dashboard;
pub mod dates;
pub mod doc;
pub mod exports;
pub mod extract;
pub mod imports;
pub mod inbox;
pub mod me;
pub mod media;
pub mod notices;
pub mod org_changes;
pub mod orgs;
pub mod paging;
pub mod public;
pub mod recommendations;
pub mod review;
pub mod sensitive_words;
pub mod tokens;
pub mod webhooks;

use crate::error::ApiError;
use crate::state::AppState;
use axum::extract::DefaultBodyLimit;
use jinguo_service::ServiceError;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// Every operation of the API, each registered from its handler's `#[utoipa::path]`: the
/// path, the method and the documentation come from that one annotation, so the router and
/// the OpenAPI document cannot disagree (`tests/api/openapi.rs` checks nothing is added
/// beside them). Upload operations get the larger body limit.
pub fn operations(upload_limit: DefaultBodyLimit) -> OpenApiRouter<AppState> {
    let uploads = OpenApiRouter::new()
        .routes(routes!(articles::blocks_from_docx))
        .routes(routes!(media::upload_photo))
        .routes(routes!(imports::import_rows))
        .layer(upload_limit);
    // Ten attachments of 20 MB and the text, as the page's notice form.
    let notice_forms = OpenApiRouter::new()
        .routes(routes!(notices::list_notices, notices::issue_notice))
        .routes(routes!(notices::forward_notice))
        .layer(DefaultBodyLimit::max(
            crate::pages::notices::FORM_BODY_LIMIT,
        ));
    OpenApiRouter::with_openapi(crate::api::openapi::base_document())
        .routes(routes!(me::get_me))
        .routes(routes!(me::change_my_password))
        .routes(routes!(orgs::search_orgs, org_changes::create_org))
        .routes(routes!(orgs::show_org, org_changes::edit_org))
        .routes(routes!(org_changes::disable_org))
        .routes(routes!(org_changes::enable_org))
        .routes(routes!(org_changes::merge_org))
        .routes(routes!(accounts::create_account))
        .routes(routes!(accounts::list_accounts))
        .routes(routes!(accounts::disable_account))
        .routes(routes!(accounts::enable_account))
        .routes(routes!(accounts::reset_account_password))
        .routes(routes!(accounts::unlock_account))
        .routes(routes!(audit::list_audit_events))
        .routes(routes!(tokens::list_tokens, tokens::issue_token))
        .routes(routes!(tokens::revoke_token))
        .routes(routes!(
            campaigns::list_campaigns,
            campaigns::create_campaign
        ))
        .routes(routes!(campaigns::show_campaign, campaigns::edit_campaign))
        .routes(routes!(articles::list_my_articles, articles::start_article))
        .routes(routes!(
            articles::show_my_article,
            articles::save_my_article
        ))
        .routes(routes!(articles::submit_my_article))
        .routes(routes!(articles::withdraw_my_article))
        .routes(routes!(review::list_review_queue))
        .routes(routes!(review::show_reviewed_article))
        .routes(routes!(review::make_review_move))
        .routes(routes!(review::review_many))
        .routes(routes!(recommendations::show_recommendation_list))
        .routes(routes!(recommendations::arrange_recommendation_list))
        .routes(routes!(recommendations::push_recommendation_list))
        .routes(routes!(recommendations::set_recommendation_reason))
        .routes(routes!(recommendations::move_recommendation))
        .routes(routes!(recommendations::recall_recommendation))
        .routes(routes!(notices::show_notice))
        .routes(routes!(notices::list_receipts))
        .routes(routes!(notices::acknowledge_notice))
        .routes(routes!(notices::download_notice_attachment))
        .routes(routes!(inbox::list_inbox))
        .routes(routes!(inbox::count_unread))
        .routes(routes!(inbox::mark_message_read))
        .routes(routes!(inbox::mark_all_messages_read))
        .routes(routes!(exports::download_export))
        .routes(routes!(
            sensitive_words::show_sensitive_words,
            sensitive_words::replace_sensitive_words
        ))
        .routes(routes!(imports::download_import_template))
        .routes(routes!(public::list_public_articles))
        .routes(routes!(public::show_public_article))
        .routes(routes!(public::download_publication_package))
        .routes(routes!(webhooks::list_webhooks, webhooks::create_webhook))
        .routes(routes!(webhooks::disable_webhook))
        .routes(routes!(webhooks::enable_webhook))
        .routes(routes!(webhooks::list_webhook_deliveries))
        .routes(routes!(webhooks::show_webhook_delivery))
        .routes(routes!(webhooks::resend_webhook_delivery))
        .routes(routes!(dashboard::show_dashboard))
        .routes(routes!(media::crop_photo))
        .merge(uploads)
        .merge(notice_forms)
}

/// The API's router and its OpenAPI document, both from [`operations`].
pub fn router_and_document(
    upload_limit: DefaultBodyLimit,
) -> (axum::Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, mut document) = operations(upload_limit).split_for_parts();
    crate::api::openapi::add_common_errors(&mut document);
    (router, document)
}

/// Unknown paths below `/api/v1` answer the JSON `not_found` body, not the HTML page.
pub async fn no_such_endpoint() -> ApiError {
    ApiError(ServiceError::NotFound)
}
