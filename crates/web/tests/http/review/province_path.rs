//! A post directly under a province: post → 北京市 (recommends and pushes) → 全国.

use super::helpers::{account_at, moved, submitted};
use super::list_helpers::push;
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    a_post_directly_under_a_province_goes_to_the_province_then_national,
    |app| {
        let mut post = account_at(app, "P11001", "xiehe_sub", "submitter").await;
        let mut beijing = account_at(app, "11", "bj_reviewer", "reviewer").await;
        let id = submitted(&mut post, "协和呼吸科的一天", &["清晨六点，查房开始。"]).await;
        post.get(&format!("/articles/{id}"))
            .await
            .assert_contains("北京市（待审）");
        beijing
            .get("/review")
            .await
            .assert_contains("协和呼吸科的一天");
        moved(&mut beijing, id, "recommend", "").await;
        assert_eq!(push(&mut beijing, true).await.status, 303);
        let mut national = app.signed_in("qg_reviewer").await;
        national
            .get("/review?status=recommended")
            .await
            .assert_contains("协和呼吸科的一天");
        moved(&mut national, id, "publish", "").await;
        post.get(&format!("/articles/{id}"))
            .await
            .assert_contains("已发布");
    }
);
