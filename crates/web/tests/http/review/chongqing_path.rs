//! The whole Chongqing path: post → 渝中区 forwards → 重庆市 recommends and pushes → 全国 publishes,
//! features, and unpublishes with a reason; the post sees every step.

use super::helpers::{moved, review, submitted};
use super::list_helpers::push;
use jinguo_testkit::on_both_backends;

on_both_backends!(
    with_demo,
    an_article_travels_from_a_chongqing_post_to_national_publication,
    |app| {
        let mut post = app.signed_in("gang_demo").await;
        let id = submitted(&mut post, "急诊科的守护岗", &["疫情就是命令。"]).await;

        let mut district = app.signed_in("yz_reviewer").await;
        let queue = district.get("/review").await;
        queue
            .assert_contains("稿件审核（区县级）")
            .assert_contains("急诊科的守护岗")
            .assert_contains("批量通过上报")
            .assert_contains(">审核 <span class=\"badge badge-notice\" aria-hidden=\"true\">");
        let page = district.get(&format!("/review/{id}")).await;
        page.assert_contains("<p>疫情就是命令。</p>")
            .assert_contains("value=\"forward\"")
            .assert_contains("value=\"return\"")
            .assert_not_contains("value=\"recommend\"");
        moved(&mut district, id, "forward", "同意上报").await;
        district
            .get("/review")
            .await
            .assert_not_contains("急诊科的守护岗");
        post.get(&format!("/articles/{id}"))
            .await
            .assert_contains("重庆市（待审）")
            .assert_contains("通过上报（渝中区 → 重庆市）")
            .assert_contains("同意上报")
            // API tokens are for federations' integrations; a post's menu has no 接口令牌.
            .assert_not_contains("接口令牌");
        district.get("/workbench").await.assert_contains("接口令牌");

        let mut province = app.signed_in("cq_reviewer").await;
        province
            .get("/review")
            .await
            .assert_contains("稿件审核与推荐（省级）")
            .assert_contains("已推荐 0 / 30–50")
            .assert_contains("急诊科的守护岗");
        moved(&mut province, id, "recommend", "").await;
        province
            .get("/review")
            .await
            .assert_contains("已推荐 1 / 30–50");
        // National sees the list once pushed (below the minimum of 30: confirmed).
        assert_eq!(push(&mut province, true).await.status, 303);

        let mut national = app.signed_in("qg_reviewer").await;
        national
            .get("/review")
            .await
            .assert_contains("稿件复审与发布（全国）")
            .assert_contains("急诊科的守护岗");
        moved(&mut national, id, "publish", "").await;
        moved(&mut national, id, "feature", "").await;
        let unexplained = review(&mut national, id, "unpublish", "").await;
        assert_eq!(unexplained.status, 422, "{}", unexplained.text);
        unexplained.assert_contains("comment-error");
        moved(&mut national, id, "unpublish", "图片版权存疑").await;

        let history = post.get(&format!("/articles/{id}")).await;
        history
            .assert_contains("<strong>重庆市</strong>")
            .assert_contains("推荐（待审 → 已推荐）")
            .assert_contains("发布（已推荐 → 已发布）")
            .assert_contains("评为优秀（已发布 → 优秀展示）")
            .assert_contains("撤稿（优秀展示 → 已撤稿）")
            .assert_contains("图片版权存疑");
        // The province's list still counts what national published, but not what it took down.
        province
            .get("/review")
            .await
            .assert_contains("已推荐 0 / 30–50");
    }
);
