//! An admin reads the audit log of her subtree over JSON, filtered by action.

use crate::support::{assert_error, field_message, org_id, post};

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_reads_her_subtrees_audit_log_filtered_by_action,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let post_id = org_id(&mut cq, "P500103003").await;
        assert_eq!(
            post(&mut cq, &format!("/api/v1/orgs/{post_id}/disable"))
                .await
                .status,
            200
        );
        assert_eq!(
            post(&mut cq, &format!("/api/v1/orgs/{post_id}/enable"))
                .await
                .status,
            200
        );
        assert_eq!(
            app.client()
                .login("yz_reviewer", "wrong-password1")
                .await
                .status,
            401
        );
        let mut qg = app.signed_in("qg_admin").await;
        let beijing_post = org_id(&mut qg, "P11001").await;
        assert_eq!(
            post(&mut qg, &format!("/api/v1/orgs/{beijing_post}/disable"))
                .await
                .status,
            200
        );

        let disabled = cq.get("/api/v1/audit?action=org_disabled").await;
        assert_eq!(disabled.status, 200, "{}", disabled.text);
        let body = disabled.json();
        assert_eq!(
            body["total"], 1,
            "Beijing's events stay outside Chongqing: {body}"
        );
        let event = &body["items"][0];
        assert_eq!(event["action"], "org_disabled");
        assert_eq!(event["action_label"], "停用组织");
        assert_eq!(event["actor_name"], "cq_admin");
        assert_eq!(event["at"], "2026-06-01T04:00:00Z");
        assert!(
            event["target"].as_str().unwrap().contains("P500103003"),
            "{event}"
        );

        let failed = cq.get("/api/v1/audit?action=login_failed").await.json();
        assert_eq!(failed["items"][0]["target"], "yz_reviewer");
        assert_eq!(failed["items"][0]["detail"], "wrong_password");
        assert_eq!(failed["items"][0]["detail_label"], "密码错误");

        let all = cq.get("/api/v1/audit?per_page=2").await.json();
        assert!(all["total"].as_u64().unwrap() >= 4, "{all}");
        assert_eq!(all["items"].as_array().unwrap().len(), 2);
        assert_eq!(
            qg.get("/api/v1/audit?action=org_disabled").await.json()["total"],
            2
        );
    }
);

jinguo_testkit::on_both_backends!(
    with_demo,
    an_unknown_action_filter_answers_422_and_reviewers_get_403,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let body = assert_error(
            &cq.get("/api/v1/audit?action=everything").await,
            422,
            "invalid",
        );
        field_message(&body, "action");
        let mut reviewer = app.signed_in("cq_reviewer").await;
        assert_error(&reviewer.get("/api/v1/audit").await, 403, "forbidden");
    }
);
