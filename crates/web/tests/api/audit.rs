//! An admin reads the audit log of her subtree over JSON (and on the page), filtered by
//! action, actor and China days.

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

jinguo_testkit::on_both_backends!(
    with_demo,
    admin_filters_the_log_by_who_and_by_china_days,
    |app| {
        let mut cq = app.signed_in("cq_admin").await;
        let post_id = org_id(&mut cq, "P500103003").await;
        // 2026-06-01 12:00 in China: cq_admin disables the post.
        let done = post(&mut cq, &format!("/api/v1/orgs/{post_id}/disable")).await;
        assert_eq!(done.status, 200, "{}", done.text);
        // 2026-06-01 23:30 in China (15:30 UTC), still the first of June there.
        app.clock.advance(chrono::Duration::minutes(11 * 60 + 30));
        let mut yz = app.signed_in("yz_admin").await;
        let done = post(&mut yz, &format!("/api/v1/orgs/{post_id}/enable")).await;
        assert_eq!(done.status, 200, "{}", done.text);
        // 2026-06-02 00:30 in China (16:30 UTC, still the first in UTC): the next China day.
        app.clock.advance(chrono::Duration::hours(1));
        let mut cq = app.signed_in("cq_admin").await;
        let done = post(&mut cq, &format!("/api/v1/orgs/{post_id}/disable")).await;
        assert_eq!(done.status, 200, "{}", done.text);

        let first_of_june = org_events(&mut cq, "from=2026-06-01&to=2026-06-01").await;
        assert_eq!(
            first_of_june,
            vec![
                ("org_enabled".to_string(), "yz_admin".to_string()),
                ("org_disabled".to_string(), "cq_admin".to_string()),
            ],
            "23:30 in China is still the first; 00:30 the next day is not"
        );
        let second = org_events(&mut cq, "from=2026-06-02").await;
        assert_eq!(
            second,
            vec![("org_disabled".to_string(), "cq_admin".to_string())]
        );
        let by_yz = org_events(&mut cq, "actor=yz_admin").await;
        assert_eq!(
            by_yz,
            vec![("org_enabled".to_string(), "yz_admin".to_string())]
        );
        let both = org_events(
            &mut cq,
            "actor=cq_admin&action=org_disabled&from=2026-06-01&to=2026-06-02",
        )
        .await;
        assert_eq!(both.len(), 2, "{both:?}");

        let backwards = assert_error(
            &cq.get("/api/v1/audit?from=2026-06-02&to=2026-06-01").await,
            422,
            "invalid",
        );
        assert_eq!(field_message(&backwards, "to"), "结束日期不能早于开始日期");
        assert_error(&cq.get("/api/v1/audit?from=6月1日").await, 422, "invalid");

        // The page has the same filters, and keeps them in its form and its pager.
        let page = cq
            .get("/admin/audit?actor=yz_admin&from=2026-06-01&to=2026-06-01")
            .await;
        assert_eq!(page.status, 200);
        page.assert_contains("value=\"yz_admin\"")
            .assert_contains("value=\"2026-06-01\"")
            .assert_contains("启用组织")
            .assert_not_contains("停用组织</td>");
        let wrong = cq.get("/admin/audit?from=2026-06-02&to=2026-06-01").await;
        assert_eq!(wrong.status, 200);
        wrong.assert_contains("结束日期不能早于开始日期，以下为全部记录。");
        let bad_day = cq.get("/admin/audit?from=6%E6%9C%881%E6%97%A5").await;
        bad_day.assert_contains("不是日期，请按 2026-05-09 的格式填写");
    }
);

/// (action, actor) of the organisation events the filter `query` lists, newest first.
async fn org_events(client: &mut jinguo_testkit::Client, query: &str) -> Vec<(String, String)> {
    let answer = client.get(&format!("/api/v1/audit?{query}")).await;
    assert_eq!(answer.status, 200, "{query}: {}", answer.text);
    answer.json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap().to_string(),
                e["actor_name"].as_str().unwrap().to_string(),
            )
        })
        .filter(|(action, _)| action.starts_with("org_"))
        .collect()
}
