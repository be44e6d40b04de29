//! Each federation sees its direct subordinate units to chase in the running campaign (nothing
//! submitted yet, or below the minimum); a district leaves with its first submission.

use super::helpers::{content, current_campaign, submitted};
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_district_leaves_its_provinces_list_of_silent_units_once_a_post_submits,
    |app| {
        let mut province = app.signed_in("cq_reviewer").await;
        let before = province.get("/review").await;
        before
            .assert_contains("需要督促的下级单位（")
            .assert_contains(r#"data-chase="渝中区""#)
            .assert_contains(r#"data-chase="沙坪坝区""#);
        let mut national = app.signed_in("qg_reviewer").await;
        national
            .get("/review")
            .await
            .assert_contains(r#"data-chase="重庆市""#)
            .assert_contains(r#"data-chase="四川省""#);
        let mut district = app.signed_in("yz_reviewer").await;
        district
            .get("/review")
            .await
            .assert_contains(r#"data-chase="急诊科护理组""#)
            .assert_contains(r#"data-chase="解放碑支行营业部""#);

        let mut post = app.signed_in("gang_demo").await;
        submitted(&mut post, "第一篇投稿", &["正文。"]).await;

        province
            .get("/review")
            .await
            .assert_not_contains(r#"data-chase="渝中区""#)
            .assert_contains(r#"data-chase="沙坪坝区""#);
        // A province is chased until its list reaches the minimum: now for what it lacks.
        national
            .get("/review")
            .await
            .assert_contains(
                r#"data-chase="重庆市">重庆市 <span class="small muted">差 30 篇</span>"#,
            )
            .assert_contains(
                r#"data-chase="四川省">四川省 <span class="small muted">未投稿</span>"#,
            );
        district
            .get("/review")
            .await
            .assert_not_contains(r#"data-chase="急诊科护理组""#)
            .assert_contains(r#"data-chase="解放碑支行营业部""#);
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
        .assert_contains(r#"data-chase="渝中区""#);
});
