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
