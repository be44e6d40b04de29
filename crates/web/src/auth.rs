//! Who is asking: one middleware resolves the session cookie or bearer token once per request,
//! and resolves the client address. Handlers take
//! `Page` (HTML, redirects to the login page) or `Caller` (JSON API) extractors. The CSRF guard
//! that runs after it is in `csrf.rs`.

use crate::error::{ApiError, PageError};
use crate::state::AppState;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use jinguo_service::ServiceError;
use jinguo_service::actor::SignedIn;
use jinguo_service::audit::RequestMeta;
use jinguo_service::auth::tokens::resolve_bearer;
use jinguo_service::auth::{SessionInfo, resolve_session};

pub const SESSION_COOKIE: &str = "jinguo_session";

/// How the request is authenticated, resolved once by `authenticate`.
#[derive(Debug, Clone)]
pub enum Auth {
    Anonymous {
        stale_cookie: bool,
    },
    Session {
        info: Box<SessionInfo>,
        token: String,
    },
    Bearer {
        who: Box<SignedIn>,
    },
}

pub async fn authenticate(
    State(state): State<AppState>,
    jar: CookieJar,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip());
    let addr = client_addr(request.headers(), peer, &state);
    request.extensions_mut().insert(addr);
    let bearer = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let auth = if let Some(token) = bearer {
        match resolve_bearer(&state.ctx, token.trim()).await {
            Ok(who) => Auth::Bearer { who: Box::new(who) },
            Err(ServiceError::Unauthenticated | ServiceError::AccountDisabled) => {
                return ApiError(ServiceError::Unauthenticated).into_response();
            }
            Err(other) => return ApiError(other).into_response(),
        }
    } else if let Some(cookie) = jar.get(SESSION_COOKIE) {
        match resolve_session(&state.ctx, cookie.value()).await {
            Ok(info) => Auth::Session {
                info: Box::new(info),
                token: cookie.value().to_string(),
            },
            Err(ServiceError::Unauthenticated | ServiceError::AccountDisabled) => {
                Auth::Anonymous { stale_cookie: true }
            }
            // The API answers in JSON whatever authenticated the call.
            Err(other) if request.uri().path().starts_with("/api/") => {
                return ApiError(other).into_response();
            }
            Err(other) => return PageError(other).into_response(),
        }
    } else {
        Auth::Anonymous {
            stale_cookie: false,
        }
    };
    let signed_in = matches!(auth, Auth::Session { .. } | Auth::Bearer { .. });
    if let Some(slot) = request.extensions().get::<crate::request_log::SignedInAs>() {
        let account = match &auth {
            Auth::Session { info, .. } => Some(info.who.account.id.0),
            Auth::Bearer { who } => Some(who.account.id.0),
            Auth::Anonymous { .. } => None,
        };
        if let Some(account) = account {
            let _ = slot.0.set(account);
        }
    }
    request.extensions_mut().insert(auth);
    let mut response = next.run(request).await;
    // What a signed-in person sees is not for shared caches or the browser's history; answers
    // that chose their own caching (static assets) keep it.
    if signed_in && !response.headers().contains_key(header::CACHE_CONTROL) {
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            axum::http::HeaderValue::from_static("no-store"),
        );
    }
    response
}

/// The client's address, resolved once per request by `authenticate` (the socket peer, or the
/// rightmost untrusted `X-Forwarded-For` hop behind a trusted proxy; see `client_addr`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<std::net::IpAddr>);

fn client_addr(
    parts_headers: &HeaderMap,
    peer: Option<std::net::IpAddr>,
    state: &AppState,
) -> ClientAddr {
    let Some(peer) = peer else {
        return ClientAddr(None);
    };
    let forwarded: Vec<&str> = parts_headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .collect();
    ClientAddr(Some(state.web.trusted_proxies.client(peer, &forwarded)))
}

/// Where a request came from, for the audit log and login throttling: the client's address.
pub fn meta_from(parts: &Parts) -> RequestMeta {
    let ip = parts
        .extensions
        .get::<ClientAddr>()
        .copied()
        .or_else(|| {
            // Outside `authenticate` (not expected): the socket peer.
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| ClientAddr(Some(info.0.ip())))
        })
        .and_then(|c| c.0)
        .map(|ip| ip.to_string())
        .unwrap_or_default();
    RequestMeta { ip }
}

/// The request's origin as an extractor, for handlers that are not signed in (login).
pub struct Meta(pub RequestMeta);

