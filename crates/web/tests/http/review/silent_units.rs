//! Each federation sees its direct subordinate units that have submitted nothing to the running
//! campaign yet; a unit leaves the list with its first submission.

use super::helpers::{content, current_campaign, submitted};
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_district_leaves_its_provinces_list_of_silent_units_once_a_post_submits,
    |app| {
        let mut province = app.signed_in("cq_reviewer").await;
        let before = province.get("/review").await;
        before
            .assert_contains("尚未投稿的下级单位（")
            .assert_contains("<li>渝中区</li>")
            .assert_contains("<li>沙坪坝区</li>");
        let mut national = app.signed_in("qg_reviewer").await;
        national
            .get("/review")
            .await
            .assert_contains("<li>重庆市</li>")
            .assert_contains("<li>四川省</li>");
        let mut district = app.signed_in("yz_reviewer").await;
        district
            .get("/review")
            .await
            .assert_contains("<li>急诊科护理组</li>")
            .assert_contains("<li>解放碑支行营业部</li>");

        let mut post = app.signed_in("gang_demo").await;
        submitted(&mut post, "第一篇投稿", &["正文。"]).await;

        province
            .get("/review")
            .await
            .assert_not_contains("<li>渝中区</li>")
            .assert_contains("<li>沙坪坝区</li>");
        national
            .get("/review")
            .await
            .assert_not_contains("<li>重庆市</li>")
            .assert_contains("<li>四川省</li>");
        district
            .get("/review")
            .await
            .assert_not_contains("<li>急诊科护理组</li>")
            .assert_contains("<li>解放碑支行营业部</li>");
    }
);

on_both_backends!(with_demo, a_draft_does_not_count_as_a_submission, |app| {
    let mut post = app.signed_in("gang_demo").await;
    let campaign = current_campaign(&mut post).await;
    let created = post
        .json(
            "POST",
            "/api/v1/articles",
            &serde_json::json!({"campaign_id": campaign,
                    "content": content("草稿", &["正文。"])}),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    app.signed_in("cq_reviewer")
        .await
        .get("/review")
        .await
        .assert_contains("<li>渝中区</li>");
});
