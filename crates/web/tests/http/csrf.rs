//! Every state-changing request made with a cookie carries the session's CSRF token.

use crate::support::{org_count, org_id};
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_form_post_without_a_csrf_token_is_refused_and_changes_nothing,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        let cq = org_id(&mut admin, "50").await;
        let before = org_count(app).await;
        let body = "kind=district&code=CQ-NEW&name=%E6%96%B0%E5%8C%BA".to_string();
        let page = admin
            .post_raw_form(&format!("/admin/orgs/{cq}/new"), body)
            .await;
        assert_eq!(page.status, 403);
        page.assert_contains("安全令牌");
        assert_eq!(org_count(app).await, before);
    }
);

on_both_backends!(with_demo, a_forged_csrf_token_is_refused, |app| {
    let mut admin = app.signed_in("cq_admin").await;
    let cq = org_id(&mut admin, "50").await;
    let before = org_count(app).await;
    let forged = "0".repeat(64);
    let page = admin
        .post_form(
            &format!("/admin/orgs/{cq}/new"),
            &[
                ("_csrf", &forged),
                ("kind", "district"),
                ("code", "CQ-NEW"),
                ("name", "新区"),
            ],
        )
        .await;
    assert_eq!(page.status, 403);
    assert_eq!(org_count(app).await, before);
});

on_both_backends!(with_demo, a_post_from_another_site_is_refused, |app| {
    let mut client = app.client();
    let request = axum::http::Request::post("/login")
        .header("content-type", "application/x-www-form-urlencoded")
        .header("host", "jinguo.example")
        .header("origin", "https://evil.example")
        .body(axum::body::Body::from(
            "username=cq_admin&password=Jinguo%402020",
        ))
        .unwrap();
    let response = client.send(request).await;
    assert_eq!(response.status, 403);
    assert!(!client.has_cookie("jinguo_session"));
});

on_both_backends!(
    with_demo,
    a_cookie_api_write_without_the_csrf_header_is_refused,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        admin.csrf = None;
        let response = admin
            .json("POST", "/api/v1/tokens", &serde_json::json!({"name": "x"}))
            .await;
        assert_eq!(response.status, 403);
        assert_eq!(response.json()["error"]["code"], "csrf_failed");
    }
);

// The token in the URL ends up in access logs and `Referer` headers, so it is never accepted
// there, not even for uploads.
on_both_backends!(
    with_demo,
    a_csrf_token_in_the_url_is_refused_for_forms_and_uploads,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        let cq = org_id(&mut admin, "50").await;
        let token = admin.csrf.clone().expect("token");
        let before = org_count(app).await;
        let body = "kind=district&code=CQ-NEW&name=%E6%96%B0%E5%8C%BA".to_string();
        let page = admin
            .post_raw_form(&format!("/admin/orgs/{cq}/new?_csrf={token}"), body)
            .await;
        assert_eq!(page.status, 403);
        assert_eq!(org_count(app).await, before);

        admin.csrf = None;
        let upload = admin
            .post_multipart_parts(
                &format!("/notices/new?_csrf={token}"),
                &[("title", "地址栏里的令牌"), ("body", "正文"), ("all", "1")],
                &[],
            )
            .await;
        assert_eq!(upload.status, 403);
        upload.assert_contains("安全令牌");
        assert!(
            !admin
                .get("/notices?tab=sent")
                .await
                .text
                .contains("地址栏里的令牌")
        );
    }
);

// A multipart form carries the token as its first field, the way the page's hidden input
// sends it; a token further down is not searched for, so the guard never reads a whole upload.
on_both_backends!(
    with_demo,
    an_upload_form_carries_its_token_as_the_first_field,
    |app| {
        let mut admin = app.signed_in("cq_admin").await;
        let token = admin.csrf.clone().expect("token");
        admin.csrf = None;
        let late = admin
            .post_multipart_parts(
                "/notices/new",
                &[
                    ("title", "令牌在后"),
                    ("body", "正文"),
                    ("all", "1"),
                    ("_csrf", &token),
                ],
                &[("files", "清单.pdf", b"%PDF-1.4\nminimal")],
            )
            .await;
        assert_eq!(late.status, 403);
        let first = admin
            .post_multipart_parts(
                "/notices/new",
                &[
                    ("_csrf", &token),
                    ("title", "令牌在前"),
                    ("body", "正文"),
                    ("all", "1"),
                ],
                &[("files", "清单.pdf", b"%PDF-1.4\nminimal")],
            )
            .await;
        assert_eq!(first.status, 303, "{}", first.text);
        let sent = admin.get("/notices?tab=sent").await;
        sent.assert_contains("令牌在前");
        assert!(!sent.text.contains("令牌在后"));
    }
);
