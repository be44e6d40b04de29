//! Issue 11 §7–8: every response carries the security headers (CSP without inline script or
//! style, no framing, no sniffing, a strict referrer policy); the page cache keys only on
//! configured host names; admin forms are shown only to those whose save would be accepted.

use crate::support::org_id;
use jinguo_testkit::{Client, on_both_backends};
use jinguo_web::{AppState, WebSettings};

fn assert_secure(path: &str, response: &jinguo_testkit::TestResponse) {
    let header = |name: &str| {
        response
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let csp = header("content-security-policy");
    assert!(csp.contains("default-src 'self'"), "{path}: CSP is {csp:?}");
    assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp:?}");
    assert!(
        !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
        "{path}: {csp:?}"
    );
    assert_eq!(header("x-content-type-options"), "nosniff", "{path}");
    assert_eq!(header("referrer-policy"), "same-origin", "{path}");
    assert_eq!(header("x-frame-options"), "DENY", "{path}");
}

on_both_backends!(
    with_showcase,
    every_kind_of_response_carries_the_security_headers,
    |app| {
        let mut reader = app.client();
        // The front page twice: rendered, then from the page cache's fast path.
        for path in [
            "/",
            "/",
            "/news",
            "/login",
            "/no-such-page",
            "/api/v1/public/articles",
        ] {
            let response = reader.get(path).await;
            assert_secure(path, &response);
        }
        let home = reader.get("/").await;
        let css = home
            .text
            .split('"')
            .find(|s| s.starts_with("/static/") && s.ends_with(".css"))
            .expect("the page links its stylesheet")
            .to_string();
        assert_secure(&css, &reader.get(&css).await);
        let mut admin = app.signed_in("qg_admin").await;
        for path in ["/workbench", "/admin/orgs", "/api/v1/me"] {
            let response = admin.get(path).await;
            assert!(response.status < 400, "{path}: {}", response.status);
            assert_secure(path, &response);
        }
    }
);

on_both_backends!(with_showcase, pages_hold_no_inline_script_or_style, |app| {
    let mut admin = app.signed_in("cq_admin").await;
    let mut reader = app.client();
    let mut pages = Vec::new();
    for path in ["/", "/news", "/featured", "/login"] {
        pages.push((path, reader.get(path).await.text));
    }
    for path in [
        "/workbench",
        "/admin/orgs",
        "/dashboard",
        "/notices",
        "/review",
    ] {
        pages.push((path, admin.get(path).await.text));
    }
    for (path, html) in pages {
        let lower = html.to_lowercase();
        assert!(!lower.contains("<style"), "{path} has a <style> element");
        assert!(!lower.contains(" style="), "{path} has a style attribute");
        for tag in lower.split("<script").skip(1) {
            let open = tag.split('>').next().unwrap_or_default();
            assert!(
                open.contains(" src="),
                "{path} has an inline script: <script{open}>"
            );
        }
        assert!(
            !lower.contains(" onclick=") && !lower.contains(" onload="),
            "{path}"
        );
    }
});

on_both_backends!(
    with_showcase,
    ten_thousand_invented_hosts_make_no_new_cached_pages,
    |app| {
        let state = AppState::new(
            app.ctx.clone(),
            WebSettings {
                allowed_hosts: vec!["gang.example.cn".into(), "localhost:8080".into()],
                ..WebSettings::default()
            },
        );
        let mut reader = Client::new(jinguo_web::router(state.clone()));
        let get_as = |host: String| {
            axum::http::Request::get("/")
                .header("host", host)
                .body(axum::body::Body::empty())
                .expect("request")
        };
        let page = reader.send(get_as("gang.example.cn".into())).await;
        page.assert_contains("http://gang.example.cn/feeds/");
        let entries = state.pages.len();
        let bytes = state.pages.bytes();
        for n in 0..10_000 {
            let response = reader.send(get_as(format!("h{n}.evil.example"))).await;
            assert_eq!(response.status, 200);
            if n == 0 {
                // An unknown host is answered as the first allowed one, never echoed back.
                response.assert_contains("http://gang.example.cn/feeds/");
                assert!(!response.text.contains("evil.example"));
            }
        }
        assert_eq!(state.pages.len(), entries, "no entry per invented host");
        assert_eq!(state.pages.bytes(), bytes);
        // An allowed host in another letter case is the same host.
        let page = reader.send(get_as("LOCALHOST:8080".into())).await;
        page.assert_contains("http://localhost:8080/feeds/");
    }
);

on_both_backends!(
    with_demo,
    admin_forms_are_shown_only_to_those_who_may_save_them,
    |app| {
        let mut national = app.signed_in("qg_admin").await;
        let cq = org_id(&mut national, "50").await;
        let mut reviewer = app.signed_in("cq_reviewer").await;
        let mut post = app.signed_in("gang_demo").await;
        let refused = [
            ("reviewer", format!("/admin/orgs/{cq}/new")),
            ("reviewer", "/admin/campaigns/new".to_string()),
            ("reviewer", "/admin/import".to_string()),
            ("reviewer", format!("/admin/orgs/{cq}/accounts/new")),
            ("post", "/admin/campaigns/new".to_string()),
            ("post", "/admin/sensitive-words".to_string()),
        ];
        for (who, path) in refused {
            let client = if who == "post" {
                &mut post
            } else {
                &mut reviewer
            };
            let page = client.get(&path).await;
            assert!(
                page.status == 403 || page.status == 404,
                "{path} answered {}",
                page.status
            );
            assert!(
                !page.text.contains("<form method=\"post\" action=\"/admin"),
                "{path}"
            );
        }
        // The admin who may save sees each form.
        for path in [
            format!("/admin/orgs/{cq}/new"),
            "/admin/campaigns/new".into(),
            "/admin/import".into(),
        ] {
            assert_eq!(national.get(&path).await.status, 200, "{path}");
        }
    }
);
