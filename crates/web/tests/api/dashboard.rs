//! The dashboard over JSON: figures of the caller's subtree only, and no figures for posts.

use crate::support::{assert_error, with_token};
use jinguo_testkit::on_both_backends;
use serde_json::{Value, json};

fn unit<'a>(body: &'a Value, name: &str) -> &'a Value {
    body["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["name"] == name)
        .unwrap_or_else(|| panic!("no unit {name} in {body}"))
}

on_both_backends!(
    with_demo,
    the_dashboard_answers_the_callers_subtree,
    |app| {
        let mut post = with_token(app, "gang_demo").await;
        let campaigns = post.get("/api/v1/campaigns").await.json();
        let campaign = campaigns["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == "wangshangxing-2026")
            .unwrap()["id"]
            .clone();
        let created = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": {"title": "夜班", "themes": ["guard"],
                "blocks": [{"type": "paragraph", "text": "正文。"}]}}),
            )
            .await
            .json();
        let sent = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", created["id"]),
                &json!({"version": created["version"]}),
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.text);

        let mut province = with_token(app, "cq_reviewer").await;
        let body = province.get("/api/v1/dashboard").await;
        assert_eq!(body.status, 200, "{}", body.text);
        let body = body.json();
        assert_eq!(body["submitted"], 1);
        assert_eq!(body["campaign_id"], campaign);
        let pending = body["by_status"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["status"] == "pending")
            .unwrap();
        assert_eq!(pending["count"], 1);
        assert_eq!(unit(&body, "渝中区")["submitted"], 1);
        assert_eq!(unit(&body, "渝中区")["quota"], "met");
        assert_eq!(unit(&body, "万州区")["quota"], "silent");
        assert!(!body.to_string().contains("湖北省"));

        let mut national = with_token(app, "qg_reviewer").await;
        let body = national.get("/api/v1/dashboard").await.json();
        assert_eq!(unit(&body, "重庆市")["submitted"], 1);
        assert_eq!(unit(&body, "重庆市")["quota"], "below");
        assert_eq!(unit(&body, "重庆市")["missing"], 30);

        assert_error(&post.get("/api/v1/dashboard").await, 403, "forbidden");
        assert_error(
            &province.get("/api/v1/dashboard?campaign=999999").await,
            404,
            "not_found",
        );
    }
);

on_both_backends!(
    with_demo,
    figures_kept_on_one_instance_follow_a_move_made_on_another,
    |app| {
        // The national dashboard and the province's units to chase, read (and kept) on A.
        let mut national = with_token(app, "qg_reviewer").await;
        let before = national.get("/api/v1/dashboard").await.json();
        let again = national.get("/api/v1/dashboard").await.json();
        assert_eq!(before, again, "nothing changed, the same figures");
        let mut province = with_token(app, "cq_reviewer").await;
        let chase_before = province.get("/api/v1/dashboard").await.json();

        // A post submits through instance B.
        let b = app.second_instance();
        let mut post = with_token(app, "gang_demo").await.on_instance(b);
        let campaign = before["campaign_id"].clone();
        let created = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": {"title": "另一台服务器上的稿件",
                "themes": ["guard"], "blocks": [{"type": "paragraph", "text": "正文。"}]}}),
            )
            .await
            .json();
        let sent = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", created["id"]),
                &json!({"version": created["version"]}),
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.text);

        // A counts it at once: its kept figures saw the history move.
        let after = national.get("/api/v1/dashboard").await.json();
        assert_eq!(
            after["submitted"].as_i64(),
            before["submitted"].as_i64().map(|n| n + 1)
        );
        assert_eq!(
            unit(&after, "重庆市")["submitted"].as_i64(),
            unit(&before, "重庆市")["submitted"].as_i64().map(|n| n + 1)
        );
        let chase_after = province.get("/api/v1/dashboard").await.json();
        assert_eq!(
            unit(&chase_after, "渝中区")["submitted"].as_i64(),
            unit(&chase_before, "渝中区")["submitted"]
                .as_i64()
                .map(|n| n + 1)
        );
    }
);
