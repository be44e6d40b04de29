//! Issue 11 §10: the authorization matrix, generated from the router. Every page route registered
//! in `router.rs` is read from the source and every API operation from the OpenAPI document the
//! API's router is built with, so a new route without a rule here fails this test. Each route × identity (anonymous and the eight demo accounts, from a post up
//! to national) × object (an organisation inside the Chongqing subtree, one in Sichuan) cell has
//! an expected outcome derived from the policy's rules. Reads are sent for every cell; writes
//! only where the rule refuses them (a refused write must change nothing, so the matrix can run
//! on one database, and a fingerprint of the written tables proves it did not), and the writes
//! the rule allows are exercised by the stories.
//!
//! Routes whose ids name notices, inbox messages, media, files or accounts are covered by the
//! stories listed in `COVERED_ELSEWHERE` (notices, media originals and never-submitted drafts
//! each have their own matrix of who may open what).

use crate::support::org_id_anywhere;
use jinguo_testkit::{Client, TestResponse, on_both_backends};

const PAGE_ROUTES: &str = include_str!("../../src/router.rs");

/// Routes registered: (method, path template).
fn registered_routes() -> Vec<(&'static str, String)> {
    let mut routes = Vec::new();
    let document = serde_json::to_value(jinguo_web::api::openapi::document()).unwrap();
    for (path, item) in document["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                routes.push((method, path.clone()));
            }
        }
    }
    for (source, prefix) in [(PAGE_ROUTES, "")] {
        for segment in source.split(".route(").skip(1) {
            let Some(path) = segment.split('"').nth(1) else {
                continue;
            };
            let segment = segment.split(".route(").next().unwrap_or_default();
            for method in ["get", "post", "put", "patch", "delete"] {
                let called = segment.match_indices(&format!("{method}(")).any(|(i, _)| {
                    i == 0
                        || !segment.as_bytes()[i - 1].is_ascii_alphanumeric()
                            && segment.as_bytes()[i - 1] != b'_'
                });
                if called {
                    routes.push((method, format!("{prefix}{path}")));
                }
            }
        }
    }
    routes
}

/// Who the policy lets through, by route.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Rule {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// Reviewers and admins of federations (not posts).
    Federation,
    /// Reviewers of federations.
    Reviewer,
    /// Provincial reviewers (the recommendation list).
    ProvincialReviewer,
    /// Posts (writers).
    Post,
    /// Admins of any level.
    Admin,
    /// National admins.
    NationalAdmin,
    /// National reviewers and admins (宣推).
    National,
    /// Admins of federations (not posts).
    FederationAdmin,
    /// On an organisation: anyone who sees it (its subtree's accounts).
    ViewOrg,
    /// On an organisation: admins at or above it.
    AdminAtOrAbove,
    /// On an organisation: admins strictly above it.
    AdminAbove,
    /// On an article: its post only (the post's own pages and the API's own articles; the
    /// federations read it on the review pages).
    ArticleOwn,
    /// On an article: reviewers of federations above the post.
    ArticleReview,
    /// On an article: provincial reviewers above the post (the recommendation list).
    ArticleInProvinceList,
}

impl Rule {
    /// Whether the route's `{id}` names an article rather than an organisation.
    fn on_article(self) -> bool {
        use Rule::*;
        matches!(self, ArticleOwn | ArticleReview | ArticleInProvinceList)
    }
}