impl<S: Send + Sync> FromRequestParts<S> for Meta {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Meta(meta_from(parts)))
    }
}

/// A signed-in person on an HTML page. Anonymous visitors are sent to the login page; accounts
/// that must change their password are sent to the password page.
#[derive(Debug, Clone)]
pub struct Page {
    pub who: SignedIn,
    pub csrf: String,
    pub token: String,
    pub meta: RequestMeta,
    /// Unopened inbox messages, for the header's badge.
    pub unread: u64,
    /// Notices addressed to the account's organisation that nobody there has opened yet.
    pub notices_unread: u64,
    /// 审核 and 我的稿件 counts for the navigation.
    pub badges: jinguo_service::workbench::Badges,
}

impl FromRequestParts<AppState> for Page {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let meta = meta_from(parts);
        match parts.extensions.get::<Auth>().cloned() {
            Some(Auth::Session { info, token }) => {
                let path = parts.uri.path();
                if info.who.account.must_change_password
                    && path != "/account/password"
                    && path != "/logout"
                {
                    return Err(Redirect::to("/account/password").into_response());
                }
                // The badge is a convenience: a failed count shows no badge, not an error page.
                let unread = match jinguo_service::inbox::unread_count(&state.ctx, &info.who).await
                {
                    Ok(n) => n,
                    Err(err) => {
                        tracing::warn!(error = %err, "inbox unread count failed");
                        0
                    }
                };
                let notices_unread =
                    match jinguo_service::notices::unread_count(&state.ctx, &info.who).await {
                        Ok(n) => n,
                        Err(err) => {
                            tracing::warn!(error = %err, "notice unread count failed");
                            0
                        }
                    };
                let badges = match jinguo_service::workbench::badges(&state.ctx, &info.who).await {
                    Ok(badges) => badges,
                    Err(err) => {
                        tracing::warn!(error = %err, "navigation badge counts failed");
                        jinguo_service::workbench::Badges::default()
                    }
                };
                Ok(Page {
                    who: info.who,
                    csrf: info.csrf_token,
                    token,
                    meta,
                    unread,
                    notices_unread,
                    badges,
                })
            }
            Some(Auth::Anonymous { stale_cookie: true }) => Err(Redirect::to(&format!(
                "/login?expired=1&next={}",
                encode_next(&parts.uri)
            ))
            .into_response()),
            _ => Err(
                Redirect::to(&format!("/login?next={}", encode_next(&parts.uri))).into_response(),
            ),
        }
    }
}

fn encode_next(uri: &axum::http::Uri) -> String {
    let target = uri.path_and_query().map(|p| p.as_str()).unwrap_or("/");
    let mut out = String::new();
    for b in target.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// An API caller: a bearer token, or a browser session (whose writes passed the CSRF guard).
#[derive(Debug, Clone)]
pub struct Caller {
    pub who: SignedIn,
    pub meta: RequestMeta,
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        _state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let meta = meta_from(parts);
        let who = match parts.extensions.get::<Auth>().cloned() {
            Some(Auth::Bearer { who }) => *who,
            Some(Auth::Session { info, .. }) => info.who,
            _ => return Err(ApiError(ServiceError::Unauthenticated)),
        };
        if who.account.must_change_password {
            return Err(ApiError(ServiceError::PasswordChangeRequired));
        }
        Ok(Caller { who, meta })
    }
}

/// The session cookie after a successful login.
pub fn session_cookie(token: String, max_age_minutes: i64, secure: bool) -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/")
        .max_age(time_minutes(max_age_minutes))
        .build()
}

fn time_minutes(minutes: i64) -> cookie::time::Duration {
    cookie::time::Duration::minutes(minutes)
}

/// The known-device cookie: set after a good login, it lets this browser sign in to the
/// account while strangers' failures have it locked (see `jinguo_service::auth::login`).
pub const DEVICE_COOKIE: &str = "jinguo_device";

pub fn device_cookie(token: String, secure: bool) -> Cookie<'static> {
    Cookie::build((DEVICE_COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure)
        .path("/login")
        .max_age(cookie::time::Duration::days(
            jinguo_service::auth::login::KNOWN_DEVICE_DAYS,
        ))
        .build()
}

pub fn clear_session_cookie() -> Cookie<'static> {
    Cookie::build((SESSION_COOKIE, ""))
        .path("/")
        .max_age(time_minutes(0))
        .build()
}
