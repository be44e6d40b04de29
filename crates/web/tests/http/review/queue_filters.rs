//! The queue's filters: status, theme, subordinate unit and title search.

use super::helpers::{current_campaign, submitted};
use crate::support::org_id_anywhere;
use jinguo_testkit::on_both_backends;
use serde_json::json;

on_both_backends!(
    with_demo,
    a_reviewer_narrows_the_queue_by_theme_unit_and_title,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        submitted(&mut post, "守护岗的夜班", &["正文。"]).await;
        let campaign = current_campaign(&mut post).await;
        let created = post
            .json(
                "POST",
                "/api/v1/articles",
                &json!({"campaign_id": campaign, "content": {"title": "创业路上的姐妹", "themes": ["innovation"], "blocks": [{"type": "paragraph", "text": "正文。"}]}}),
            )
            .await;
        let article = created.json();
        let sent = post
            .json(
                "POST",
                &format!("/api/v1/articles/{}/submit", article["id"]),
                &json!({"version": article["version"]}),
            )
            .await;
        assert_eq!(sent.status, 200, "{}", sent.text);

        let mut district = app.signed_in("yz_reviewer").await;
        district
            .get("/review?theme=innovation")
            .await
            .assert_contains("创业路上的姐妹")
            .assert_not_contains("守护岗的夜班");
        district
            .get("/review?q=%E5%A4%9C%E7%8F%AD")
            .await
            .assert_contains("守护岗的夜班")
            .assert_not_contains("创业路上的姐妹");
        let own_post = org_id_anywhere(app, "P500103001").await;
        let other_post = org_id_anywhere(app, "P500103002").await;
        district
            .get(&format!("/review?unit={own_post}"))
            .await
            .assert_contains("守护岗的夜班")
            .assert_contains("创业路上的姐妹");
        district
            .get(&format!("/review?unit={other_post}"))
            .await
            .assert_contains("没有待处理的稿件")
            .assert_contains("急诊科护理组");
        district
            .get("/review?status=pending")
            .await
            .assert_contains("守护岗的夜班");
        let sichuan = org_id_anywhere(app, "51").await;
        assert_eq!(
            district
                .get(&format!("/review?unit={sichuan}"))
                .await
                .status,
            404
        );
    }
);