const COVERED_ELSEWHERE: &[(&str, &str)] = &[
    ("/news/{id}", "showcase::pages (published only)"),
    ("/news/{id}/qr.svg", "showcase::pages"),
    ("/themes/{key}", "showcase::lists"),
    ("/provinces/{code}", "showcase::lists"),
    ("/industries/{name}", "showcase::lists"),
    ("/campaigns/{slug}", "showcase::lists"),
    ("/feeds/{file}", "showcase::feeds_and_api"),
    ("/feeds/{kind}/{key}/{file}", "showcase::feeds_and_api"),
    (
        "/account/tokens/{id}/revoke",
        "api::tokens (own tokens only)",
    ),
    (
        "/admin/accounts/{id}/reset",
        "accounts (subtree of the admin)",
    ),
    ("/admin/accounts/{id}/disable", "accounts"),
    ("/admin/accounts/{id}/enable", "accounts"),
    (
        "/admin/accounts/{id}/unlock",
        "security_auth::an_admin_lifts_a_lock",
    ),
    ("/admin/campaigns/{id}/edit", "campaigns (national admins)"),
    ("/inbox/{id}", "inbox"),
    ("/inbox/{id}/open", "inbox (own messages only)"),
    (
        "/notices/{id}/read",
        "notices (addressees sign for their unit)",
    ),
    ("/media/{file}", "images (public renditions)"),
    ("/media/thumbs/{file}", "images"),
    (
        "/media/originals/{name}",
        "images (originals: the post and its reviewers)",
    ),
    ("/admin/import/template/{file}", "import"),
    ("/exports/{file}", "dashboard exports"),
    (
        "/notices/{id}",
        "notices (addressees and the issuing chain)",
    ),
    ("/notices/{id}/forward", "notices"),
    ("/notices/{id}/attachments/{file}", "notices"),
    ("/static/{hash}/{*path}", "smoke (public files)"),
    (
        "/metrics",
        "smoke (404 unless metrics_allow), cluster (read from 127.0.0.1)",
    ),
    ("/api/v1/accounts/{id}/disable", "api::accounts"),
    ("/api/v1/accounts/{id}/enable", "api::accounts"),
    ("/api/v1/accounts/{id}/reset-password", "api::accounts"),
    ("/api/v1/tokens/{id}", "api::tokens"),
    ("/api/v1/public/articles/{id}", "showcase::feeds_and_api"),
    ("/api/v1/media/{media}/crop", "images"),
    (
        "/api/v1/accounts/{id}/unlock",
        "api::accounts (subtree of the admin)",
    ),
    (
        "/api/v1/campaigns/{id}",
        "api::settings (national admins write)",
    ),
    (
        "/api/v1/inbox/{id}/read",
        "api::inbox (own organisation's messages only)",
    ),
    (
        "/api/v1/notices/{id}",
        "api::notices (a province never sees another's)",
    ),
    ("/api/v1/notices/{id}/receipts", "api::notices"),
    ("/api/v1/notices/{id}/read", "api::notices"),
    ("/api/v1/notices/{id}/forward", "api::notices"),
    ("/api/v1/notices/{id}/attachments/{file}", "api::notices"),
    (
        "/api/v1/exports/{file}",
        "api::exports (the caller's subtree)",
    ),
    ("/api/v1/imports/templates/{file}", "api::settings (admins)"),
    (
        "/api/v1/recommendations/{campaign}",
        "api::recommendations (own province's list)",
    ),
    (
        "/api/v1/recommendations/{campaign}/push",
        "api::recommendations",
    ),
    ("/admin/webhooks/{id}/disable", "webhooks (national admins)"),
    ("/press-kits/{id}", "press (national's own kits)"),
    ("/press-kits/{id}/revoke", "press"),
    ("/press/{token}", "press (the link is the key)"),
    ("/press/{token}/{article}/{file}", "press"),
    ("/admin/webhooks/{id}/enable", "webhooks"),
    ("/admin/webhooks/deliveries/{id}", "webhooks"),
    ("/admin/webhooks/deliveries/{id}/resend", "webhooks"),
    (
        "/api/v1/webhooks/{id}/disable",
        "api::webhooks (national admins)",
    ),
    ("/api/v1/webhooks/{id}/enable", "api::webhooks"),
    ("/api/v1/webhooks/deliveries/{id}", "api::webhooks"),
    ("/api/v1/webhooks/deliveries/{id}/resend", "api::webhooks"),
];

