//! Every route in one place: public pages, signed-in pages, admin pages, the JSON API.

use crate::auth::authenticate;
use crate::csrf::csrf_guard;
use crate::pages::account::{password, tokens};
use crate::pages::admin::{
    account_actions, account_new, accounts, audit, campaigns, import, org_detail, org_form,
    org_merge, org_status, orgs, sensitive_words, webhook_delivery, webhooks,
};
use crate::pages::auth::{login, logout};
use crate::pages::press::{contact as press_contact, journalist, kits as press_kits};
use crate::pages::{
    articles, dashboard, exports, home, inbox, media, notices, public, render, review,
};
use crate::state::AppState;
use crate::{api, assets};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware;
use axum::response::IntoResponse;
use axum::routing::{any, get, post};
use jinguo_storage::ConnectionTrait;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;

/// The body limit of every request that is not an upload: forms and JSON. Uploads (photos,
/// Word and import files: `max_body_mb`; notice forms: ten attachments) raise it on their
/// routes, and read their files to disk as they arrive.
pub const BODY_LIMIT: usize = 2 * 1024 * 1024;

pub fn router(state: AppState) -> Router {
    let upload_limit = DefaultBodyLimit::max(state.web.max_body_bytes);
    let (api_router, api_document) = api::v1::router_and_document(upload_limit);
    let pages = Router::new()
        .route("/", get(public::home::show_home))
        .route("/news", get(public::lists::show_all))
        .route("/news/{id}", get(public::article::show_article))
        .route("/news/{id}/qr.svg", get(public::qr::show_qr))
        .route("/featured", get(public::lists::show_featured))
        .route("/themes/{key}", get(public::lists::show_theme))
        .route("/provinces", get(public::lists::show_provinces))
        .route("/provinces/{code}", get(public::lists::show_province))
        .route("/industries/{name}", get(public::lists::show_industry))
        .route("/campaigns/{slug}", get(public::lists::show_campaign))
        .route("/search", get(public::search::show_search))
        .route("/feeds/{file}", get(public::feeds::show_feed))
        .route(
            "/feeds/{kind}/{key}/{file}",
            get(public::feeds::show_scoped_feed),
        )
        .route("/sitemap.xml", get(public::sitemap::show_sitemap))
        .route("/robots.txt", get(public::sitemap::show_robots))
        .route("/login", get(login::show_login).post(login::submit_login))
        .route("/logout", post(logout::submit_logout))
        .route("/workbench", get(home::workbench))
        .route(
            "/account/password",
            get(password::show_change_password).post(password::submit_change_password),
        )
        .route(
            "/account/tokens",
            get(tokens::show_tokens).post(tokens::issue_token),
        )
        .route("/account/tokens/{id}/revoke", post(tokens::revoke_token))
        .route("/admin/orgs", get(orgs::list_orgs))
        .route("/admin/orgs/{id}", get(org_detail::show_org))
        .route(
            "/admin/orgs/{id}/new",
            get(org_form::show_new_org).post(org_form::submit_new_org),
        )
        .route(
            "/admin/orgs/{id}/edit",
            get(org_form::show_edit_org).post(org_form::submit_edit_org),
        )
        .route("/admin/orgs/{id}/disable", post(org_status::disable_org))
        .route("/admin/orgs/{id}/enable", post(org_status::enable_org))
        .route(
            "/admin/orgs/{id}/merge",
            get(org_merge::show_merge).post(org_merge::submit_merge),
        )
        .route(
            "/admin/orgs/{id}/accounts/new",
            get(account_new::show_new_account).post(account_new::submit_new_account),
        )
        .route("/admin/accounts", get(accounts::list_accounts))
        .route(
            "/admin/accounts/{id}/reset",
            get(account_actions::show_reset).post(account_actions::submit_reset),
        )
        .route(
            "/admin/accounts/{id}/disable",
            post(account_actions::disable_account),
        )
        .route(
            "/admin/accounts/{id}/enable",
            post(account_actions::enable_account),
        )
        .route(
            "/admin/accounts/{id}/unlock",
            post(account_actions::unlock_account_now),
        )
        .route("/admin/audit", get(audit::show_audit))
        .route("/admin/campaigns", get(campaigns::list_campaigns))
        .route(
            "/admin/campaigns/new",
            get(campaigns::show_new_campaign).post(campaigns::submit_new_campaign),
        )
        .route(
            "/admin/campaigns/{id}/edit",
            get(campaigns::show_edit_campaign).post(campaigns::submit_edit_campaign),
        )
        .route("/articles", get(articles::list::list_articles))
        .route(
            "/articles/new",
            get(articles::new::show_new_editor).post(articles::new::create_from_editor),
        )
        .route("/articles/{id}", get(articles::detail::show_article))
        .route(
            "/articles/{id}/edit",
            get(articles::editor::show_editor).post(articles::editor::save_editor),
        )
        .route(
            "/articles/{id}/preview",
            get(articles::preview::show_preview),
        )
        .route(
            "/articles/{id}/submit",
            post(articles::actions::submit_article),
        )
        .route(
            "/articles/{id}/withdraw",
            post(articles::actions::withdraw_article),
        )
        .route(
            "/articles/{id}/images",
            post(articles::uploads::upload_article_image).layer(upload_limit),
        )
        .route(
            "/articles/{id}/docx",
            post(articles::uploads::upload_article_docx).layer(upload_limit),
        )
        .route(
            "/admin/sensitive-words",
            get(sensitive_words::show_sensitive_words).post(sensitive_words::save_sensitive_words),
        )
        .route(
            "/admin/webhooks",
            get(webhooks::show_webhooks).post(webhooks::add_webhook),
        )
        .route(
            "/admin/webhooks/{id}/disable",
            post(webhooks::disable_webhook),
        )
        .route(
            "/admin/webhooks/{id}/enable",
            post(webhooks::enable_webhook),
        )
        .route(
            "/admin/webhooks/deliveries/{id}",
            get(webhook_delivery::show_delivery),
        )
        .route(
            "/admin/webhooks/deliveries/{id}/resend",
            post(webhook_delivery::resend_delivery),
        )
        .route("/inbox", get(inbox::list::show_inbox))
        .route("/inbox/read-all", post(inbox::list::mark_all_read))
        .route("/inbox/{id}", get(inbox::open::show_message))
        .route("/inbox/{id}/open", post(inbox::open::open_message))
        .route("/review", get(review::queue::list_pending_reviews))
        .route("/review/batch", post(review::queue::review_many))
        .route("/review/list", get(review::list::show_recommendation_list))
        .route(
            "/review/list/push",
            post(review::list_actions::push_recommendation_list),
        )
        .route(
            "/review/list/arrange",
            post(review::list_actions::arrange_recommendation_list),
        )
        .route(
            "/review/list/{id}/move",
            post(review::list_actions::move_recommendation),
        )
        .route(
            "/review/list/{id}/reason",
            post(review::list_actions::save_recommendation_reason),
        )
        .route(
            "/review/list/{id}/recall",
            post(review::list_actions::recall_recommendation),
        )
        .route(
            "/review/{id}",
            get(review::article::show_review).post(review::act::review_one),
        )
        .route(
            "/press-kits",
            get(press_kits::list_press_kits).post(press_kits::issue_press_kit),
        )
        .route("/press-kits/new", post(press_kits::show_new_press_kit))
        .route("/press-kits/{id}", get(press_kits::show_press_kit))
        .route(
            "/press-kits/{id}/revoke",
            post(press_kits::revoke_press_kit),
        )
        .route(
            "/press-contact",
            get(press_contact::show_press_contact).post(press_contact::save_press_contact),
        )
        .route("/press/{token}", get(journalist::show_press_kit_link))
        .route(
            "/press/{token}/{article}/{file}",
            get(journalist::download_press_file),
        )
        .route("/media/{file}", get(media::serve_image))
        .route("/media/thumbs/{file}", get(media::serve_thumbnail))
        .route("/media/originals/{name}", get(media::serve_original))
        .route(
            "/admin/import",
            get(import::show_import)
                .post(import::submit_import)
                .layer(upload_limit),
        )
        .route(
            "/admin/import/template/{file}",
            get(import::download_template),
        )
        .route("/dashboard", get(dashboard::show_dashboard))
        .route("/exports/{file}", get(exports::download_export))
        .route("/notices", get(notices::list::list_notices))
        .route(
            "/notices/new",
            get(notices::form::show_new_notice)
                .post(notices::form::submit_new_notice)
                .layer(DefaultBodyLimit::max(notices::FORM_BODY_LIMIT)),
        )
        .route("/notices/{id}", get(notices::detail::show_notice))
        .route(
            "/notices/{id}/read",
            post(notices::detail::acknowledge_notice),
        )
        .route(
            "/notices/{id}/forward",
            get(notices::form::show_forward_notice)
                .post(notices::form::submit_forward_notice)
                .layer(DefaultBodyLimit::max(notices::FORM_BODY_LIMIT)),
        )
        .route(
            "/notices/{id}/attachments/{file}",
            get(notices::detail::download_attachment),
        );

    Router::new()
        .merge(pages)
        .merge(api_router)
        .route("/api/v1", any(api::v1::no_such_endpoint))
        .route("/api/v1/{*rest}", any(api::v1::no_such_endpoint))
        .route(
            "/api/openapi.json",
            api::openapi::serve_document(&api_document),
        )
        .route("/static/{hash}/{*path}", get(assets::serve_static))
        .route("/favicon.ico", get(assets::favicon))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(crate::metrics::show_metrics))
        .fallback(public::not_found::unknown_address)
        .layer(middleware::from_fn(share_marks_while_reading))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            follow_public_changes,
        ))
        .layer(middleware::from_fn(csrf_guard))
        .layer(middleware::from_fn_with_state(state.clone(), authenticate))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Pages from the cache arrive compressed already (brotli, made once per page); this
        // compresses everything else as it is made, with gzip only: a page is made for one
        // reader, and brotli at tower-http's level (4) cost more than making it: 4.7 ms for
        // the 98 KB 推荐名单 of 50 rows, against 0.5 ms for gzip.
        .layer(CompressionLayer::new())
        .layer(CatchPanicLayer::custom(render::panic_page))
        .layer(middleware::map_response(with_security_headers))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            public::serve_from_cache,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            crate::request_log::log_request,
        ))
        .with_state(state)
}

