//! The OpenAPI document at `/api/openapi.json`, generated from the handlers' annotations.

use crate::api::v1::{
    accounts, articles, audit, campaigns, dashboard, me, media, org_changes, orgs, public, review,
    tokens,
};
use crate::error::{ErrorBody, ErrorDetail, FieldMessage, RowMessage};
use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

const DESCRIPTION: &str = "Bearer tokens are issued on the 接口令牌 page or by \
    `POST /api/v1/tokens`; browser sessions must send `X-CSRF-Token` on writes. Errors answer \
    `{\"error\":{\"code\",\"message\",\"fields\"}}` with a stable snake_case code and a Chinese \
    message. Dates are RFC 3339 in UTC.";

#[derive(OpenApi)]
#[openapi(
    info(title = "全国巾帼文明岗新闻发布系统 API", version = "1", description = DESCRIPTION),
    paths(
        me::get_me,
        orgs::search_orgs,
        orgs::show_org,
        org_changes::create_org,
        org_changes::edit_org,
        org_changes::disable_org,
        org_changes::enable_org,
        org_changes::merge_org,
        accounts::list_accounts,
        accounts::create_account,
        accounts::disable_account,
        accounts::enable_account,
        accounts::reset_account_password,
        audit::list_audit_events,
        tokens::list_tokens,
        tokens::issue_token,
        tokens::revoke_token,
        campaigns::list_campaigns,
        articles::list_my_articles,
        articles::start_article,
        articles::show_my_article,
        articles::save_my_article,
        articles::submit_my_article,
        articles::withdraw_my_article,
        articles::blocks_from_docx,
        media::upload_photo,
        media::crop_photo,
        review::list_review_queue,
        review::show_reviewed_article,
        review::make_review_move,
        public::list_public_articles,
        public::show_public_article,
        public::download_publication_package,
        dashboard::show_dashboard,
    ),
    components(schemas(ErrorBody, ErrorDetail, FieldMessage, RowMessage, me::MeResponse)),
    modifiers(&BearerScheme),
    tags(
        (name = "orgs", description = "The organisation tree of my subtree"),
        (name = "accounts", description = "Accounts of my subtree, and who I am"),
        (name = "audit", description = "The append-only audit log"),
        (name = "tokens", description = "My API bearer tokens"),
        (name = "articles", description = "A post's articles, photos and campaigns"),
        (name = "review", description = "The federations' review: queue, article, moves"),
        (name = "public", description = "Published articles for everyone; the publication package for national administrators"),
    )
)]
pub struct ApiDoc;

/// Declares the `bearer` scheme every operation names in its `security`.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "An API token (`jgt_…`) issued by `POST /api/v1/tokens`",
                    ))
                    .build(),
            ),
        );
    }
}

pub async fn serve_openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
