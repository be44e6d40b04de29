//! The OpenAPI document at `/api/openapi.json`, generated from the handlers' annotations.

use crate::api::v1::me;
use crate::error::{ErrorBody, ErrorDetail, FieldMessage, RowMessage};
use crate::state::AppState;
use axum::http::header;
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

const DESCRIPTION: &str = "Bearer tokens are issued on the 接口令牌 page or by \
    `POST /api/v1/tokens`; browser sessions must send `X-CSRF-Token` on writes. Errors answer \
    `{\"error\":{\"code\",\"message\",\"fields\"}}` with a stable snake_case code and a Chinese \
    message. Dates are RFC 3339 in UTC.";

/// What the document says beside its operations, which `v1::operations` adds from the
/// handlers' annotations as it registers them.
#[derive(OpenApi)]
#[openapi(
    info(title = "全国巾帼文明岗新闻发布系统 API", version = "1", description = DESCRIPTION),
    components(schemas(
        ErrorBody,
        ErrorDetail,
        FieldMessage,
        RowMessage,
        me::MeResponse,
        crate::api::v1::audit::AuditActionCode
    )),
    modifiers(&BearerScheme),
    tags(
        (name = "orgs", description = "The organisation tree of my subtree"),
        (name = "accounts", description = "Accounts of my subtree, and who I am"),
        (name = "audit", description = "The append-only audit log"),
        (name = "tokens", description = "My API bearer tokens"),
        (name = "articles", description = "A post's articles, photos and campaigns"),
        (name = "review", description = "The federations' review: queue, article, moves"),
        (name = "public", description = "Published articles for everyone; the publication package for national administrators"),
        (name = "recommendations", description = "A province's recommendation list (推荐名单): order, reasons, push (报送), recall"),
        (name = "notices", description = "Notices (通知): received and sent, forward chains, attachments, receipts (签收)"),
        (name = "inbox", description = "Messages to my organisation: review outcomes, reminders"),
        (name = "exports", description = "The dashboard's spreadsheets, streamed"),
        (name = "campaigns", description = "Campaigns and columns: rules, windows, quotas"),
        (name = "imports", description = "Bulk import of organisations, posts and accounts, with a dry run"),
        (name = "settings", description = "National settings: the sensitive-word list"),
        (name = "webhooks", description = "Signed webhooks for 中国妇女网 and portals: subscribers and their deliveries"),
    )
)]
struct BaseDocument;

pub fn base_document() -> utoipa::openapi::OpenApi {
    BaseDocument::openapi()
}

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

/// The whole document, as `/api/openapi.json` serves it.
pub fn document() -> utoipa::openapi::OpenApi {
    crate::api::v1::router_and_document(axum::extract::DefaultBodyLimit::disable()).1
}

/// Serves the document built once with the router, as JSON text.
pub fn serve_document(
    document: &utoipa::openapi::OpenApi,
) -> axum::routing::MethodRouter<AppState> {
    let json: Arc<str> = document.to_json().unwrap_or_default().into();
    axum::routing::get(move || {
        let json = Arc::clone(&json);
        async move {
            (
                [(header::CONTENT_TYPE, "application/json")],
                json.to_string(),
            )
        }
    })
}

/// The error answers any operation can give, added to each operation that does not describe
/// them itself, so a client (and schemathesis) finds every status it may receive documented:
/// 400 for a body that is not JSON, 401 without a valid token (operations that need one), 403,
/// 404 for a missing object or a malformed id, 409 for a changed version, 413 for a body over
/// the limit, 422 for invalid values and 503 while the database is unavailable.
pub fn add_common_errors(document: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let common: [(&str, &str); 8] = [
        ("400", crate::api::v1::doc::MALFORMED),
        ("401", crate::api::v1::doc::UNAUTHENTICATED),
        ("403", crate::api::v1::doc::FORBIDDEN),
        ("404", crate::api::v1::doc::NOT_FOUND),
        ("409", crate::api::v1::doc::CONFLICT),
        ("413", crate::api::v1::doc::TOO_LARGE),
        ("422", crate::api::v1::doc::INVALID),
        ("503", crate::api::v1::doc::UNAVAILABLE),
    ];
    for item in document.paths.paths.values_mut() {
        let operations = [
            &mut item.get,
            &mut item.put,
            &mut item.post,
            &mut item.delete,
            &mut item.patch,
        ];
        for operation in operations.into_iter().flatten() {
            let public = operation.security.as_ref().is_none_or(Vec::is_empty);
            for (status, description) in common {
                if status == "401" && public {
                    continue;
                }
                operation
                    .responses
                    .responses
                    .entry(status.to_string())
                    .or_insert_with(|| {
                        RefOr::T(
                            ResponseBuilder::new()
                                .description(description)
                                .content(
                                    "application/json",
                                    ContentBuilder::new()
                                        .schema(Some(Ref::from_schema_name("ErrorBody")))
                                        .build(),
                                )
                                .build(),
                        )
                    });
            }
        }
    }
}