/// For load balancers: 200 when the database and the media store answer, 503 otherwise (an
/// instance that cannot reach the shared store would serve broken images and lose uploads).
async fn healthz(State(state): State<AppState>) -> impl IntoResponse {
    if let Err(err) = state.ctx.db.conn.execute_unprepared("SELECT 1").await {
        tracing::warn!(error = %err, "health check: database unavailable");
        return (StatusCode::SERVICE_UNAVAILABLE, "database unavailable");
    }
    if let Err(err) = state.ctx.settings.media.check().await {
        tracing::warn!(error = %err, "health check: media store unavailable");
        return (StatusCode::SERVICE_UNAVAILABLE, "media store unavailable");
    }
    (StatusCode::OK, "ok")
}

/// For a rolling restart: like `/healthz`, and also 503 until this instance's search index and
/// public pages have caught up with the shared change log once (a fresh instance builds its
/// index first), so a balancer sends readers to it only when it answers like the others.
async fn readyz(State(state): State<AppState>) -> axum::response::Response {
    let health = healthz(State(state.clone())).await.into_response();
    if health.status() != StatusCode::OK {
        return health;
    }
    if state.ctx.showcase.generation() < 0 {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "search index not built yet",
        )
            .into_response();
    }
    (StatusCode::OK, "ready").into_response()
}

