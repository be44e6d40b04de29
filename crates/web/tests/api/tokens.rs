//! An integration signs in with a bearer token: issued once through a session, good for
//! writes without CSRF, and dead the moment it is revoked.

use crate::support::{assert_error, field_message, org_id, post, with_token};
use serde_json::json;

jinguo_testkit::on_both_backends!(
    with_demo,
    a_session_issues_a_token_shown_once_that_then_authenticates,
    |app| {
        let mut session = app.signed_in("cq_admin").await;
        let issued = session
            .json("POST", "/api/v1/tokens", &json!({ "name": "数据中台" }))
            .await;
        assert_eq!(issued.status, 201, "{}", issued.text);
        let body = issued.json();
        let token = body["token"].as_str().unwrap().to_string();
        assert!(token.starts_with("jgt_"), "{token}");
        assert_eq!(body["details"]["name"], "数据中台");
        assert_eq!(body["details"]["created_at"], "2026-06-01T04:00:00Z");

        let listed = session.get("/api/v1/tokens").await;
        assert_eq!(listed.status, 200, "{}", listed.text);
        listed.assert_not_contains(&token);
        assert_eq!(listed.json()["items"].as_array().unwrap().len(), 1);

        let mut integration = app.client();
        integration.bearer = Some(token);
        let me = integration.get("/api/v1/me").await;
        assert_eq!(me.status, 200, "{}", me.text);
        assert_eq!(me.json()["username"], "cq_admin");
        let seen = integration.get("/api/v1/tokens").await.json();
        assert_eq!(seen["items"][0]["last_used_at"], "2026-06-01T04:00:00Z");
        assert!(seen["items"][0]["revoked_at"].is_null());
    }
);

jinguo_testkit::on_both_backends!(with_demo, a_bearer_token_post_needs_no_csrf_token, |app| {
    let mut integration = with_token(app, "cq_admin").await;
    assert!(integration.csrf.is_none());
    let post_id = org_id(&mut integration, "P500103003").await;
    let disabled = post(&mut integration, &format!("/api/v1/orgs/{post_id}/disable")).await;
    assert_eq!(disabled.status, 200, "{}", disabled.text);
    assert_eq!(disabled.json()["status"], "disabled");
    let yz = org_id(&mut integration, "500103").await;
    let renamed = integration
        .json(
            "PATCH",
            &format!("/api/v1/orgs/{yz}"),
            &json!({ "name": "渝中区妇联（接口）" }),
        )
        .await;
    assert_eq!(renamed.status, 200, "{}", renamed.text);
});

jinguo_testkit::on_both_backends!(with_demo, a_revoked_token_answers_401, |app| {
    let mut session = app.signed_in("cq_admin").await;
    let issued = session
        .json("POST", "/api/v1/tokens", &json!({ "name": "临时" }))
        .await
        .json();
    let id = issued["details"]["id"].as_i64().unwrap();
    let mut integration = app.client();
    integration.bearer = Some(issued["token"].as_str().unwrap().to_string());
    assert_eq!(integration.get("/api/v1/me").await.status, 200);

    let revoked = session
        .json("DELETE", &format!("/api/v1/tokens/{id}"), &json!({}))
        .await;
    assert_eq!(revoked.status, 204, "{}", revoked.text);
    assert_error(&integration.get("/api/v1/me").await, 401, "unauthenticated");
    assert_error(
        &post(&mut integration, "/api/v1/tokens").await,
        401,
        "unauthenticated",
    );
    assert_error(
        &session
            .json("DELETE", &format!("/api/v1/tokens/{id}"), &json!({}))
            .await,
        404,
        "not_found",
    );
    let listed = session.get("/api/v1/tokens").await.json();
    assert_eq!(listed["items"][0]["revoked_at"], "2026-06-01T04:00:00Z");
});

jinguo_testkit::on_both_backends!(
    with_demo,
    a_token_of_someone_else_cannot_be_revoked,
    |app| {
        let mut yz = app.signed_in("yz_admin").await;
        let theirs = yz
            .json("POST", "/api/v1/tokens", &json!({ "name": "渝中区" }))
            .await
            .json();
        let id = theirs["details"]["id"].as_i64().unwrap();
        let mut cq = app.signed_in("cq_admin").await;
        assert_error(
            &cq.json("DELETE", &format!("/api/v1/tokens/{id}"), &json!({}))
                .await,
            404,
            "not_found",
        );
        let mut integration = app.client();
        integration.bearer = Some(theirs["token"].as_str().unwrap().to_string());
        assert_eq!(
            integration.get("/api/v1/me").await.json()["username"],
            "yz_admin"
        );
    }
);

jinguo_testkit::on_both_backends!(with_demo, a_token_needs_a_name, |app| {
    let mut session = app.signed_in("cq_admin").await;
    let refused = session
        .json("POST", "/api/v1/tokens", &json!({ "name": "  " }))
        .await;
    assert_eq!(
        field_message(&assert_error(&refused, 422, "invalid"), "name"),
        "必填，不能为空"
    );
    assert_eq!(
        session.get("/api/v1/tokens").await.json()["items"],
        json!([])
    );
});

jinguo_testkit::on_both_backends!(with_demo, an_unknown_bearer_token_answers_401, |app| {
    let mut stranger = app.client();
    stranger.bearer = Some("jgt_not-a-real-token".into());
    assert_error(&stranger.get("/api/v1/orgs").await, 401, "unauthenticated");
    assert_error(
        &post(&mut stranger, "/api/v1/tokens").await,
        401,
        "unauthenticated",
    );
});