fn rule(method: &str, path: &str) -> Option<Rule> {
    use Rule::*;
    Some(match (method, path) {
        (_, "/" | "/news" | "/featured" | "/provinces" | "/search" | "/sitemap.xml")
        | (_, "/robots.txt" | "/favicon.ico" | "/login" | "/healthz" | "/readyz")
        | (_, "/api/openapi.json" | "/api/v1" | "/api/v1/public/articles") => Public,
        (_, "/logout" | "/workbench" | "/account/password" | "/account/tokens") => SignedIn,
        (_, "/inbox" | "/inbox/read-all" | "/notices" | "/api/v1/me" | "/api/v1/tokens") => {
            SignedIn
        }
        ("post", "/api/v1/campaigns") => NationalAdmin,
        ("post", "/api/v1/notices") => Federation,
        (_, "/api/v1/notices" | "/api/v1/me/password" | "/api/v1/inbox") => SignedIn,
        (_, "/api/v1/inbox/unread-count" | "/api/v1/inbox/read-all") => SignedIn,
        (_, "/api/v1/review/batch") => Reviewer,
        (_, "/api/v1/recommendations") => ProvincialReviewer,
        (_, "/api/v1/imports") => Admin,
        (_, "/api/v1/sensitive-words") => NationalAdmin,
        (_, p) if p.starts_with("/api/v1/recommendations/items/{id}/") => ArticleInProvinceList,
        (_, "/admin/orgs" | "/api/v1/orgs" | "/api/v1/campaigns") => SignedIn,
        (_, "/articles" | "/articles/new" | "/api/v1/articles") => Post,
        (_, "/api/v1/articles/docx" | "/api/v1/media") => Post,
        (_, "/dashboard" | "/api/v1/dashboard" | "/notices/new") => Federation,
        (_, "/review" | "/review/batch" | "/api/v1/review/queue") => Reviewer,
        (_, "/review/list" | "/review/list/push" | "/review/list/arrange") => ProvincialReviewer,
        (_, "/admin/accounts" | "/admin/audit" | "/admin/import") => Admin,
        (_, "/api/v1/accounts" | "/api/v1/audit") => Admin,
        (_, "/admin/campaigns" | "/admin/campaigns/new" | "/admin/sensitive-words") => {
            NationalAdmin
        }
        (_, "/api/v1/publication-package" | "/admin/webhooks") => NationalAdmin,
        (_, "/press-kits" | "/press-kits/new") => National,
        (_, "/press-contact") => FederationAdmin,
        (_, "/api/v1/webhooks" | "/api/v1/webhooks/deliveries") => NationalAdmin,
        (_, "/admin/orgs/{id}" | "/api/v1/orgs/{id}") => ViewOrg,
        (_, "/admin/orgs/{id}/new" | "/admin/orgs/{id}/accounts/new") => AdminAtOrAbove,
        (_, "/api/v1/orgs/{id}/accounts") => AdminAtOrAbove,
        (_, "/admin/orgs/{id}/edit" | "/admin/orgs/{id}/disable" | "/admin/orgs/{id}/enable") => {
            AdminAbove
        }
        (_, "/admin/orgs/{id}/merge" | "/api/v1/orgs/{id}/disable") => AdminAbove,
        (_, "/api/v1/orgs/{id}/enable" | "/api/v1/orgs/{id}/merge") => AdminAbove,
        (_, "/articles/{id}" | "/api/v1/articles/{id}") => ArticleOwn,
        (_, "/api/v1/articles/{id}/submit" | "/api/v1/articles/{id}/withdraw") => ArticleOwn,
        (_, p) if p.starts_with("/articles/{id}/") => ArticleOwn,
        (_, "/review/{id}" | "/api/v1/review/articles/{id}") => ArticleReview,
        (_, "/api/v1/review/articles/{id}/{move}") => ArticleReview,
        (_, p) if p.starts_with("/review/list/{id}/") => ArticleInProvinceList,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Level {
    Post,
    District,
    Provincial,
    National,
}

struct Identity {
    name: &'static str,
    level: Level,
    reviewer: bool,
    admin: bool,
}

const IDENTITIES: [Identity; 8] = [
    Identity {
        name: "gang_demo",
        level: Level::Post,
        reviewer: false,
        admin: false,
    },
    Identity {
        name: "yz_reviewer",
        level: Level::District,
        reviewer: true,
        admin: false,
    },
    Identity {
        name: "yz_admin",
        level: Level::District,
        reviewer: false,
        admin: true,
    },
    Identity {
        name: "cq_reviewer",
        level: Level::Provincial,
        reviewer: true,
        admin: false,
    },
    Identity {
        name: "cq_admin",
        level: Level::Provincial,
        reviewer: false,
        admin: true,
    },
    Identity {
        name: "qg_reviewer",
        level: Level::National,
        reviewer: true,
        admin: false,
    },
    Identity {
        name: "qg_admin",
        level: Level::National,
        reviewer: false,
        admin: true,
    },
    Identity {
        name: "gang_bank",
        level: Level::Post,
        reviewer: false,
        admin: false,
    },
];

/// The target organisation: the district 渝中区 (500103, inside Chongqing) or a Sichuan one.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Side {
    Chongqing,
    Sichuan,
}

fn allowed(rule: Rule, who: &Identity, side: Side) -> bool {
    use Rule::*;
    // 渝中区 lies in the subtree of national, Chongqing and 渝中区 itself; Sichuan only of national.
    let sees = match side {
        Side::Chongqing => who.level != Level::Post,
        Side::Sichuan => who.level == Level::National,
    };
    let above = sees && matches!(who.level, Level::National | Level::Provincial);
    match rule {
        Public | SignedIn => true,
        Federation => who.level != Level::Post,
        Reviewer => who.reviewer,
        ProvincialReviewer => who.reviewer && who.level == Level::Provincial,
        Post => who.level == Level::Post,
        Admin => who.admin,
        NationalAdmin => who.admin && who.level == Level::National,
        National => who.level == Level::National,
        FederationAdmin => who.admin && who.level != Level::Post,
        ViewOrg => sees,
        AdminAtOrAbove => who.admin && sees,
        AdminAbove => who.admin && above,
        // The Chongqing article is gang_demo's; the Sichuan one belongs to a post nobody here
        // signs in for. `sees` (a federation above the post) is the same as for organisations.
        ArticleOwn => owns_article(who, side),
        ArticleReview => who.reviewer && sees,
        ArticleInProvinceList => who.reviewer && who.level == Level::Provincial && sees,
    }
}

fn owns_article(who: &Identity, side: Side) -> bool {
    side == Side::Chongqing && who.name == "gang_demo"
}

/// The objects a route's `{id}` can name, on each side.
struct Objects {
    /// 渝中区 (500103) and the Sichuan province.
    orgs: (i64, i64),
    /// A submitted article of gang_demo's post (in 渝中区) and one of the Sichuan post P51001.
    articles: (i64, i64),
}

fn concrete(path: &str, rule: Rule, objects: &Objects, side: Side) -> String {
    let (chongqing, sichuan) = if rule.on_article() {
        objects.articles
    } else {
        objects.orgs
    };
    let id = match side {
        Side::Chongqing => chongqing,
        Side::Sichuan => sichuan,
    };
    path.replace("{id}", &id.to_string())
        .replace("{move}", "reject")
}

/// The newest article of the post `code` that has been submitted at least once.
async fn submitted_article_of(app: &jinguo_testkit::TestApp, code: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = &app.ctx.db.conn;
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            conn.get_database_backend(),
            "SELECT a.id AS id FROM articles a JOIN organisations o ON o.id = a.post_org_id \
             WHERE o.code = $1 AND EXISTS (SELECT 1 FROM article_revisions r \
             WHERE r.article_id = a.id) ORDER BY a.id DESC LIMIT 1",
            [code.into()],
        ))
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a submitted demo article of {code}"));
    row.try_get::<i64>("", "id").unwrap()
}

