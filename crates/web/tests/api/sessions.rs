//! Browser sessions on the API: reads need the cookie only, writes also need the CSRF header;
//! an account that must change its password, or no sign-in at all, gets nothing.

use crate::support::{assert_error, org_id, post, send_raw};
use serde_json::json;

jinguo_testkit::on_both_backends!(
    with_demo,
    a_cookie_post_without_the_csrf_header_is_refused_and_changes_nothing,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let post_id = org_id(&mut cq, "P500103003").await;
        let token = cq.csrf.take().expect("a CSRF token after signing in");

        let disable = post(&mut cq, &format!("/api/v1/orgs/{post_id}/disable")).await;
        assert_eq!(disable.status, 403, "{}", disable.text);
        let rename = cq
            .json(
                "PATCH",
                &format!("/api/v1/orgs/{post_id}"),
                &json!({ "name": "被改掉的名字" }),
            )
            .await;
        assert_eq!(rename.status, 403, "{}", rename.text);
        let issue = cq
            .json("POST", "/api/v1/tokens", &json!({ "name": "偷偷签发" }))
            .await;
        assert_eq!(issue.status, 403, "{}", issue.text);
        cq.csrf = Some("a-forged-token".into());
        assert_eq!(
            post(&mut cq, &format!("/api/v1/orgs/{post_id}/disable"))
                .await
                .status,
            403
        );

        cq.csrf = Some(token);
        let org = cq.get(&format!("/api/v1/orgs/{post_id}")).await.json();
        assert_eq!(org["org"]["status"], "active");
        assert_eq!(org["org"]["name"], "七星岗社区便民服务中心");
        assert_eq!(cq.get("/api/v1/tokens").await.json()["items"], json!([]));
        assert_eq!(
            cq.get("/api/v1/audit?action=org_disabled").await.json()["total"],
            0
        );
        let with_header = send_raw(
            &mut cq,
            "POST",
            &format!("/api/v1/orgs/{post_id}/disable"),
            "application/json",
            "{}",
        )
        .await;
        assert_eq!(
            with_header.status, 200,
            "the same request with the header goes through: {}",
            with_header.text
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    an_account_that_must_change_its_password_gets_403,
    |app| {
        let mut gang = app.client();
        let signed_in = gang.login("gang_demo", jinguo_testkit::DEMO_PASSWORD).await;
        assert_eq!(signed_in.location.as_deref(), Some("/account/password"));
        assert_error(
            &gang.get("/api/v1/me").await,
            403,
            "password_change_required",
        );
        assert_error(
            &gang.get("/api/v1/orgs").await,
            403,
            "password_change_required",
        );
        assert_error(
            &gang.get("/api/v1/tokens").await,
            403,
            "password_change_required",
        );
    }
);

jinguo_testkit::on_both_backends!(with_demo, calls_without_any_sign_in_answer_401, |app| {
    let mut anonymous = app.client();
    assert_error(&anonymous.get("/api/v1/orgs").await, 401, "unauthenticated");
    assert_error(
        &anonymous.get("/api/v1/accounts").await,
        401,
        "unauthenticated",
    );
    let create = anonymous
        .json(
            "POST",
            "/api/v1/orgs",
            &json!({ "parent_id": 1, "code": "X", "name": "X", "kind": "district" }),
        )
        .await;
    assert_error(&create, 401, "unauthenticated");
});