/// After a write this instance served, catch up with the public change log before answering,
/// so the writer's next page (and search) already shows the change. Other instances see it
/// within their poll interval.
async fn follow_public_changes(
    State(state): State<AppState>,
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    let write = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    let response = next.run(request).await;
    if write && let Err(err) = jinguo_service::showcase::refresh(&state.ctx).await {
        tracing::warn!(error = %err, "public change log refresh failed");
    }
    response
}

/// A read (GET, HEAD) writes nothing the figures' marks see, so its kept figures may share one
/// read of the marks begun after it began (`stats::cache::sharing_marks`).
async fn share_marks_while_reading(
    request: axum::extract::Request,
    next: middleware::Next,
) -> axum::response::Response {
    if matches!(*request.method(), Method::GET | Method::HEAD) {
        jinguo_service::stats::cache::sharing_marks(next.run(request)).await
    } else {
        next.run(request).await
    }
}

/// The Content-Security-Policy of every response: scripts, styles and fonts only from this
/// site's files (no inline script or style anywhere), images also from `blob:` (the editor's
/// crop preview) and `data:`, no plugins, no `<base>`, forms post only here, and no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' blob: data:; \
     object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

async fn with_security_headers(mut response: axum::response::Response) -> axum::response::Response {
    security_headers(response.headers_mut());
    response
}

/// The headers every response carries (the layer above adds them; the public page cache's fast
/// path, which answers before that layer, adds them here). A handler that set one keeps its own.
pub fn security_headers(headers: &mut axum::http::HeaderMap) {
    let defaults = [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "same-origin"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
    ];
    for (name, value) in defaults {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_static(value));
        }
    }
}