fn is_login_redirect(r: &TestResponse) -> bool {
    r.status == 401
        || (r.status == 303
            && r.location
                .as_deref()
                .is_some_and(|l| l.starts_with("/login")))
}

async fn send(client: &mut Client, method: &str, path: &str) -> TestResponse {
    match (method, path.starts_with("/api/")) {
        ("get", _) => client.get(path).await,
        (_, true) => {
            client
                .json(&method.to_uppercase(), path, &serde_json::json!({}))
                .await
        }
        (_, false) => client.post_form(path, &[]).await,
    }
}

/// What a refused write must not change: rows of the tables the routes write, and each
/// organisation's and account's state.
async fn fingerprint(app: &jinguo_testkit::TestApp) -> String {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = "SELECT (SELECT COUNT(*) FROM organisations) || '/' || \
               (SELECT COUNT(*) FROM organisations WHERE status = 'active') || '/' || \
               (SELECT COUNT(*) FROM accounts) || '/' || \
               (SELECT COUNT(*) FROM accounts WHERE disabled) || '/' || \
               (SELECT COUNT(*) FROM articles) || '/' || \
               (SELECT SUM(version) FROM articles) || '/' || \
               (SELECT COUNT(*) FROM article_events) || '/' || \
               (SELECT COUNT(*) FROM article_revisions) || '/' || \
               (SELECT COUNT(*) FROM recommendations) || '/' || \
               (SELECT COUNT(*) FROM media) || '/' || \
               (SELECT COUNT(*) FROM press_kits) || '/' || \
               (SELECT COUNT(*) FROM press_contacts) || '/' || \
               (SELECT COUNT(*) FROM audit_events) AS f";
    let conn = &app.ctx.db.conn;
    let row = conn
        .query_one_raw(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<String>("", "f").unwrap()
}

on_both_backends!(
    with_showcase,
    the_authorization_matrix_holds_for_every_route,
    |app| {
        let routes = registered_routes();
        assert!(
            routes.len() > 90,
            "the router was read: {} routes",
            routes.len()
        );
        let unruled: Vec<_> = routes
            .iter()
            .filter(|(m, p)| rule(m, p).is_none() && !COVERED_ELSEWHERE.iter().any(|(c, _)| c == p))
            .collect();
        assert!(
            unruled.is_empty(),
            "routes without an authorization rule: {unruled:?}"
        );

        let chongqing = org_id_anywhere(app, "500103").await;
        let sichuan_post = org_id_anywhere(app, "P51001").await;
        let sichuan =
            jinguo_storage::repo::orgs::get(&app.ctx.db.conn, jinguo_domain::OrgId(sichuan_post))
                .await
                .unwrap()
                .unwrap()
                .parent_id
                .unwrap()
                .0;
        let objects = Objects {
            orgs: (chongqing, sichuan),
            articles: (
                submitted_article_of(app, "P500103001").await,
                submitted_article_of(app, "P51001").await,
            ),
        };
        let mut clients = Vec::new();
        let mut bearers = Vec::new();
        for who in &IDENTITIES {
            let mut session = app.signed_in(who.name).await;
            let issued = session
                .json(
                    "POST",
                    "/api/v1/tokens",
                    &serde_json::json!({ "name": "矩阵" }),
                )
                .await;
            assert_eq!(issued.status, 201, "{}", issued.text);
            let mut bearer = app.client();
            bearer.bearer = Some(issued.json()["token"].as_str().unwrap().to_string());
            clients.push(session);
            bearers.push(bearer);
        }
        let mut anonymous = app.client();
        let before = fingerprint(app).await;
        let mut cells = 0;
        let mut failures = Vec::new();
        for (method, template) in &routes {
            let Some(rule) = rule(method, template) else {
                continue;
            };
            if template == "/logout" || template == "/login" {
                continue; // Signing out or in changes the identity, not an object.
            }
            let sides: &[Side] = if template.contains("{id}") {
                &[Side::Chongqing, Side::Sichuan]
            } else {
                &[Side::Chongqing]
            };
            for &side in sides {
                let path = concrete(template, rule, &objects, side);
                // Anonymous: only public routes answer, writes included (CSRF refuses those first).
                if *method == "get" {
                    let response = anonymous.get(&path).await;
                    cells += 1;
                    let ok = if rule == Rule::Public {
                        response.status < 400
                    } else {
                        is_login_redirect(&response)
                    };
                    if !ok {
                        failures.push(format!("anonymous {method} {path} → {}", response.status));
                    }
                }
                // Sessions for every route; API tokens of the same accounts for the API.
                let api = path.starts_with("/api/v1/");
                let callers = IDENTITIES
                    .iter()
                    .zip(clients.iter_mut())
                    .map(|(who, c)| (who, c, "session"))
                    .chain(
                        IDENTITIES
                            .iter()
                            .zip(bearers.iter_mut())
                            .filter(|_| api)
                            .map(|(who, c)| (who, c, "token")),
                    );
                for (who, client, how) in callers {
                    let expected = allowed(rule, who, side);
                    if *method != "get" && expected {
                        continue;
                    }
                    let response = send(client, method, &path).await;
                    cells += 1;
                    let ok = if expected {
                        response.status < 400 && !is_login_redirect(&response)
                    } else if *method == "get" {
                        response.status == 403 || response.status == 404
                    } else {
                        // A refused write: 403/404 from the policy, or 400/422 when the body's
                        // shape is refused before the policy is asked (the same answer for every
                        // id, so it tells nothing about the object); the fingerprint shows that
                        // nothing moved.
                        matches!(response.status, 400 | 403 | 404 | 422)
                    };
                    if !ok {
                        failures.push(format!(
                            "{} ({how}) {method} {path}: expected {}, got {}",
                            who.name,
                            if expected { "allowed" } else { "403/404" },
                            response.status
                        ));
                    }
                }
            }
        }
        assert_eq!(
            fingerprint(app).await,
            before,
            "a refused write changed something"
        );
        eprintln!(
            "authorization matrix: {} routes, {cells} cells checked",
            routes.len()
        );
        assert!(
            failures.is_empty(),
            "{} cells wrong:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
);
